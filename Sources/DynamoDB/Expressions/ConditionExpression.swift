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

/// Evaluation of a parsed condition against one item. Values were substituted at parse time and
/// paths resolve by walking the item in place, so evaluating allocates nothing in the common
/// cases; the store runs filters over many items with one parsed expression.
extension ConditionNode {
    func evaluate(_ item: Item) -> Bool {
        switch self {
        case .compare(let comparator, let a, let b):
            guard let left = a.evaluate(item), let right = b.evaluate(item) else {
                // A missing operand fails every comparison, so `<>` is the one that holds.
                return comparator == .notEqual
            }
            switch comparator {
            case .equal: return left.matches(right)
            case .notEqual: return !left.matches(right)
            case .less: return AttributeValue.compareScalars(left, right).map { $0 < 0 } ?? false
            case .lessOrEqual: return AttributeValue.compareScalars(left, right).map { $0 <= 0 } ?? false
            case .greater: return AttributeValue.compareScalars(left, right).map { $0 > 0 } ?? false
            case .greaterOrEqual: return AttributeValue.compareScalars(left, right).map { $0 >= 0 } ?? false
            }
        case .between(let subject, let low, let high):
            guard let value = subject.evaluate(item), let lower = low.evaluate(item), let upper = high.evaluate(item),
                  let fromLower = AttributeValue.compareScalars(value, lower),
                  let toUpper = AttributeValue.compareScalars(value, upper)
            else { return false }
            return fromLower >= 0 && toUpper <= 0
        case .isIn(let subject, let candidates):
            guard let value = subject.evaluate(item) else { return false }
            for candidate in candidates {
                if let other = candidate.evaluate(item), value.matches(other) { return true }
            }
            return false
        case .attributeExists(let path):
            return path.resolve(in: item) != nil
        case .attributeNotExists(let path):
            return path.resolve(in: item) == nil
        case .attributeType(let path, let type):
            guard let value = path.resolve(in: item), case .s(let name)? = type.evaluate(item) else { return false }
            return value.typeName == name
        case .beginsWith(let a, let b):
            guard let value = a.evaluate(item), let prefix = b.evaluate(item) else { return false }
            return value.begins(with: prefix)
        case .contains(let a, let b):
            guard let value = a.evaluate(item), let operand = b.evaluate(item) else { return false }
            return value.containsOperand(operand)
        case .and(let a, let b):
            return a.evaluate(item) && b.evaluate(item)
        case .or(let a, let b):
            return a.evaluate(item) || b.evaluate(item)
        case .not(let inner):
            return !inner.evaluate(item)
        case .invalid:
            return false
        }
    }
}

extension Operand {
    /// The operand's value for `item`, or nil when the attribute (or a size for it) is missing.
    func evaluate(_ item: Item) -> AttributeValue? {
        switch self {
        case .value(let value):
            return value
        case .path(let path):
            return path.resolve(in: item)
        case .size(let inner):
            guard let size = inner.evaluate(item)?.expressionSize else { return nil }
            return .n(DynamoNumber(size))
        }
    }
}
