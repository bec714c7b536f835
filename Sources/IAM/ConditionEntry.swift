/// One condition key under one operator, compiled:
/// `"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]}`.
///
/// A statement's conditions are a flat list of these; all must hold (AND across operators
/// and keys), while the values of one entry are alternatives (OR, or NOR when negated).
final class ConditionEntry: Sendable {
    let op: ConditionOperator
    /// The key as written, for messages.
    let key: String
    /// The key lowercased, for lookups.
    let normalizedKey: String
    /// The values as written (JSON numbers and booleans as their text).
    let values: [String]
    let matcher: ValueMatcher

    init(op: ConditionOperator, key: String, values: [String], substitutesVariables: Bool) {
        self.op = op
        self.key = key
        self.normalizedKey = key.lowercased()
        self.values = values
        self.matcher = ValueMatcher(op.base, values: values, substitutesVariables: substitutesVariables && op.base.takesVariables)
    }
}

/// The policy values of one entry, pre-parsed for the operator's type.
///
/// Values that do not parse as the type (`"ten"` under `NumericEquals`) are kept as nil
/// and match nothing, rather than refusing the document: AWS accepts such policies.
enum ValueMatcher: Sendable {
    case strings([PolicyTemplate], ignoringCase: Bool)
    case patterns([PatternValue])
    case numbers([Double?], Comparison)
    case dates([Double?], Comparison)
    case bools([PolicyTemplate])
    case binaries([[UInt8]?])
    case addresses([IPAddressRange?])
    case arns([PatternValue])
    /// `Null`: true means "the key must be absent", false "present".
    case null([Bool?])

    /// How a request value relates to a policy value (negated operators use `.equal`
    /// and negate the outcome).
    enum Comparison: Sendable {
        case equal, lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual

        @inline(__always)
        func holds(_ request: Double, _ policy: Double) -> Bool {
            switch self {
            case .equal: request == policy
            case .lessThan: request < policy
            case .lessThanOrEqual: request <= policy
            case .greaterThan: request > policy
            case .greaterThanOrEqual: request >= policy
            }
        }
    }

    /// A wildcard value (`StringLike`, `ArnLike`): compiled now unless it has variables.
    struct PatternValue: Sendable {
        let template: PolicyTemplate
        let compiled: Wildcard?
        let mode: Wildcard.Mode

        init(_ template: PolicyTemplate, mode: Wildcard.Mode) {
            self.template = template
            self.mode = mode
            self.compiled = template.staticWildcard(mode: mode)
        }

        @inline(__always)
        func matches(_ value: String, context: AuthorizationContext) -> Bool {
            if let compiled { return compiled.matches(value) }
            return template.wildcard(in: context, mode: mode)?.matches(value) ?? false
        }
    }

    init(_ base: ConditionOperator.Base, values: [String], substitutesVariables: Bool) {
        let templates = { values.map { PolicyTemplate($0, substitutesVariables: substitutesVariables) } }
        switch base {
        case .stringEquals, .stringNotEquals:
            self = .strings(templates(), ignoringCase: false)
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            self = .strings(templates(), ignoringCase: true)
        case .stringLike, .stringNotLike:
            self = .patterns(templates().map { PatternValue($0, mode: .plain) })
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            // ArnEquals and ArnLike behave identically: both take wildcards per segment.
            self = .arns(templates().map { PatternValue($0, mode: .arnCondition) })
        case .numericEquals, .numericNotEquals:
            self = .numbers(values.map(ConditionValueParsing.number), .equal)
        case .numericLessThan:
            self = .numbers(values.map(ConditionValueParsing.number), .lessThan)
        case .numericLessThanEquals:
            self = .numbers(values.map(ConditionValueParsing.number), .lessThanOrEqual)
        case .numericGreaterThan:
            self = .numbers(values.map(ConditionValueParsing.number), .greaterThan)
        case .numericGreaterThanEquals:
            self = .numbers(values.map(ConditionValueParsing.number), .greaterThanOrEqual)
        case .dateEquals, .dateNotEquals:
            self = .dates(values.map(ConditionValueParsing.date), .equal)
        case .dateLessThan:
            self = .dates(values.map(ConditionValueParsing.date), .lessThan)
        case .dateLessThanEquals:
            self = .dates(values.map(ConditionValueParsing.date), .lessThanOrEqual)
        case .dateGreaterThan:
            self = .dates(values.map(ConditionValueParsing.date), .greaterThan)
        case .dateGreaterThanEquals:
            self = .dates(values.map(ConditionValueParsing.date), .greaterThanOrEqual)
        case .bool:
            self = .bools(templates())
        case .binaryEquals:
            self = .binaries(values.map(ConditionValueParsing.binary))
        case .ipAddress, .notIpAddress:
            self = .addresses(values.map(IPAddressRange.init))
        case .null:
            self = .null(values.map(ConditionValueParsing.bool))
        }
    }

    /// Whether one request value matches at least one policy value (before negation).
    ///
    /// An unresolved variable or a value of the wrong type makes that one comparison
    /// false, so under a negated operator it cannot veto the match.
    @inline(__always)
    func matchesAny(_ value: String, context: AuthorizationContext) -> Bool {
        switch self {
        case .strings(let templates, let ignoringCase):
            for index in templates.indices {
                guard let expected = templates[index].resolve(in: context) else { continue }
                if ignoringCase ? TextComparison.equalIgnoringCase(value, expected) : TextComparison.equal(value, expected) {
                    return true
                }
            }
            return false
        case .patterns(let patterns), .arns(let patterns):
            for index in patterns.indices where patterns[index].matches(value, context: context) {
                return true
            }
            return false
        case .numbers(let numbers, let comparison):
            return Self.compare(ConditionValueParsing.number(value), numbers, comparison)
        case .dates(let dates, let comparison):
            return Self.compare(ConditionValueParsing.date(value), dates, comparison)
        case .bools(let templates):
            guard let actual = ConditionValueParsing.bool(value) else { return false }
            return templates.contains { template in
                template.resolve(in: context).flatMap(ConditionValueParsing.bool) == actual
            }
        case .binaries(let blobs):
            let actual = ConditionValueParsing.binary(value)
            return actual != nil && blobs.contains { $0 == actual }
        case .addresses(let ranges):
            guard let address = IPAddressRange(value) else { return false }
            return ranges.contains { $0?.contains(address) ?? false }
        case .null:
            // Null looks at presence, not values; see ConditionEntry.evaluate.
            return false
        }
    }

    private static func compare(_ actual: Double?, _ expected: [Double?], _ comparison: Comparison) -> Bool {
        guard let actual else { return false }
        for index in expected.indices {
            if let value = expected[index], comparison.holds(actual, value) { return true }
        }
        return false
    }
}
