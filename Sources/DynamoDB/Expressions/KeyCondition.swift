/// The key schema a Query's key condition is checked against: the table's or the index's.
public struct QueryKeySchema: Sendable, Hashable {
    /// The partition (HASH) key attribute.
    public let partitionKey: String
    /// The sort (RANGE) key attribute, if the table or index has one.
    public let sortKey: String?
    /// Declared scalar types (`S`, `N`, `B`), when known, so mismatched values are refused.
    public let partitionKeyType: String?
    /// The sort key's declared type, when known.
    public let sortKeyType: String?

    /// A schema by attribute names and, optionally, their declared types.
    public init(partitionKey: String, sortKey: String? = nil, partitionKeyType: String? = nil, sortKeyType: String? = nil) {
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.partitionKeyType = partitionKeyType
        self.sortKeyType = sortKeyType
    }
}

/// Evaluating a key condition's sort-key half on a value (the store reads ranges instead).
extension SortKeyCondition {
    /// Whether a sort-key value satisfies the condition (same type required, as in DynamoDB).
    public func matches(_ value: AttributeValue) -> Bool {
        switch self {
        case .equal(let bound): return AttributeValue.compareScalars(value, bound) == 0
        case .lessThan(let bound): return AttributeValue.compareScalars(value, bound).map { $0 < 0 } ?? false
        case .lessThanOrEqual(let bound): return AttributeValue.compareScalars(value, bound).map { $0 <= 0 } ?? false
        case .greaterThan(let bound): return AttributeValue.compareScalars(value, bound).map { $0 > 0 } ?? false
        case .greaterThanOrEqual(let bound): return AttributeValue.compareScalars(value, bound).map { $0 >= 0 } ?? false
        case .between(let low, let high):
            guard let fromLow = AttributeValue.compareScalars(value, low), let toHigh = AttributeValue.compareScalars(value, high) else {
                return false
            }
            return fromLow >= 0 && toHigh <= 0
        case .beginsWith(let prefix): return value.begins(with: prefix)
        }
    }

    /// The values the condition carries, for type checks against the key schema.
    var operands: [AttributeValue] {
        switch self {
        case .equal(let v), .lessThan(let v), .lessThanOrEqual(let v), .greaterThan(let v), .greaterThanOrEqual(let v), .beginsWith(let v): [v]
        case .between(let low, let high): [low, high]
        }
    }
}

/// A Query's KeyConditionExpression, validated against the key schema and reduced to what the
/// store needs: one partition and an optional sort-key range.
public struct KeyCondition: Sendable, Equatable {
    /// The partition key attribute the condition pins.
    public let partitionKeyName: String
    /// The one partition the Query reads.
    public let partitionValue: AttributeValue
    /// The schema's sort key, when the table or index has one.
    public let sortKeyName: String?
    /// The range within the partition; nil reads the whole partition.
    public let sortCondition: SortKeyCondition?
    let placeholders: PlaceholderUse

    /// A key condition built directly (by stores and tests), not parsed.
    public init(partitionKeyName: String, partitionValue: AttributeValue, sortKeyName: String? = nil,
                sortCondition: SortKeyCondition? = nil) {
        self.partitionKeyName = partitionKeyName
        self.partitionValue = partitionValue
        self.sortKeyName = sortKeyName
        self.sortCondition = sortCondition
        placeholders = PlaceholderUse()
    }

    /// Parses and validates `text` against `schema`, with DynamoDB's messages for conditions a
    /// Query cannot serve.
    public init(_ text: String, schema: QueryKeySchema, names: [String: String] = [:],
                values: [String: AttributeValue] = [:]) throws(DynamoDBError) {
        var parser = ExpressionParser(text, kind: .keyCondition, names: names, values: values)
        let root: ConditionNode
        do {
            root = try parser.parseConditionExpression()
        } catch {
            throw ExpressionKind.keyCondition.invalid(error)
        }
        var leaves: [KeyConditionLeaf] = []
        try KeyConditionLeaf.collect(root, into: &leaves)
        var seen: Set<String> = []
        for leaf in leaves where !seen.insert(leaf.attribute).inserted {
            throw .validation("Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key")
        }
        guard let partition = leaves.first(where: { $0.attribute == schema.partitionKey }) else {
            throw .validation("Query condition missed key schema element: \(schema.partitionKey)")
        }
        if leaves.contains(where: { $0.attribute != schema.partitionKey && $0.attribute != schema.sortKey }) {
            if let sortKey = schema.sortKey { throw .validation("Query condition missed key schema element: \(sortKey)") }
            throw .validation("Query key condition not supported")
        }
        guard case .equal(let partitionValue) = partition.condition else {
            throw .validation("Query key condition not supported")
        }
        let sort = leaves.first { $0.attribute != schema.partitionKey }
        try Self.checkType(of: [partitionValue], against: schema.partitionKeyType)
        try Self.checkType(of: sort?.condition.operands ?? [], against: schema.sortKeyType)
        partitionKeyName = schema.partitionKey
        self.partitionValue = partitionValue
        sortKeyName = schema.sortKey
        sortCondition = sort?.condition
        placeholders = PlaceholderUse(parser)
    }

