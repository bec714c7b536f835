import Synchronization

/// Authorisation without effect: while a dry run is active in the current task,
/// ``IdentityStore/authorize(_:action:resource:context:)`` decides every request as usual,
/// hands the decision to the dry run, and answers the caller with a denial, so the operation
/// being authorised stops before it reads or changes anything (as EC2's `DryRun` parameter
/// does, for every service).
///
/// The platform's access probe uses it to ask "would this principal be allowed?" through the
/// operations' own request parsing and access derivation (a DynamoDB batch's leading keys, a
/// role's ARN from its name), rather than through a second description of each operation
/// that could drift from the real one.
///
/// Policies do not change while a dry run is active (nothing it authorises happens), so each
/// principal's compiled policies are looked up once and reused for every question.
public final class AuthorizationDryRun: Sendable {
    /// The dry run of the current task, if any.
    @TaskLocal public static var current: AuthorizationDryRun?

    private struct State {
        var decisions: [Decision] = []
        var prepared: [String: Prepared] = [:]
        var principals: [String: IAMPrincipal] = [:]
    }

    /// What every question of one principal shares: its compiled policies, and the request
    /// context its global keys, tags and the time make (lowercased once).
    struct Prepared {
        let policies: PolicySet
        let context: AuthorizationContext
        let principal: AuthorizationRequest.Principal
    }

    private let state = Mutex(State())

    /// A dry run with nothing recorded yet.
    public init() {}

    /// Every decision made while the dry run was active, in order.
    public var recorded: [Decision] {
        state.withLock { $0.decisions }
    }

    /// Runs `body` with this dry run active and returns the first decision it asked for (nil
    /// when it asked none) with what `body` returned or threw.
    public func firstDecision<T: Sendable>(
        in body: () async throws -> T
    ) async -> (decision: Decision?, outcome: Result<T, any Error>) {
        let before = state.withLock { $0.decisions.count }
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await Self.$current.withValue(self) { try await body() })
        } catch {
            outcome = .failure(error)
        }
        let decision = state.withLock { $0.decisions.count > before ? $0.decisions[before] : nil }
        return (decision, outcome)
    }

    /// The principal's compiled policies and base context, worked out once per dry run.
    func prepared(for principal: IAMPrincipal, _ prepare: () -> Prepared) -> Prepared {
        if let known = state.withLock({ $0.prepared[principal.arn] }) { return known }
        let made = prepare()
        state.withLock { $0.prepared[principal.arn] = made }
        return made
    }

    /// The principal an access key stands for, resolved once per dry run (nothing the dry run
    /// authorises can end a session or change a role).
    public func principal<E: Error>(accessKeyId: String, _ resolve: () throws(E) -> IAMPrincipal) throws(E) -> IAMPrincipal {
        if let known = state.withLock({ $0.principals[accessKeyId] }) { return known }
        let resolved = try resolve()
        state.withLock { $0.principals[accessKeyId] = resolved }
        return resolved
    }

    /// Whether the principal behind `accessKeyId` could be allowed `action` at all, by the
    /// policies this dry run has already prepared for it (see ``PolicySet/mayAllow(action:)``);
    /// nil until a question of that principal has been asked. `false` means every request
    /// for `action` is denied, so asking one more would tell nothing new. The prepared
    /// policies are the principal's own (identity-based, boundary, session): a service that
    /// decided through a resource's policy would need that policy asked here too (STS's trust
    /// policies are decided apart, and the access probe always runs `AssumeRole`).
    public func mayAllow(_ action: String, accessKeyId: String) -> Bool? {
        let policies = state.withLock { state in
            state.principals[accessKeyId].flatMap { state.prepared[$0.arn]?.policies }
        }
        return policies?.mayAllow(action: action)
    }

    /// Records `decision` and returns the denial the caller sees instead. The denial is made
    /// against no policies and carries no message, so what the caller builds from it (and then
    /// discards) costs nothing: a probe asks hundreds of these.
    func intercept(_ decision: Decision) -> Decision {
        state.withLock { $0.decisions.append(decision) }
        return Decision(.implicitDeny, .identity, policies: Self.noPolicies, request: decision.request, isDryRunStandIn: true)
    }

    private static let noPolicies = PolicySet(identityPolicies: [])
}
