/// Why a ``Decision`` came out as it did: every statement of every policy, traced.
///
/// Built on demand by re-running the evaluation with tracing; rendered as one line
/// (``summary``, for error messages) or many (``report``, for SimulateCustomPolicy and
/// debugging).
public struct Explanation: Sendable, CustomStringConvertible {
    public let outcome: Decision.Outcome
    public let decidingPolicyType: PolicyType
    public let action: String
    public let resource: String
    public let principalARN: String
    /// Every statement, in policy order (identity, resource, boundary, session).
    public let statements: [StatementTrace]

    init(_ decision: Decision) {
        outcome = decision.outcome
        decidingPolicyType = decision.decidingPolicyType
        action = decision.request.action
        resource = decision.request.resource
        principalARN = decision.request.principal.arn
        let set = decision.policies
        var traces: [StatementTrace] = []
        func trace(_ policy: PolicyDocument, _ type: PolicyType) {
            for statement in policy.statements {
                traces.append(StatementTrace(statement, policy: policy, type: type, request: decision.request))
            }
        }
        set.identityPolicies.forEach { trace($0, .identity) }
        set.resourcePolicy.map { trace($0, .resource) }
        set.permissionsBoundary.map { trace($0, .permissionsBoundary) }
        set.sessionPolicies.forEach { trace($0, .session) }
        statements = traces
    }

    /// The statements that decided, for SimulateCustomPolicy's `MatchedStatements`: every
    /// applicable Deny when explicitly denied, every applicable Allow when allowed, none
    /// for an implicit deny.
    public var matchedStatements: [MatchedStatement] {
        let effect: PolicyStatement.Effect
        switch outcome {
        case .allowed: effect = .allow
        case .explicitDeny: effect = .deny
        case .implicitDeny: return []
        }
        return statements.filter { $0.effect == effect && $0.applies }.map(\.reference)
    }

    /// For an implicit deny, the Allow statement that came closest in the policies that
    /// lacked one, best first:
    /// 1. matching principal, action and resource, failing only a condition (a LeadingKeys
    ///    condition refusing another tenant's partition);
    /// 2. about this very resource (named, not just `*`) but not granting the action: the
    ///    statement a reader would change (a read-only product statement refusing PutItem),
    ///    rather than one granting the action on another table;
    /// 3. granting the action on another resource;
    /// 4. granting the action to another principal.
    /// None when no statement grants the action at all: "no statement's Action matches" says
    /// it best.
    public var nearestMiss: StatementTrace? {
        guard outcome == .implicitDeny else { return nil }
        let candidates = statements.filter { $0.policyType == decidingPolicyType && $0.effect == .allow }
        guard candidates.contains(where: \.actionMatched) else { return nil }
        func rank(_ trace: StatementTrace) -> Int {
            let principal = trace.principalMatched != false
            switch (trace.actionMatched, principal, trace.resourceMatched != false) {
            case (true, true, true): return 4
            case (false, true, true) where trace.namesResource: return 3
            case (true, true, false): return 2
            case (true, false, _): return 1
            default: return 0
            }
        }
        var best: (trace: StatementTrace, rank: Int)?
        for trace in candidates {
            let rank = rank(trace)
            if rank > (best?.rank ?? 0) { best = (trace, rank) }
        }
        return best?.trace
    }

    public var description: String { summary }
}

/// A statement that took part in a decision, as SimulateCustomPolicy reports it.
public struct MatchedStatement: Sendable, Hashable {
    /// The policy's ``PolicyDocument/name`` (SimulateCustomPolicy's `SourcePolicyId`).
    public let policyName: String
    public let policyType: PolicyType
    public let statementIndex: Int
    public let sid: String?
    public let start: SourcePosition?
    public let end: SourcePosition?
}

/// How one statement fared against the request.
public struct StatementTrace: Sendable {
    public let policyName: String
    public let policyType: PolicyType
    public let index: Int
    public let sid: String?
    public let effect: PolicyStatement.Effect
    public let start: SourcePosition?
    public let end: SourcePosition?
    /// nil when the statement has no Principal element.
    public let principalMatched: Bool?
    public let actionMatched: Bool
    /// nil when the statement has no Resource element (trust policies).
    public let resourceMatched: Bool?
    /// Every condition entry, evaluated (whether or not the elements above matched).
    public let conditions: [ConditionTrace]
    /// The policy's language version: before 2012-10-17, `${...}` is plain text.
    public let policyVersion: PolicyDocument.Version

