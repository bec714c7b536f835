/// The outcome of evaluating one request, with its explanation available on demand.
///
/// Deciding allocates nothing and builds no text; ``explanation`` re-traces the same
/// evaluation (it is deterministic) when an error message, a `SimulateCustomPolicy` answer
/// or a debugging session needs it.
public struct Decision: Sendable, CustomStringConvertible {
    /// Allowed, explicitly denied, or implicitly denied.
    public enum Outcome: String, Sendable, CustomStringConvertible {
        case allowed
        case explicitDeny
        case implicitDeny

        /// `allowed`, `explicitDeny`, `implicitDeny` (SimulateCustomPolicy spells these
        /// `allowed`, `explicitDeny`, `implicitDeny` too).
        public var description: String { rawValue }
    }

    public let outcome: Outcome
    /// Which kind of policy decided: for an explicit deny, the one holding the Deny; for an
    /// implicit deny, the one that lacked an Allow; when allowed, the one that allowed.
    public let decidingPolicyType: PolicyType
    /// The policies the decision was made against.
    public let policies: PolicySet
    /// The request decided.
    public let request: AuthorizationRequest
    /// The denial an ``AuthorizationDryRun`` answers in place of the real decision: nobody
    /// reads its message, so none is written.
    let isDryRunStandIn: Bool

    init(_ outcome: Outcome, _ type: PolicyType, policies: PolicySet, request: AuthorizationRequest, isDryRunStandIn: Bool = false) {
        self.outcome = outcome
        self.decidingPolicyType = type
        self.policies = policies
        self.request = request
        self.isDryRunStandIn = isDryRunStandIn
    }

    public var isAllowed: Bool { outcome == .allowed }

    /// Why, statement by statement; worked out now, on demand.
    public var explanation: Explanation {
        Explanation(self)
    }

    /// The statements that decided (see ``Explanation/matchedStatements``).
    public var matchedStatements: [MatchedStatement] {
        explanation.matchedStatements
    }

    /// The tail of AWS's AccessDenied message: `because no identity-based policy allows the
    /// dynamodb:Query action` or `with an explicit deny in an identity-based policy`;
    /// empty when allowed.
    public var denialReason: String {
        switch outcome {
        case .allowed:
            ""
        case .explicitDeny:
            "with an explicit deny in \(decidingPolicyType.phraseWithArticle)"
        case .implicitDeny:
            "because no \(decidingPolicyType.phrase) allows the \(request.action) action"
        }
    }

    /// AWS's whole AccessDenied message: `User: <arn> is not authorized to perform:
    /// dynamodb:Query on resource: <arn> because no identity-based policy allows the
    /// dynamodb:Query action`. Meant for denials; empty when allowed.
    public var accessDeniedMessage: String {
        guard outcome != .allowed else { return "" }
        guard !isDryRunStandIn else { return "dry run" }
        return "User: \(request.principal.arn) is not authorized to perform: \(request.action) on resource: \(request.resource) \(denialReason)"
    }

    /// ``accessDeniedMessage`` followed by saaslab's one-line account of why (`... .
    /// saaslab: no statement ...`), as the platform's services word a refusal; a dry run's
    /// stand-in denial, which nobody reads, says only "dry run" and costs no explanation.
    public var explainedDenial: String {
        guard !isDryRunStandIn else { return "dry run" }
        return "\(accessDeniedMessage). saaslab: \(explanation.summary)"
    }

    /// The outcome and the one-line explanation.
    public var description: String {
        "\(outcome): \(explanation.summary)"
    }
}
