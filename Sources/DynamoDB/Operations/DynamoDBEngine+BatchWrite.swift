import Core

/// BatchWriteItem: up to 25 puts and deletes across tables. AWS authorises the batch action
/// itself, so each table gets one `dynamodb:BatchWriteItem` access carrying every partition
/// key the batch names for it.
///
/// DynamoDB does not promise atomicity here, but every write is checked before any is made,
/// so a refused or invalid batch writes nothing; the engine then applies the writes under
/// the tables' locks as one step and never has unprocessed items.
extension DynamoDBEngine {
    /// One PutRequest or DeleteRequest.
    private struct BatchWrite {
        let tableName: String
        /// The item to put, or nil for a delete.
        let item: Item?
        /// A delete's key map; a put's key comes from its item.
        let keyMap: Item?
    }

    func batchWriteItem(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "BatchWriteItemInput")
        guard let requestItems = try request.members("RequestItems") else { throw TableRequestReader.notNull("requestItems") }
        if requestItems.isEmpty {
            throw TableRequestReader.constraint("'{}'", at: "requestItems", "Member must have length greater than or equal to 1")
        }
        let (capacity, capacityText) = try CapacityReport.read(request)
        try request.checkItemCollectionMetrics()
        var writes: [BatchWrite] = []
        for (tableName, value) in requestItems {
            try TableName.check(tableName, member: "requestItems")
            guard case .array(let elements) = value else {
                throw TableRequestReader.mismatch(value, expected: "a List", member: "requestItems.\(tableName)")
            }
            guard (1...25).contains(elements.count) else {
                throw .validation(
                    "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"
                )
            }
            for (offset, element) in elements.enumerated() {
                writes.append(try Self.batchWrite(element, tableName: tableName, path: "requestItems.\(tableName).member.\(offset + 1).member"))
            }
        }
        if writes.count > 25 { throw .validation("Too many items requested for the BatchWriteItem call") }

        // Keys against each existing table's schema, one write per item, then every table
        // authorised before anything is written.
        var tables: [String: Table?] = [:]
        var order: [String] = []
        var keysByTable: [String: [PrimaryKey]] = [:]
        var seen: Set<TransactionTarget> = []
        for write in writes {
            if tables[write.tableName] == nil {
                tables[write.tableName] = .some(existingTable(write.tableName))
                order.append(write.tableName)
            }
            guard let table = tables[write.tableName] ?? nil else { continue }
            let key = if let item = write.item { try table.key.key(fromItem: item) } else { try table.key.key(fromKey: write.keyMap ?? [:]) }
            guard seen.insert(TransactionTarget(table: write.tableName, key: key)).inserted else {
                throw .validation("Provided list of item keys contains duplicates")
            }
            keysByTable[write.tableName, default: []].append(key)
        }
        for name in order {
            let table = tables[name] ?? nil
            try authorizer.authorize(DynamoDBAccess(
                action: "dynamodb:BatchWriteItem", resource: tableARN(name, table),
                leadingKeys: table.map { _ in uniqueLeadingKeys(keysByTable[name] ?? []) }, returnConsumedCapacity: capacityText
            ))
        }
        for name in order { _ = try found(tables[name] ?? nil) }

        let changes: [ItemChange]
        do throws(DynamoDBError) {
            changes = try catalog.transactWrite(writes.map { (write) -> TransactionWrite in
                if let item = write.item { return .put(tableName: write.tableName, item: item) }
                return .delete(tableName: write.tableName, key: write.keyMap ?? [:])
            })
        } catch where error.code == "TransactionCanceledException" {
            // Not a transaction to the caller: report the first invalid write as itself.
            let reason = error.cancellationReasons.first { $0.code != "None" }
            throw .validation(reason?.message ?? error.message)
        }
        var response: JSONObject = ["UnprocessedItems": .object(JSONObject())]
        if capacity != .none {
            var units: [String: Double] = [:]
            for (write, change) in zip(writes, changes) { units[write.tableName, default: 0] += CapacityUnits.write(old: change.old, new: change.new) }
            response["ConsumedCapacity"] = .array(order.compactMap { capacity.consumed(table: $0, units: units[$0] ?? 0) })
        }
        return .object(response)
    }

    /// Reads one WriteRequest: exactly one of PutRequest (with Item) and DeleteRequest (with
    /// Key).
    private static func batchWrite(_ json: JSON, tableName: String, path: String) throws(DynamoDBError) -> BatchWrite {
        let element = try OperationRequest(json, input: "WriteRequest", path: path)
        switch (element.present("PutRequest"), element.present("DeleteRequest")) {
        case (let put?, nil):
            let request = try OperationRequest(put, input: "PutRequest", path: element.memberPath("putRequest"))
            return BatchWrite(tableName: tableName, item: try request.requiredItem("Item"), keyMap: nil)
        case (nil, let delete?):
            let request = try OperationRequest(delete, input: "DeleteRequest", path: element.memberPath("deleteRequest"))
            return BatchWrite(tableName: tableName, item: nil, keyMap: try request.requiredItem("Key"))
        default:
            throw .validation("Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest")
        }
    }
}
