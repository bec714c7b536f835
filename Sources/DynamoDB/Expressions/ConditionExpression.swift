/// A parsed ConditionExpression or FilterExpression, ready to test items.
///
/// Parse once per request; `evaluate` is then cheap enough to run over every item a Scan or
/// Query reads.
public struct ConditionExpression: Sendable {
    /// Which member it came from; names it in error messages.
    public let kind: ExpressionKind
    let root: ConditionNode
    let placeholders: PlaceholderUse
    /// Every document path the expression reads, in source order.
    public let paths: [DocumentPath]

    /// Parses `text`, substituting `#name` and `:value` placeholders from the request's maps.
    /// Errors are DynamoDB's ValidationExceptions, worded as it words them.
    public init(_ text: String, kind: ExpressionKind = .condition, names: [String: String] = [:],
                values: [String: AttributeValue] = [:]) throws(DynamoDBError) {
        var parser = ExpressionParser(text, kind: kind, names: names, values: values)
        do {
            root = try parser.parseConditionExpression()
        } catch {
            throw kind.invalid(error)
        }
        self.kind = kind
        placeholders = PlaceholderUse(parser)
        var paths: [DocumentPath] = []
        root.collectPaths(into: &paths)
        self.paths = paths
    }

    /// Whether `item` satisfies the condition. A missing item is the empty item: only
    /// `attribute_not_exists` and `<>` style tests can hold for it.
    public func evaluate(_ item: Item) -> Bool {
        root.evaluate(item)
    }

    /// The top-level attributes the expression reads (for `dynamodb:Attributes`).
    public var attributeNames: Set<String> {
        Set(paths.map(\.topLevelAttribute))
    }
}
