import Core
/// A condition operator as written in a policy: a base comparison, optionally qualified by
/// a set operator (`ForAllValues:` / `ForAnyValue:`) and an `IfExists` suffix.
///
/// Parsed once at parse time; evaluation switches on the enum, never on text.
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    /// The comparison itself.
    public enum Base: String, Sendable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case binaryEquals = "BinaryEquals"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals"
        case arnLike = "ArnLike"
        case arnNotEquals = "ArnNotEquals"
        case arnNotLike = "ArnNotLike"
        case null = "Null"

        /// Negated operators match when no policy value matches (NOR over the values) and
        /// are true on a missing key.
        public var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals,
                 .dateNotEquals, .notIpAddress, .arnNotEquals, .arnNotLike:
                true
            default:
                false
            }
        }

        /// Whether `${...}` in values is substituted. AWS supports variables with the
        /// string, ARN and Bool operators only; elsewhere `${...}` is plain text (and so
        /// never parses as a number, date or address).
        var takesVariables: Bool {
            switch self {
            case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase,
                 .stringLike, .stringNotLike, .arnEquals, .arnLike, .arnNotEquals, .arnNotLike, .bool:
                true
            default:
                false
            }
        }
    }

    /// `ForAllValues:` or `ForAnyValue:`.
    public enum SetQualifier: String, Sendable {
        case forAllValues = "ForAllValues"
        case forAnyValue = "ForAnyValue"
    }

    public let base: Base
    public let qualifier: SetQualifier?
    public let ifExists: Bool

    public init(base: Base, qualifier: SetQualifier? = nil, ifExists: Bool = false) {
        self.base = base
        self.qualifier = qualifier
        self.ifExists = ifExists
    }

    /// The operator's name as a policy spells it, e.g. `ForAllValues:StringLikeIfExists`.
    public var description: String {
        (qualifier.map { "\($0.rawValue):" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }

    /// Parses an operator name (case-sensitive, as AWS's grammar spells them).
    ///
    /// `Null` takes no `IfExists` (AWS: "except the Null condition").
    public init?(_ name: String) {
        var rest = Substring(name)
        var qualifier: SetQualifier?
        for candidate in [SetQualifier.forAllValues, .forAnyValue] where rest.hasPrefix(candidate.rawValue + ":") {
            qualifier = candidate
            rest = rest.dropFirst(candidate.rawValue.count + 1)
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let base = Base(rawValue: String(rest)), !(base == .null && ifExists) else { return nil }
        self.init(base: base, qualifier: qualifier, ifExists: ifExists)
    }

    /// Every valid spelling without a set qualifier, for "did you mean" suggestions.
    static let allNames: [String] = Base.allCases.flatMap { base in
        base == .null ? [base.rawValue] : [base.rawValue, base.rawValue + "IfExists"]
    }

    /// A suggestion for a name that did not parse, keeping a valid qualifier prefix.
    static func suggestion(for name: String) -> String? {
        for qualifier in [SetQualifier.forAllValues, .forAnyValue] {
            let prefix = qualifier.rawValue + ":"
            if name.hasPrefix(prefix) {
                return Suggestion.closest(to: String(name.dropFirst(prefix.count)), in: allNames).map { prefix + $0 }
            }
            // A misspelt qualifier: `ForAllValue:StringEquals`.
            if let colon = name.firstIndex(of: ":") {
                let head = String(name[name.startIndex..<colon])
                let tail = String(name[name.index(after: colon)...])
                if Suggestion.closest(to: head, in: [qualifier.rawValue]) != nil {
                    let fixedTail = ConditionOperator(tail) != nil ? tail : Suggestion.closest(to: tail, in: allNames)
                    if let fixedTail { return prefix + fixedTail }
                }
            }
        }
        return Suggestion.closest(to: name, in: allNames)
    }
}
