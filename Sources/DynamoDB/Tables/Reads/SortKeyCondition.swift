/// The sort-key half of a Query's key condition: what `KeyConditionExpression` may say about
/// the sort key (the partition key is always an equality).
public enum SortKeyCondition: Sendable, Hashable {
    case equal(AttributeValue)
    case lessThan(AttributeValue)
    case lessThanOrEqual(AttributeValue)
    case greaterThan(AttributeValue)
    case greaterThanOrEqual(AttributeValue)
    /// Both bounds inclusive; the lower must not exceed the upper.
    case between(AttributeValue, AttributeValue)
    /// Strings and binaries only.
    case beginsWith(AttributeValue)

    /// The condition's operands resolved to the sort key's type, with DynamoDB's messages
    /// for operands of another type, `begins_with` on a number, and inverted `BETWEEN`.
    func resolved(for attribute: KeyAttribute) throws(DynamoDBError) -> ResolvedSortKeyCondition {
        func scalar(_ value: AttributeValue) throws(DynamoDBError) -> KeyScalar {
            guard let scalar = KeyScalar(value), scalar.type == attribute.type else {
                throw .validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
            }
            return scalar
        }
        switch self {
        case .equal(let value): return .equal(try scalar(value))
        case .lessThan(let value): return .lessThan(try scalar(value))
        case .lessThanOrEqual(let value): return .lessThanOrEqual(try scalar(value))
        case .greaterThan(let value): return .greaterThan(try scalar(value))
        case .greaterThanOrEqual(let value): return .greaterThanOrEqual(try scalar(value))
        case .between(let low, let high):
            let (lower, upper) = (try scalar(low), try scalar(high))
            if upper < lower {
                throw .validation(
                    "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {\(Self.render(low))}, upper bound operand: AttributeValue: {\(Self.render(high))}"
                )
            }
            return .between(lower, upper)
        case .beginsWith(let value):
            if attribute.type == .n {
                throw .validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
            }
            return .beginsWith(try scalar(value))
        }
    }

    /// `N:5`, `S:abc`: how DynamoDB quotes an operand in key condition messages.
    private static func render(_ value: AttributeValue) -> String {
        switch value {
        case .s(let text): "S:\(text)"
        case .n(let number): "N:\(number)"
        case .b(let bytes): "B:\(bytes.count) bytes"
        default: value.typeName
        }
    }
}

/// A sort-key condition over storage scalars.
enum ResolvedSortKeyCondition {
    case equal(KeyScalar)
    case lessThan(KeyScalar)
    case lessThanOrEqual(KeyScalar)
    case greaterThan(KeyScalar)
    case greaterThanOrEqual(KeyScalar)
    case between(KeyScalar, KeyScalar)
    case beginsWith(KeyScalar)

    func matches(_ value: KeyScalar) -> Bool {
        switch self {
        case .equal(let operand): value == operand
        case .lessThan(let operand): value < operand
        case .lessThanOrEqual(let operand): value <= operand
        case .greaterThan(let operand): value > operand
        case .greaterThanOrEqual(let operand): value >= operand
        case .between(let low, let high): low <= value && value <= high
        case .beginsWith(let prefix): value.hasPrefix(prefix)
        }
    }

    /// The rows of a partition that satisfy the condition, as positions `[lower, upper)`.
    /// Rows are ordered by sort key first, so every condition selects one contiguous run.
    func bounds<Value>(in rows: SortedChunks<RowKey, Value>) -> (lower: SortedChunks<RowKey, Value>.Position, upper: SortedChunks<RowKey, Value>.Position) {
        // Rows of a collection with a sort key always have one; `nil` never reaches here.
        func atLeast(_ operand: KeyScalar) -> SortedChunks<RowKey, Value>.Position {
            rows.firstPosition { row in row.sort.map { $0 >= operand } ?? false }
        }
        func above(_ operand: KeyScalar) -> SortedChunks<RowKey, Value>.Position {
            rows.firstPosition { row in row.sort.map { $0 > operand } ?? false }
        }
        switch self {
        case .equal(let operand): return (atLeast(operand), above(operand))
        case .lessThan(let operand): return (rows.startPosition, atLeast(operand))
        case .lessThanOrEqual(let operand): return (rows.startPosition, above(operand))
        case .greaterThan(let operand): return (above(operand), rows.endPosition)
        case .greaterThanOrEqual(let operand): return (atLeast(operand), rows.endPosition)
        case .between(let low, let high): return (atLeast(low), above(high))
        case .beginsWith(let prefix):
            // Everything with the prefix sorts at or after the prefix and before the first
            // later value without it; that "later and not prefixed" test is monotonic.
            let end = rows.firstPosition { row in
                guard let sort = row.sort else { return false }
                return sort > prefix && !sort.hasPrefix(prefix)
            }
            return (atLeast(prefix), end)
        }
    }
}
