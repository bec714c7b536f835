import Core

/// Query: one partition of a table or index, in sort-key order, a page at a time.
extension DynamoDBEngine {
    func query(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "QueryInput")
        let tableName = try request.tableName()
        let indexName = try request.string("IndexName")
        if let indexName { try TableName.check(indexName, member: "indexName") }
        try request.checkLegacy(
            ["KeyConditions", "QueryFilter", "ConditionalOperator", "AttributesToGet"],
            expressions: ["KeyConditionExpression", "FilterExpression", "ProjectionExpression"], supported: ["AttributesToGet"]
        )
        guard request.has("KeyConditionExpression") else {
            throw .validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        }
        let forward = try request.bool("ScanIndexForward") ?? true
        let limit = try request.integer("Limit")
        try Table.checkLimit(limit)
        let startKey = try request.item("ExclusiveStartKey")
        let consistent = try request.bool("ConsistentRead") ?? false
        let selectText = try request.enumeration("Select", allowed: ReadSelection.selectValues)
        let (capacity, capacityText) = try CapacityReport.read(request)

        // The key condition is read against the table's or index's key schema, so a
        // Query on a missing table or index is authorised without its partition key.
        let table = existingTable(tableName)
        let target = table.flatMap { Self.readTarget($0.definition, indexName: indexName) }
        var prepared: PreparedQuery?
        if let target {
            prepared = try PreparedQuery(request, target: target, consistent: consistent)
        }
        let resource = indexName.map { indexARN(tableName, table, index: $0) } ?? tableARN(tableName, table)
        try authorizer.authorize(DynamoDBAccess(
            action: "dynamodb:Query", resource: resource, leadingKeys: prepared.map { [$0.leadingKey] },
            attributes: prepared?.attributes, select: selectText, returnConsumedCapacity: capacityText
        ))

        let found = try found(table)
        guard let target, let prepared else {
            throw .validation("The table does not have the specified index: \(indexName ?? "")")
        }
        var bytes = 0
        let filter = prepared.expressions.filter
        let page = try found.query(
            index: indexName, partitionKey: prepared.keyCondition.partitionValue, sortKey: prepared.keyCondition.sortCondition,
            forward: forward, exclusiveStartKey: startKey, limit: limit
        ) { item throws(DynamoDBError) -> Bool in
            bytes += item.itemSize
            return filter?.evaluate(item) ?? true
        }
        var response = JSONObject()
        let items = prepared.selection.needsTableItems(index: target.index, tableKey: target.tableKey)
            ? found.completed(page.items) : page.items
        prepared.selection.render(items, into: &response)
        response["ScannedCount"] = .number(page.scannedCount)
        if let last = page.lastEvaluatedKey { response["LastEvaluatedKey"] = last.wire }
        let units = CapacityUnits.read(bytes: bytes, consistent: consistent)
        if let consumed = capacity.consumed(table: tableName, units: units, index: target.index.map { ($0.definition.name, $0.isGlobal) }) {
            response["ConsumedCapacity"] = consumed
        }
        return .object(response)
    }

    /// The key schema a read goes by, and the index it reads (nil for the table); nil when
    /// the table has no such index.
    static func readTarget(_ definition: TableDefinition, indexName: String?) -> ReadTarget? {
        let tableKey = definition.keySchema
        guard let indexName else {
            return ReadTarget(tableKey: tableKey, key: tableKey, types: definition, index: nil)
        }
        guard let index = definition.index(named: indexName) else { return nil }
        return ReadTarget(tableKey: tableKey, key: index.definition.keySchema, types: definition, index: index)
    }
}

/// The table or index a Query or Scan reads.
struct ReadTarget {
    let tableKey: KeySchema
    /// The key schema of what is read: the table's or the index's.
    let schema: QueryKeySchema
    let index: (definition: SecondaryIndexDefinition, isGlobal: Bool)?

    init(tableKey: KeySchema, key: KeySchema, types: TableDefinition, index: (definition: SecondaryIndexDefinition, isGlobal: Bool)?) {
        self.tableKey = tableKey
        schema = QueryKeySchema(
            partitionKey: key.partitionKey, sortKey: key.sortKey, partitionKeyType: types.type(of: key.partitionKey)?.rawValue,
            sortKeyType: key.sortKey.flatMap { types.type(of: $0)?.rawValue }
        )
        self.index = index
    }

    /// DynamoDB reads global indexes eventually consistently only.
    func checkConsistentRead(_ consistent: Bool) throws(DynamoDBError) {
        if consistent, index?.isGlobal == true {
            throw .validation("Consistent reads are not supported on global secondary indexes")
        }
    }
}

