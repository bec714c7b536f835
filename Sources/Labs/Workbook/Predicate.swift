/// The check an assert makes.
public struct Predicate: Sendable, Equatable {
    /// Hurl's predicate words.
    public enum Operator: String, Sendable, Equatable, CaseIterable {
        case equal = "==", notEqual = "!=", greater = ">", greaterOrEqual = ">="
        case less = "<", lessOrEqual = "<="
        case startsWith, endsWith, contains, includes, matches
        case exists, isEmpty, isString, isInteger, isFloat, isBoolean, isCollection

        /// Whether the predicate is followed by a value (`== 3`) or stands alone (`exists`).
        public var takesValue: Bool {
            switch self {
            case .exists, .isEmpty, .isString, .isInteger, .isFloat, .isBoolean, .isCollection:
                false
            default:
                true
            }
        }
    }

    /// The predicate.
    public var op: Operator
    /// Its value, present exactly when `op.takesValue`.
    public var value: PredicateValue?
    /// Where the predicate word starts.
    public var location: SourceLocation

    /// A predicate `op` with `value` at `location`.
    public init(_ op: Operator, value: PredicateValue? = nil, location: SourceLocation) {
        self.op = op
        self.value = value
        self.location = location
    }
}

/// A predicate's value, typed as Hurl types it: `"true"` is a string, `true` a boolean.
public enum PredicateValue: Sendable, Equatable {
    /// `"text"`, escapes resolved, placeholders kept.
    case string(Template)
    /// `42`, `-1`.
    case integer(Int)
    /// `1.5`, `-0.25`, `1e3`; `text` is kept as written so `1.10` is not shown as `1.1`.
    case float(Double, text: String)
    /// `true`, `false`.
    case boolean(Bool)
    /// `null`.
    case null
    /// A bare `{{name}}`: the variable's value with its own type.
    case variable(Template)
    /// `/regex/`, for `matches`; the pattern with `\/` unescaped.
    case regex(String)
}
