import Core

/// UpdateItem: an atomic read-modify-write of one item, creating it when absent.
extension DynamoDBEngine {
    func updateItem(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "UpdateItemInput")
        let tableName = try request.tableName()
        let keyMap = try request.requiredItem("Key")
        try request.checkLegacy(
            ["AttributeUpdates", "Expected", "ConditionalOperator"], expressions: ["UpdateExpression", "ConditionExpression"]
        )
        let expressions = try request.expressions([.update, .condition])
        let (returnValues, returnValuesText) = try ReturnValues.read(request, onlyOld: false)
        let (capacity, capacityText) = try CapacityReport.read(request)
        let returnOldOnFailure = try ConditionFailureReturn.read(request)
        try request.checkItemCollectionMetrics()

        let table = existingTable(tableName)
        let key = try table?.key.key(fromKey: keyMap)
        if let table, let update = expressions?.update {
            try update.checkKeyAttributesUntouched(table.key.attributes.map(\.name))
        }
        try authorizer.authorize(DynamoDBAccess(
            action: "dynamodb:UpdateItem", resource: tableARN(tableName, table), leadingKeys: key.map { [$0.partition.leadingKeyText] },
            attributes: expressions.map { sortedAttributeNames($0.attributeNames) },
            returnValues: returnValuesText, returnConsumedCapacity: capacityText
        ))

        let change = try found(table).update(
            key: keyMap, Self.updateTransform(keyMap: keyMap, expressions: expressions, returnOldOnFailure: returnOldOnFailure)
        )
        var response = JSONObject()
        if let attributes = returnValues.attributes(old: change.old, new: change.new, updated: expressions?.update?.targetPaths ?? []) {
            response["Attributes"] = attributes.wire
        }
        if let consumed = capacity.consumed(table: tableName, units: CapacityUnits.write(old: change.old, new: change.new)) {
            response["ConsumedCapacity"] = consumed
        }
        return .object(response)
    }

    /// What UpdateItem (alone or in a transaction) does to the current item: check the
    /// condition against it (the empty item when there is none), then apply the update to it
    /// or, for a new item, to its key. With no UpdateExpression the item is just its key
    /// when new and unchanged otherwise, as in DynamoDB.
    static func updateTransform(
        keyMap: Item, expressions: RequestExpressions?, returnOldOnFailure: Bool
    ) -> (Item?) throws(DynamoDBError) -> Item? {
        let condition = expressions?.condition
        let update = expressions?.update
        return { old throws(DynamoDBError) -> Item? in
            if let condition, !condition.evaluate(old ?? [:]) {
                throw .conditionalCheckFailed(item: returnOldOnFailure ? old : nil)
            }
            let base = old ?? keyMap
            guard let update else { return base }
            return try update.apply(to: base)
        }
    }
}
