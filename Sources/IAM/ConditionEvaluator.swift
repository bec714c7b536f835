/// How one condition entry combines the request's values of its key with the policy's
/// values, following AWS's documented rules:
///
/// - **Absent key** (not in the request, or present with no values):
///   `...IfExists` → true; `ForAllValues:` → true (vacuously: "every" of nothing);
///   `ForAnyValue:` → false; a negated operator → true; any other → false.
///   `Null` is about exactly this: `"true"` holds when the key is absent, `"false"` when present.
/// - **No set qualifier**: true when some request value matches some policy value (values
///   OR); a negated operator is the negation of that, i.e. the request value matches none
///   of the policy values (NOR). AWS asks for set qualifiers on multi-valued keys; without
///   one, any matching request value counts (and, negated, any matching value vetoes).
/// - **`ForAllValues:`**: every request value satisfies the operator against the policy
///   values (negated: every request value matches none of them).
/// - **`ForAnyValue:`**: at least one request value satisfies it (negated: at least one
///   request value matches none of them).
extension ConditionEntry {
    /// Whether this entry holds for `context`. The evaluator's hot path: no allocation
    /// unless a value mixes text and variables.
    @inline(__always)
    func evaluate(_ context: AuthorizationContext) -> Bool {
        let values = context.values(normalizedKey: normalizedKey)
        let present = values.map { !$0.isEmpty } ?? false
        if case .null(let expected) = matcher {
            return expected.contains { $0 == !present }
        }
        guard let values, present else {
            return Self.outcomeWhenAbsent(op)
        }
        let negated = op.base.isNegated
        switch op.qualifier {
        case nil:
            for index in values.indices where matcher.matchesAny(values[index], context: context) {
                return !negated
            }
            return negated
        case .forAllValues:
            for index in values.indices where matcher.matchesAny(values[index], context: context) == negated {
                return false
            }
            return true
        case .forAnyValue:
            for index in values.indices where matcher.matchesAny(values[index], context: context) != negated {
                return true
            }
            return false
        }
    }

    /// The entry's result when the request has no value for its key.
    static func outcomeWhenAbsent(_ op: ConditionOperator) -> Bool {
        if op.ifExists { return true }
        switch op.qualifier {
        case .forAllValues: return true
        case .forAnyValue: return false
        case nil: return op.base.isNegated
        }
    }

    /// Whether `value` (one request value) satisfies the operator on its own, negation
    /// included: the per-value verdict the set qualifiers combine. For explanations.
    func valueSatisfies(_ value: String, context: AuthorizationContext) -> Bool {
        matcher.matchesAny(value, context: context) != op.base.isNegated
    }
}

extension Array where Element == ConditionEntry {
    /// All entries hold (AND across operators and keys).
    @inline(__always)
    func allHold(_ context: AuthorizationContext) -> Bool {
        for index in indices where !self[index].evaluate(context) {
            return false
        }
        return true
    }
}