/// A Query's expressions and selection, checked against the key schema it reads.
struct PreparedQuery {
    let expressions: RequestExpressions
    let keyCondition: KeyCondition
    let selection: ReadSelection
    let leadingKey: String
    /// `dynamodb:Attributes`: only when the request names the attributes it wants.
    let attributes: [String]?

    init(_ request: OperationRequest, target: ReadTarget, consistent: Bool) throws(DynamoDBError) {
        guard let expressions = try request.expressions([.keyCondition, .filter, .projection], keySchema: target.schema),
              let keyCondition = expressions.keyCondition
        else { throw .validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.") }
        if let filter = expressions.filter {
            let used = filter.attributeNames
            for key in [target.schema.partitionKey, target.schema.sortKey].compactMap({ $0 }) where used.contains(key) {
                throw .validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: \(key)")
            }
        }
        let projection = try request.projection(expressions)
        selection = try ReadSelection(request, projection: projection, isQuery: true, hasIndex: target.index != nil)
        try selection.check(index: target.index)
        try target.checkConsistentRead(consistent)
        guard let partition = KeyScalar(keyCondition.partitionValue) else {
            throw .validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
        }
        self.expressions = expressions
        self.keyCondition = keyCondition
        leadingKey = partition.leadingKeyText
        attributes = projection.map { sortedAttributeNames(expressions.attributeNames.union($0.attributeNames)) }
    }
}

extension Table {
    /// Index items completed from the table (a local index fetching unprojected attributes).
    func completed(_ indexItems: [Item]) -> [Item] {
        indexItems.map { indexItem in
            guard let key = try? self.key.key(fromItem: indexItem), let item = self.item(at: key) else { return indexItem }
            return item
        }
    }
}

/// Scan: every item of a table or index (or of one segment), a page at a time. A Scan names
/// no partition, so its access has no `dynamodb:LeadingKeys`: `ForAllValues:` conditions
/// hold vacuously for it, which is why tenant policies never grant Scan.
extension DynamoDBEngine {
    func scan(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "ScanInput")
        let tableName = try request.tableName()
        let indexName = try request.string("IndexName")
        if let indexName { try TableName.check(indexName, member: "indexName") }
        try request.checkLegacy(
            ["ScanFilter", "ConditionalOperator", "AttributesToGet"],
            expressions: ["FilterExpression", "ProjectionExpression"], supported: ["AttributesToGet"]
        )
        let limit = try request.integer("Limit")
        try Table.checkLimit(limit)
        let segment = try request.integer("Segment")
        let totalSegments = try request.integer("TotalSegments")
        _ = try Table.checkSegment(segment, totalSegments)
        let startKey = try request.item("ExclusiveStartKey")
        let consistent = try request.bool("ConsistentRead") ?? false
        let (capacity, capacityText) = try CapacityReport.read(request)
        let expressions = try request.expressions([.filter, .projection])
        let projection = try request.projection(expressions)
        let selection = try ReadSelection(request, projection: projection, isQuery: false, hasIndex: indexName != nil)

        let table = existingTable(tableName)
        let target = table.flatMap { Self.readTarget($0.definition, indexName: indexName) }
        if let target {
            try selection.check(index: target.index)
            try target.checkConsistentRead(consistent)
        }
        let resource = indexName.map { indexARN(tableName, table, index: $0) } ?? tableARN(tableName, table)
        let attributes = projection.map { sortedAttributeNames((expressions?.attributeNames ?? []).union($0.attributeNames)) }
        try authorizer.authorize(DynamoDBAccess(
            action: "dynamodb:Scan", resource: resource, attributes: attributes, select: selection.selectText,
            returnConsumedCapacity: capacityText
        ))

        let found = try found(table)
        guard let target else { throw .validation("The table does not have the specified index: \(indexName ?? "")") }
        var bytes = 0
        let filter = expressions?.filter
        let page = try found.scan(
            index: indexName, segment: segment, totalSegments: totalSegments, exclusiveStartKey: startKey, limit: limit
        ) { item throws(DynamoDBError) -> Bool in
            bytes += item.itemSize
            return filter?.evaluate(item) ?? true
        }
        var response = JSONObject()
        let items = selection.needsTableItems(index: target.index, tableKey: target.tableKey) ? found.completed(page.items) : page.items
        selection.render(items, into: &response)
        response["ScannedCount"] = .number(page.scannedCount)
        if let last = page.lastEvaluatedKey { response["LastEvaluatedKey"] = last.wire }
        let units = CapacityUnits.read(bytes: bytes, consistent: consistent)
        if let consumed = capacity.consumed(table: tableName, units: units, index: target.index.map { ($0.definition.name, $0.isGlobal) }) {
            response["ConsumedCapacity"] = consumed
        }
        return .object(response)
    }
}
