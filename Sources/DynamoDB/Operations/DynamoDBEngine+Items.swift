import Core

/// PutItem, GetItem, DeleteItem and (below) UpdateItem. Each names one item, so its access
/// carries that item's partition key as `dynamodb:LeadingKeys`; the key is validated against
/// the table's schema before authorising, because the key's partition value is what is
/// authorised.
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
        // What the put writes, and what its condition reads: both are attributes it touches.
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

/// Typed entry points for callers that already hold items rather than JSON: in-process code
/// and `saaslab bench`. They authorise exactly as the JSON operations do (same action,
/// resource, leading keys and attributes), then skip the request and response JSON.
///
/// For a benchmark: create the table once through ``DynamoDBEngine/handle(_:input:authorizer:)``
/// (`CreateTable`), then call these in the timed loop with ``AllowAllDynamoDBAccess`` (or a
/// real authoriser, to include IAM's cost).
extension DynamoDBEngine {
    /// PutItem of `item` into `tableName`, unconditionally; returns the item it replaced.
    @discardableResult
    public func putItem(
        _ item: Item, into tableName: String, authorizer: any DynamoDBAuthorizer = AllowAllDynamoDBAccess()
    ) throws(DynamoDBError) -> Item? {
        let table = existingTable(tableName)
        let key = try table?.key.key(fromItem: item)
        try authorizer.authorize(DynamoDBAccess(
            action: "dynamodb:PutItem", resource: tableARN(tableName, table), leadingKeys: key.map { [$0.partition.leadingKeyText] },
            attributes: sortedAttributeNames(item.keys)
        ))
        return try found(table).put(item)
    }

    /// GetItem of the item at `key` (the key attributes only) in `tableName`, or nil.
    public func getItem(
        _ key: Item, from tableName: String, authorizer: any DynamoDBAuthorizer = AllowAllDynamoDBAccess()
    ) throws(DynamoDBError) -> Item? {
        let table = existingTable(tableName)
        let primaryKey = try table?.key.key(fromKey: key)
        try authorizer.authorize(DynamoDBAccess(
            action: "dynamodb:GetItem", resource: tableARN(tableName, table),
            leadingKeys: primaryKey.map { [$0.partition.leadingKeyText] }
        ))
        guard let table, let primaryKey else { throw .resourceNotFound() }
        return table.item(at: primaryKey)
    }
}