    private static func checkType(of values: [AttributeValue], against declared: String?) throws(DynamoDBError) {
        guard let declared else { return }
        for value in values where value.typeName != declared {
            throw .validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
        }
    }

    /// Whether an item's key satisfies the condition (for stores that filter rather than seek).
    public func matches(_ item: Item) -> Bool {
        guard let partition = item[partitionKeyName], partition.matches(partitionValue) else { return false }
        guard let sortCondition else { return true }
        guard let sortKeyName, let sortValue = item[sortKeyName] else { return false }
        return sortCondition.matches(sortValue)
    }
}

/// One `key <op> value` conjunct of a key condition.
struct KeyConditionLeaf {
    let attribute: String
    let condition: SortKeyCondition

    /// Flattens the `AND`s, refusing every construct a key condition may not contain.
    static func collect(_ node: ConditionNode, into leaves: inout [KeyConditionLeaf]) throws(DynamoDBError) {
        switch node {
        case .and(let a, let b):
            try collect(a, into: &leaves)
            try collect(b, into: &leaves)
        case .or: throw invalidOperator("OR")
        case .not: throw invalidOperator("NOT")
        case .isIn: throw invalidOperator("IN")
        case .attributeExists: throw invalidOperator("attribute_exists")
        case .attributeNotExists: throw invalidOperator("attribute_not_exists")
        case .attributeType: throw invalidOperator("attribute_type")
        case .contains: throw invalidOperator("contains")
        case .compare(.notEqual, _, _): throw invalidOperator("<>")
        case .compare(let comparator, let a, let b):
            let (attribute, value, mirrored) = try keyAndValue(a, b)
            let op = mirrored ? comparator.mirrored : comparator
            let condition: SortKeyCondition = switch op {
            case .equal, .notEqual: .equal(value)
            case .less: .lessThan(value)
            case .lessOrEqual: .lessThanOrEqual(value)
            case .greater: .greaterThan(value)
            case .greaterOrEqual: .greaterThanOrEqual(value)
            }
            leaves.append(KeyConditionLeaf(attribute: attribute, condition: condition))
        case .between(let subject, let low, let high):
            guard case .value(let lower) = low, case .value(let upper) = high else {
                throw invalidCondition("Multiple attribute names used in one condition")
            }
            let attribute = try keyAttribute(subject)
            leaves.append(KeyConditionLeaf(attribute: attribute, condition: .between(lower, upper)))
        case .beginsWith(let a, let b):
            let (attribute, prefix, _) = try keyAndValue(a, b)
            leaves.append(KeyConditionLeaf(attribute: attribute, condition: .beginsWith(prefix)))
        case .invalid:
            throw invalidOperator("?")
        }
    }

    /// The attribute and value of a two-operand condition, and whether they came value first.
    private static func keyAndValue(_ a: Operand, _ b: Operand) throws(DynamoDBError) -> (String, AttributeValue, Bool) {
        switch (a, b) {
        case (.size, _), (_, .size): throw invalidOperator("size")
        case (.path, .path): throw invalidCondition("Multiple attribute names used in one condition")
        case (.value, .value): throw invalidCondition("No key attribute specified")
        case (.path, .value(let value)): return (try keyAttribute(a), value, false)
        case (.value(let value), .path): return (try keyAttribute(b), value, true)
        }
    }

    private static func keyAttribute(_ operand: Operand) throws(DynamoDBError) -> String {
        switch operand {
        case .size: throw invalidOperator("size")
        case .value: throw invalidCondition("No key attribute specified")
        case .path(let path):
            guard !path.isNested else {
                throw .validation("Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes")
            }
            return path.topLevelAttribute
        }
    }

    private static func invalidOperator(_ name: String) -> DynamoDBError {
        .validation("Invalid operator used in KeyConditionExpression: \(name)")
    }

    private static func invalidCondition(_ detail: String) -> DynamoDBError {
        .validation("Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: \(detail)")
    }
}
