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
