/// All the expressions of one request, parsed together against the request's placeholder maps
/// so that placeholders are accounted for across them as DynamoDB does: a value defined for the
/// filter but used only by the projection is fine; one used by none is an error.
public struct RequestExpressions: Sendable {
    /// KeyConditionExpression (Query).
    public let keyCondition: KeyCondition?
    /// FilterExpression (Query, Scan).
    public let filter: ConditionExpression?
    /// ConditionExpression (PutItem, UpdateItem, DeleteItem, transactions).
    public let condition: ConditionExpression?
    /// ProjectionExpression (GetItem, Query, Scan, BatchGetItem).
    public let projection: ProjectionExpression?
    /// UpdateExpression (UpdateItem).
    public let update: UpdateExpression?

    /// Parses whichever expressions the request carries. `names` and `values` are the request's
    /// ExpressionAttributeNames and ExpressionAttributeValues (nil when absent). `keySchema` is
    /// required with `keyCondition`.
    ///
    /// Expressions are checked in the order update, condition, key condition, filter,
    /// projection; then the maps, for entries no expression used.
    public init(keyCondition: String? = nil, keySchema: QueryKeySchema? = nil, filter: String? = nil,
                condition: String? = nil, projection: String? = nil, update: String? = nil,
                names: [String: String]? = nil, values: [String: AttributeValue]? = nil) throws(DynamoDBError) {
        precondition(keyCondition == nil || keySchema != nil, "a key condition is validated against a key schema")
        let anyExpression = keyCondition != nil || filter != nil || condition != nil || projection != nil || update != nil
        if let names {
            guard anyExpression else { throw .validation("ExpressionAttributeNames can only be specified when using expressions") }
            guard !names.isEmpty else { throw .validation("ExpressionAttributeNames must not be empty") }
        }
        if let values {
            guard anyExpression else { throw .validation("ExpressionAttributeValues can only be specified when using expressions") }
            guard !values.isEmpty else { throw .validation("ExpressionAttributeValues must not be empty") }
        }
        let nameMap = names ?? [:], valueMap = values ?? [:]
        self.update = try update.map { (text) throws(DynamoDBError) in try UpdateExpression(text, names: nameMap, values: valueMap) }
        self.condition = try condition.map { (text) throws(DynamoDBError) in
            try ConditionExpression(text, kind: .condition, names: nameMap, values: valueMap)
        }
        if let keyCondition, let keySchema {
            self.keyCondition = try KeyCondition(keyCondition, schema: keySchema, names: nameMap, values: valueMap)
        } else {
            self.keyCondition = nil
        }
        self.filter = try filter.map { (text) throws(DynamoDBError) in
            try ConditionExpression(text, kind: .filter, names: nameMap, values: valueMap)
        }
        self.projection = try projection.map { (text) throws(DynamoDBError) in try ProjectionExpression(text, names: nameMap) }

        var used = PlaceholderUse()
        for use in [self.update?.placeholders, self.condition?.placeholders, self.keyCondition?.placeholders,
                    self.filter?.placeholders, self.projection?.placeholders].compactMap({ $0 }) {
            used.names.formUnion(use.names)
            used.values.formUnion(use.values)
        }
        let unusedNames = nameMap.keys.filter { !used.names.contains($0) }
        if !unusedNames.isEmpty {
            throw .validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {\(unusedNames.sorted().joined(separator: ", "))}")
        }
        let unusedValues = valueMap.keys.filter { !used.values.contains($0) }
        if !unusedValues.isEmpty {
            throw .validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {\(unusedValues.sorted().joined(separator: ", "))}")
        }
    }

    /// Top-level attributes the request reads: key condition keys, filter, condition,
    /// projection and the operands of SET actions.
    public var attributesRead: Set<String> {
        var names: Set<String> = []
        if let keyCondition {
            names.insert(keyCondition.partitionKeyName)
            if keyCondition.sortCondition != nil, let sortKey = keyCondition.sortKeyName { names.insert(sortKey) }
        }
        for expression in [filter, condition].compactMap({ $0 }) { names.formUnion(expression.attributeNames) }
        if let projection { names.formUnion(projection.attributeNames) }
        if let update { names.formUnion(update.attributesRead) }
        return names
    }

    /// Top-level attributes the request's update writes.
    public var attributesWritten: Set<String> {
        update?.attributesWritten ?? []
    }

    /// Every top-level attribute named by the request's expressions: the values the
    /// `dynamodb:Attributes` condition key is evaluated against.
    public var attributeNames: Set<String> {
        attributesRead.union(attributesWritten)
    }
}
