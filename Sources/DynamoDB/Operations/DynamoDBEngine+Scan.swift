import Core

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
