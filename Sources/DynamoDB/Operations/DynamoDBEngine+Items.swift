import Core

/// PutItem, GetItem and DeleteItem. Each names one item, so its access carries that item's
/// partition key as `dynamodb:LeadingKeys`; the key is validated against the table's schema
/// before authorising, because the key's partition value is what is authorised.
extension DynamoDBEngine {
    func putItem(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "PutItemInput")
        let tableName = try request.tableName()
        let item = try request.requiredItem("Item")
        try request.checkLegacy(["Expected", "ConditionalOperator"], expressions: ["ConditionExpression"])
        let expressions = try request.expressions(.condition)
        let (returnValues, returnValuesText) = try ReturnValues.read(request, onlyOld: true)
        let (capacity, capacityText) = try CapacityReport.read(request)
        let returnOldOnFailure = try ConditionFailureReturn.read(request)
        try request.checkItemCollectionMetrics()

        let table = existingTable(tableName)
        let key = try table?.key.key(fromItem: item)
        var attributes = sortedAttributeNames(item.keys)
        if let read = expressions?.attributeNames, !read.isSubset(of: item.keys) {
            attributes = sortedAttributeNames(read.union(item.keys))
        }
        try authorizer.authorize(DynamoDBAccess(
            action: "dynamodb:PutItem", resource: tableARN(tableName, table), leadingKeys: key.map { [$0.partition.leadingKeyText] },
            attributes: attributes, returnValues: returnValuesText, returnConsumedCapacity: capacityText
        ))

        let check = expressions?.condition.map { ConditionFailureReturn.check($0, returningOld: returnOldOnFailure) }
        let old = try found(table).put(item, check: check)
        var response = JSONObject()
        if returnValues == .allOld, let old { response["Attributes"] = old.wire }
        if let consumed = capacity.consumed(table: tableName, units: CapacityUnits.write(old: old, new: item)) {
            response["ConsumedCapacity"] = consumed
        }
        return .object(response)
    }

    func getItem(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "GetItemInput")
        let tableName = try request.tableName()
        let keyMap = try request.requiredItem("Key")
        try request.checkLegacy(["AttributesToGet"], expressions: ["ProjectionExpression"], supported: ["AttributesToGet"])
        let expressions = try request.expressions(.projection)
        let projection = try request.projection(expressions)
        let consistent = try request.bool("ConsistentRead") ?? false
        let (capacity, capacityText) = try CapacityReport.read(request)

        let table = existingTable(tableName)
        let key = try table?.key.key(fromKey: keyMap)
        try authorizer.authorize(DynamoDBAccess(
            action: "dynamodb:GetItem", resource: tableARN(tableName, table), leadingKeys: key.map { [$0.partition.leadingKeyText] },
            attributes: projection.map { sortedAttributeNames($0.attributeNames) }, returnConsumedCapacity: capacityText
        ))

        guard let table, let key else { throw .resourceNotFound() }
        let item = table.item(at: key)
        var response = JSONObject()
        if let item { response["Item"] = (projection?.apply(to: item) ?? item).wire }
        if let consumed = capacity.consumed(table: tableName, units: CapacityUnits.read(bytes: item?.itemSize ?? 0, consistent: consistent)) {
            response["ConsumedCapacity"] = consumed
        }
        return .object(response)
    }

    func deleteItem(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "DeleteItemInput")
        let tableName = try request.tableName()
        let keyMap = try request.requiredItem("Key")
        try request.checkLegacy(["Expected", "ConditionalOperator"], expressions: ["ConditionExpression"])
        let expressions = try request.expressions(.condition)
        let (returnValues, returnValuesText) = try ReturnValues.read(request, onlyOld: true)
        let (capacity, capacityText) = try CapacityReport.read(request)
        let returnOldOnFailure = try ConditionFailureReturn.read(request)
        try request.checkItemCollectionMetrics()

        let table = existingTable(tableName)
        let key = try table?.key.key(fromKey: keyMap)
        try authorizer.authorize(DynamoDBAccess(
            action: "dynamodb:DeleteItem", resource: tableARN(tableName, table), leadingKeys: key.map { [$0.partition.leadingKeyText] },
            attributes: expressions.map { sortedAttributeNames($0.attributeNames) },
            returnValues: returnValuesText, returnConsumedCapacity: capacityText
        ))

        let check = expressions?.condition.map { ConditionFailureReturn.check($0, returningOld: returnOldOnFailure) }
        let old = try found(table).delete(key: keyMap, check: check)
        var response = JSONObject()
        if returnValues == .allOld, let old { response["Attributes"] = old.wire }
        if let consumed = capacity.consumed(table: tableName, units: CapacityUnits.write(old: old, new: nil)) {
            response["ConsumedCapacity"] = consumed
        }
        return .object(response)
    }
}

extension Table {
    /// The item at an already validated key (GetItem checks the key before authorising, so
    /// it is not checked twice).
    func item(at key: PrimaryKey) -> Item? {
        state.withLock { $0.get(key)?.item }
    }
}
