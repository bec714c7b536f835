import Core

/// ExecuteStatement: one PartiQL statement. Each statement is authorised as its PartiQL
/// action (`dynamodb:PartiQLSelect`, `PartiQLInsert`, `PartiQLUpdate`, `PartiQLDelete`) on
/// the table or index, with the condition keys of the item operation it amounts to (see
/// ``PreparedStatement``).
extension DynamoDBEngine {
    func executeStatement(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "ExecuteStatementInput")
        let parsed = try Self.statement(request)
        let consistent = try request.bool("ConsistentRead") ?? false
        let limit = try request.integer("Limit")
        try Table.checkLimit(limit)
        let nextToken = try request.string("NextToken")
        let (capacity, capacityText) = try CapacityReport.read(request)
        let returnOldOnFailure = try ConditionFailureReturn.read(request)

        let prepared = try prepare(parsed, consistent: consistent, capacity: capacityText)
        try authorizer.authorize(prepared.access)
        let table = try found(prepared.table)
        var response = JSONObject()
        switch parsed {
        case .select:
            let startKey = try nextToken.map { token throws(DynamoDBError) in try Self.startKey(fromNextToken: token) }
            let (items, page, bytes) = try select(prepared, table: table, startKey: startKey, limit: limit)
            response["Items"] = .array(items.map(\.wire))
            if let last = page.lastEvaluatedKey {
                response["NextToken"] = .string(Self.nextToken(last))
                response["LastEvaluatedKey"] = last.wire
            }
            let index = prepared.read?.target.index.map { ($0.definition.name, $0.isGlobal) }
            if let consumed = capacity.consumed(table: table.name, units: CapacityUnits.read(bytes: bytes, consistent: consistent), index: index) {
                response["ConsumedCapacity"] = consumed
            }
        default:
            let (change, returned) = try write(prepared, table: table, returnOldOnFailure: returnOldOnFailure)
            response["Items"] = .array(returned.map { [$0.wire] } ?? [])
            if let consumed = capacity.consumed(table: table.name, units: CapacityUnits.write(old: change.old, new: change.new)) {
                response["ConsumedCapacity"] = consumed
            }
        }
        return .object(response)
    }

    /// The request's `Statement` (1 to 8192 characters) parsed with its `Parameters`.
    static func statement(_ request: OperationRequest) throws(DynamoDBError) -> PartiQLStatement {
        guard let text = try request.string("Statement") else { throw TableRequestReader.notNull(request.memberPath("statement")) }
        if text.isEmpty {
            throw TableRequestReader.constraint("''", at: request.memberPath("statement"), "Member must have length greater than or equal to 1")
        }
        if text.utf8.count > PartiQLParser.maximumLength {
            throw TableRequestReader.constraint(
                "'\(text.prefix(32))...'", at: request.memberPath("statement"), "Member must have length less than or equal to \(PartiQLParser.maximumLength)"
            )
        }
        var parameters: [AttributeValue] = []
        if let wire = try request.array("Parameters") {
            if wire.isEmpty {
                throw TableRequestReader.constraint("'[]'", at: request.memberPath("parameters"), "Member must have length greater than or equal to 1")
            }
            for (position, value) in wire.enumerated() {
                parameters.append(try AttributeValue(wire: value, path: "\(request.memberPath("parameters")).\(position + 1).member"))
            }
        }
        return try PartiQLParser.parse(text, parameters: parameters)
    }

    /// `statement` checked against its table, its access built from the names alone when
    /// the table is missing.
    func prepare(_ statement: PartiQLStatement, consistent: Bool, capacity: String?) throws(DynamoDBError) -> PreparedStatement {
        let name = statement.tableName
        try TableName.check(name, member: "tableName")
        let table = existingTable(name)
        var resource = tableARN(name, table)
        if case .select(let select) = statement, let index = select.index {
            try TableName.check(index, member: "indexName")
            resource = indexARN(name, table, index: index)
        }
        return try PreparedStatement(statement, table: table, resource: resource, consistent: consistent, capacity: capacity)
    }

    /// A SELECT's page: a Query of its partition, or a Scan, filtered by its whole WHERE
    /// (key terms included, which the key condition already holds for) and projected.
    func select(
        _ prepared: PreparedStatement, table: Table, startKey: Item?, limit: Int?
    ) throws(DynamoDBError) -> (items: [Item], page: ReadPage, bytes: Int) {
        guard case .select(let query) = prepared.statement, let read = prepared.read else { return ([], ReadPage(items: [], scannedCount: 0, lastEvaluatedKey: nil), 0) }
        var bytes = 0
        let condition = query.condition
        let filter = { (item: Item) throws(DynamoDBError) -> Bool in
            bytes += item.itemSize
            return condition?.evaluate(item) ?? true
        }
        let index = read.target.index?.definition.name
        let page: ReadPage
        if let partition = read.partition {
            page = try table.query(index: index, partitionKey: partition, sortKey: read.sortKey, exclusiveStartKey: startKey, limit: limit, filter: filter)
        } else {
            page = try table.scan(index: index, exclusiveStartKey: startKey, limit: limit, filter: filter)
        }
        // A local index answers with the table's items, as for Select ALL_ATTRIBUTES.
        var items = read.target.index.map { $0.isGlobal } == false ? table.completed(page.items) : page.items
        if let paths = query.projection {
            let projection = ProjectionExpression(paths: paths)
            items = items.map { projection.apply(to: $0) }
        }
        return (items, page, bytes)
    }

    /// Runs an INSERT, UPDATE or DELETE; returns the change and what its RETURNING asks for.
    func write(_ prepared: PreparedStatement, table: Table, returnOldOnFailure: Bool) throws(DynamoDBError) -> (ItemChange, Item?) {
        switch prepared.statement {
        case .insert(_, let item):
            try table.put(item, check: Self.insertCheck)
            return (ItemChange(old: nil, new: item), nil)
        case .update(_, let actions, _, let returning):
            let change = try table.update(key: prepared.keyMap ?? [:], Self.updateTransform(prepared, actions: actions, returnOldOnFailure: returnOldOnFailure))
            let update = UpdateExpression(actions: actions)
            return (change, returning.attributes(old: change.old, new: change.new, updated: update.targetPaths))
        case .delete(_, _, let returning):
            let old = try table.delete(key: prepared.keyMap ?? [:], check: Self.deleteCheck(prepared, returnOldOnFailure: returnOldOnFailure))
            return (ItemChange(old: old, new: nil), returning == .allOld ? old : nil)
        case .select:
            return (ItemChange(old: nil, new: nil), nil)
        }
    }

    /// INSERT fails when an item with its key exists.
    static func insertCheck(_ old: Item?) throws(DynamoDBError) {
        if old != nil { throw DynamoDBError(code: "DuplicateItemException", message: "Duplicate primary key exists in table") }
    }

    /// UPDATE changes an existing item only, and only when the WHERE's other terms hold.
    static func updateTransform(
        _ prepared: PreparedStatement, actions: [UpdateAction], returnOldOnFailure: Bool
    ) -> (Item?) throws(DynamoDBError) -> Item? {
        let update = UpdateExpression(actions: actions)
        let condition = prepared.condition
        return { old throws(DynamoDBError) -> Item? in
            guard let old, condition?.evaluate(old) ?? true else {
                throw .conditionalCheckFailed(item: returnOldOnFailure ? old : nil)
            }
            return try update.apply(to: old)
        }
    }

    /// DELETE of a missing item is no error, unless the WHERE says more than the key.
    static func deleteCheck(_ prepared: PreparedStatement, returnOldOnFailure: Bool) -> (Item?) throws(DynamoDBError) -> Void {
        let condition = prepared.condition
        return { old throws(DynamoDBError) in
            guard let condition else { return }
            guard let old, condition.evaluate(old) else { throw .conditionalCheckFailed(item: returnOldOnFailure ? old : nil) }
        }
    }

    /// `NextToken`: the page's LastEvaluatedKey, as base64 of its wire JSON.
    static func nextToken(_ key: Item) -> String {
        Base64.encode(key.wire.serializedBytes(sortedKeys: true))
    }

    static func startKey(fromNextToken token: String) throws(DynamoDBError) -> Item {
        guard let bytes = Base64.decode(token), let json = try? JSON.parse(bytes: bytes, maxDepth: 40),
              let key = try? Item(wire: json, member: "NextToken")
        else { throw .validation("Invalid NextToken") }
        return key
    }
}
