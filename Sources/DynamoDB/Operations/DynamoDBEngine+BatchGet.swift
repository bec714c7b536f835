import Core

/// BatchGetItem: up to 100 items from any number of tables, authorised per table as
/// `dynamodb:BatchGetItem` with every partition key it names for that table, so one key of
/// another tenant refuses the whole batch.
extension DynamoDBEngine {
    /// One table's part of a BatchGetItem.
    private struct TableReads {
        let tableName: String
        let keyMaps: [Item]
        let projection: ProjectionExpression?
        let consistent: Bool
    }

    func batchGetItem(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "BatchGetItemInput")
        guard let requestItems = try request.members("RequestItems") else { throw TableRequestReader.notNull("requestItems") }
        if requestItems.isEmpty {
            throw TableRequestReader.constraint("'{}'", at: "requestItems", "Member must have length greater than or equal to 1")
        }
        let (capacity, capacityText) = try CapacityReport.read(request)
        var reads: [TableReads] = []
        var keyCount = 0
        for (tableName, value) in requestItems {
            try TableName.check(tableName, member: "requestItems")
            let entry = try OperationRequest(value, input: "KeysAndAttributes", path: "requestItems.\(tableName).member")
            guard let elements = try entry.array("Keys") else { throw TableRequestReader.notNull(entry.memberPath("keys")) }
            if elements.isEmpty {
                throw TableRequestReader.constraint("'[]'", at: entry.memberPath("keys"), "Member must have length greater than or equal to 1")
            }
            keyCount += elements.count
            if keyCount > 100 { throw .validation("Too many items requested for the BatchGetItem call") }
            var keyMaps: [Item] = []
            for element in elements { keyMaps.append(try Item(wire: element, member: "Keys")) }
            try entry.checkLegacy(["AttributesToGet"], expressions: ["ProjectionExpression"], supported: ["AttributesToGet"])
            let projection = try entry.projection(try entry.expressions(.projection))
            let consistent = try entry.bool("ConsistentRead") ?? false
            reads.append(TableReads(tableName: tableName, keyMaps: keyMaps, projection: projection, consistent: consistent))
        }

        // Keys are checked against each existing table's schema, duplicates refused, then
        // every table authorised before any is read.
        var targets: [(table: Table?, keys: [PrimaryKey])] = []
        for read in reads {
            let table = existingTable(read.tableName)
            var keys: [PrimaryKey] = []
            if let table {
                var seen: Set<PrimaryKey> = []
                for keyMap in read.keyMaps {
                    let key = try table.key.key(fromKey: keyMap)
                    guard seen.insert(key).inserted else { throw .validation("Provided list of item keys contains duplicates") }
                    keys.append(key)
                }
            }
            targets.append((table, keys))
        }
        for (read, target) in zip(reads, targets) {
            try authorizer.authorize(DynamoDBAccess(
                action: "dynamodb:BatchGetItem", resource: tableARN(read.tableName, target.table),
                leadingKeys: target.table.map { _ in uniqueLeadingKeys(target.keys) },
                attributes: read.projection.map { sortedAttributeNames($0.attributeNames) }, returnConsumedCapacity: capacityText
            ))
        }

        var responses = JSONObject()
        var consumed: [JSON] = []
        for (read, target) in zip(reads, targets) {
            let table = try found(target.table)
            var items: [JSON] = []
            var units = 0.0
            for key in target.keys {
                let item = table.item(at: key)
                units += CapacityUnits.read(bytes: item?.itemSize ?? 0, consistent: read.consistent)
                if let item { items.append((read.projection?.apply(to: item) ?? item).wire) }
            }
            responses[read.tableName] = .array(items)
            if let report = capacity.consumed(table: read.tableName, units: units) { consumed.append(report) }
        }
        var response: JSONObject = ["Responses": .object(responses), "UnprocessedKeys": .object(JSONObject())]
        if capacity != .none { response["ConsumedCapacity"] = .array(consumed) }
        return .object(response)
    }
}

/// Every partition key value among `keys`, once each, in request order.
func uniqueLeadingKeys(_ keys: [PrimaryKey]) -> [String] {
    var seen: Set<String> = []
    var texts: [String] = []
    for key in keys {
        let text = key.partition.leadingKeyText
        if seen.insert(text).inserted { texts.append(text) }
    }
    return texts
}
