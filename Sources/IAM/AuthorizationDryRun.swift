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
public final class AuthorizationDryRun: Sendable {
    /// The dry run of the current task, if any.
    @TaskLocal public static var current: AuthorizationDryRun?

    private let decisions = Mutex<[Decision]>([])

    /// A dry run with nothing recorded yet.
    public init() {}

    /// Every decision made while the dry run was active, in order.
    public var recorded: [Decision] {
        decisions.withLock { $0 }
    }

    /// Runs `body` with this dry run active.
    public func run<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        try await Self.$current.withValue(self) { try await body() }
    }

    /// Records `decision` and returns the denial the caller sees instead.
    func intercept(_ decision: Decision) -> Decision {
        decisions.withLock { $0.append(decision) }
        return Decision(.implicitDeny, decision.decidingPolicyType, policies: decision.policies, request: decision.request)
    }
}

extension Decision {
    /// The same request decided again as if the principal's tag `key` said `value`: what a
    /// principal of the same role with a forged tag would be told. The access probe asks it
    /// for a tag that a tenant could set itself (a user it creates carries any attribute the
    /// tag is mapped from).
    public func withPrincipalTag(_ key: String, _ value: String) -> Decision {
        var context = request.context
        context["aws:PrincipalTag/\(key)"] = [value]
        let forged = AuthorizationRequest(
            principal: request.principal, action: request.action, resource: request.resource, context: context,
            resourceAccount: request.resourceAccount
        )
        return policies.evaluate(forged)
    }

    /// The keys of the principal tags whose value is exactly `value`.
    public func principalTags(valued value: String) -> [String] {
        let prefix = "aws:principaltag/"
        return request.context.keys.filter { $0.hasPrefix(prefix) && request.context[$0] == [value] }.map { String($0.dropFirst(prefix.count)) }
    }
}
