import Core

/// One Hurl predicate, e.g. `== 403`, `not contains "x"`, `matches "^ok"`, `isEmpty`.
public struct HurlPredicate: Sendable, Hashable, CustomStringConvertible {
    /// The predicate functions Hurl defines.
    public enum Function: Sendable, Hashable {
        case equal(HurlValue)
        case notEqual(HurlValue)
        case greater(HurlValue)
        case greaterOrEqual(HurlValue)
        case less(HurlValue)
        case lessOrEqual(HurlValue)
        case startsWith(HurlValue)
        case endsWith(HurlValue)
        /// Substring of a string, subsequence of bytes, or (as in Hurl 6) member of a list.
        case contains(HurlValue)
        /// Member of a list (Hurl's older spelling of `contains` for collections).
        case includes(HurlValue)
        /// The string matches the regular expression anywhere (a search, not a full match).
        case matches(pattern: String)
        case exists
        case isEmpty
        case isString
        case isInteger
        case isFloat
        case isBoolean
        case isCollection
    }

    /// True for `not <function>`.
    public var negated: Bool
    /// What is checked.
    public var function: Function

    /// A predicate; `negated` for the `not` form.
    public init(_ function: Function, negated: Bool = false) {
        self.function = function
        self.negated = negated
    }

    /// The predicate as a lab file spells it: `not contains "AccessDenied"`.
    public var description: String {
        (negated ? "not " : "") + function.description
    }
}

extension HurlPredicate.Function: CustomStringConvertible {
    /// `== 403`, `startsWith "arn:"`, `matches "^a+$"`, `isEmpty`.
    public var description: String {
        switch self {
        case .equal(let value): "== \(value.expectedLiteral)"
        case .notEqual(let value): "!= \(value.expectedLiteral)"
        case .greater(let value): "> \(value.expectedLiteral)"
        case .greaterOrEqual(let value): ">= \(value.expectedLiteral)"
        case .less(let value): "< \(value.expectedLiteral)"
        case .lessOrEqual(let value): "<= \(value.expectedLiteral)"
        case .startsWith(let value): "startsWith \(value.expectedLiteral)"
        case .endsWith(let value): "endsWith \(value.expectedLiteral)"
        case .contains(let value): "contains \(value.expectedLiteral)"
        case .includes(let value): "includes \(value.expectedLiteral)"
        case .matches(let pattern): "matches \(HurlValue.string(pattern).literal)"
        case .exists: "exists"
        case .isEmpty: "isEmpty"
        case .isString: "isString"
        case .isInteger: "isInteger"
        case .isFloat: "isFloat"
        case .isBoolean: "isBoolean"
        case .isCollection: "isCollection"
        }
    }
}

/// The result of checking a predicate: pass or fail, and a one-line explanation for reports.
public struct PredicateOutcome: Sendable, Hashable {
    /// True when the assert holds (negation already applied).
    public var passed: Bool
    /// The predicate as written, e.g. `not == 403`.
    public var expected: String
    /// The actual value, cut to a readable size, with its type when the literal alone
    /// would not say it: `200 (integer)`, `"AccessDenied"`, `none`.
    public var actual: String
    /// Set when the predicate does not apply to the actual value's type (e.g. `startsWith`
    /// on an integer); such an assert fails even when negated.
    public var typeMismatch: String?

    /// An outcome; ``HurlPredicate/evaluate(_:)`` builds these.
    public init(passed: Bool, expected: String, actual: String, typeMismatch: String? = nil) {
        self.passed = passed
        self.expected = expected
        self.actual = actual
        self.typeMismatch = typeMismatch
    }

    /// `expected: == 403 / actual: 200 (integer)`, plus `/ <why>` on a type mismatch.
    public var explanation: String {
        var text = "expected: \(expected) / actual: \(actual)"
        if let typeMismatch { text += " / \(typeMismatch)" }
        return text
    }
}

extension HurlValue {
    /// The default cut for actual values in explanations, in characters.
    public static let displayLimit = 200

    /// The literal for an expected value (no type suffix: the lab author wrote it).
    var expectedLiteral: String { literal }

    /// The literal with a type suffix for everything but strings, null and none, cut to
    /// `limit` characters with an ellipsis and the full length when longer:
    /// `"{\"error\":\"Acc…" (1234 characters)`.
    public func displayed(limit: Int = HurlValue.displayLimit) -> String {
        let text = literal
        var shown = text
        var suffix: String?
        switch self {
        case .string, .null, .none: break
        case .list(let values): suffix = "list of \(values.count)"
        case .object(let object): suffix = "object of \(object.count)"
        case .bytes(let bytes): suffix = "\(bytes.count) bytes"
        default: suffix = typeName
        }
        if text.count > limit {
            shown = String(text.prefix(limit)) + "…"
            // A string's own length is what its author would count, not its escaped literal's.
            let total = if case .string(let value) = self { value.count } else { text.count }
            let length = "\(total) characters"
            suffix = suffix.map { "\($0), \(length)" } ?? length
        }
        return suffix.map { "\(shown) (\($0))" } ?? shown
    }
}