    /// `Principal` / `Action` / `Resource` as written, and the resource entries resolved.
    let principalText: (element: String, entries: [String])?
    let actionText: (element: String, entries: [String])
    let resourceText: (element: String, entries: [String])?

    init(_ statement: PolicyStatement, policy: PolicyDocument, type: PolicyType, request: AuthorizationRequest) {
        policyName = policy.name
        policyType = type
        index = statement.index
        sid = statement.sid
        effect = statement.effect
        start = statement.start
        end = statement.end
        let rules = statement.rules
        principalMatched = rules.principal.map { $0.matches(request) }
        actionMatched = rules.actions.matches(normalizedAction: request.normalizedAction)
        resourceMatched = rules.resources.map { $0.matches(request.resource, context: request.context) }
        conditions = rules.conditions.map { ConditionTrace($0, context: request.context) }
        policyVersion = policy.version
        principalText = rules.principal.map { ($0.elementName, $0.rendered) }
        actionText = (rules.actions.elementName, rules.actions.written)
        resourceText = rules.resources.map { ($0.elementName, $0.rendered(in: request.context)) }
    }

    /// Whether the statement's `Resource` names something more specific than everything (`*`).
    var namesResource: Bool {
        guard let resourceText, resourceText.element == "Resource" else { return false }
        return resourceText.entries.contains { $0 != "*" }
    }

    /// Whether the statement applies: every element matched and every condition held.
    public var applies: Bool {
        principalMatched != false && actionMatched && resourceMatched != false && conditions.allSatisfy(\.held)
    }

    /// The first condition that failed, if any.
    public var firstFailedCondition: ConditionTrace? {
        conditions.first { !$0.held }
    }

    /// `"ProductTable"` or `Statement[2]`.
    public var label: String {
        if let sid, !sid.isEmpty { return quoted(sid) }
        return "Statement[\(index)]"
    }

    /// `statement "ProductTable"` or `Statement[2]`, for sentences.
    var phrase: String {
        if let sid, !sid.isEmpty { return "statement \(quoted(sid))" }
        return "Statement[\(index)]"
    }

    var reference: MatchedStatement {
        MatchedStatement(policyName: policyName, policyType: policyType, statementIndex: index, sid: sid, start: start, end: end)
    }
}

/// How one condition entry fared, with the values compared.
public struct ConditionTrace: Sendable {
    /// The operator as written, e.g. `ForAllValues:StringEquals`.
    public let operatorName: String
    public let key: String
    public let held: Bool
    /// The request's values for the key; nil when the request lacks it.
    public let requestValues: [String]?
    /// The policy's values, variables resolved (unresolved ones shown as
    /// `${...} (unresolved)`).
    public let policyValues: [String]
    /// Request values that failed the operator on their own (negation included).
    public let failingValues: [String]

    let op: ConditionOperator

    init(_ entry: ConditionEntry, context: AuthorizationContext) {
        op = entry.op
        operatorName = entry.op.description
        key = entry.key
        held = entry.evaluate(context)
        let values = context.values(normalizedKey: entry.normalizedKey)
        requestValues = (values?.isEmpty ?? true) ? nil : values
        policyValues = entry.renderedValues(in: context)
        if case .null = entry.matcher {
            failingValues = []
        } else {
            failingValues = (requestValues ?? []).filter { !entry.valueSatisfies($0, context: context) }
        }
    }
}

extension ConditionEntry {
    /// The policy values as compared for `context`.
    func renderedValues(in context: AuthorizationContext) -> [String] {
        let templates: [PolicyTemplate]
        switch matcher {
        case .strings(let list, _), .bools(let list): templates = list
        case .patterns(let list), .arns(let list): templates = list.map(\.template)
        default: return values
        }
        return templates.map { template in
            template.resolve(in: context) ?? "\(template.source) (unresolved)"
        }
    }
}
