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
