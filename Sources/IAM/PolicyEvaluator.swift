import Core

/// The kinds of policy that take part in a decision.
public enum PolicyType: String, Sendable, CaseIterable {
    case identity = "identity-based policy"
    case permissionsBoundary = "permissions boundary"
    case session = "session policy"
    case resource = "resource-based policy"

    /// `identity-based policy`, `permissions boundary`, ... as AWS's messages say it.
    public var phrase: String { rawValue }

    /// `an identity-based policy`, `a permissions boundary`, ...
    var phraseWithArticle: String {
        self == .identity ? "an \(rawValue)" : "a \(rawValue)"
    }
}

/// The policies that govern one principal, compiled and ready to evaluate requests.
///
/// Build one per principal (a role's attached and inline policies, its boundary, a
/// session's policies) and keep it; ``evaluate(_:)`` allocates nothing on the way to a
/// decision. A ``Decision`` keeps a reference to the set so that its ``Explanation`` can be
/// worked out later, only if someone asks.
public struct PolicySet: Sendable {
    /// Shared storage, so that copying the set into every decision is one reference.
    final class Storage: Sendable {
        let identity: [PolicyDocument]
        let boundary: PolicyDocument?
        let session: [PolicyDocument]
        let resource: PolicyDocument?

        // Every layer's statements flattened by effect, so that evaluation walks arrays of
        // compiled rules without touching (or copying) the documents.
        let identityDenies: [StatementRules]
        let identityAllows: [StatementRules]
        let resourceDenies: [StatementRules]
        let resourceAllows: [StatementRules]
        let boundaryDenies: [StatementRules]
        let boundaryAllows: [StatementRules]
        let sessionDenies: [StatementRules]
        let sessionAllows: [StatementRules]

        init(identity: [PolicyDocument], boundary: PolicyDocument?, session: [PolicyDocument], resource: PolicyDocument?) {
            self.identity = identity
            self.boundary = boundary
            self.session = session
            self.resource = resource
            identityDenies = identity.flatMap(\.denyRules)
            identityAllows = identity.flatMap(\.allowRules)
            resourceDenies = resource?.denyRules ?? []
            resourceAllows = resource?.allowRules ?? []
            boundaryDenies = boundary?.denyRules ?? []
            boundaryAllows = boundary?.allowRules ?? []
            sessionDenies = session.flatMap(\.denyRules)
            sessionAllows = session.flatMap(\.allowRules)
        }
    }

    let storage: Storage

    /// A set of policies.
    ///
    /// - Parameters:
    ///   - identityPolicies: the principal's inline and attached policies.
    ///   - permissionsBoundary: caps what the identity policies can allow.
    ///   - sessionPolicies: policies passed when the session was created; when present they
    ///     also cap what is allowed.
    ///   - resourcePolicy: the resource's own policy (or a role's trust policy, for
    ///     `sts:AssumeRole*`).
    public init(
        identityPolicies: [PolicyDocument],
        permissionsBoundary: PolicyDocument? = nil,
        sessionPolicies: [PolicyDocument] = [],
        resourcePolicy: PolicyDocument? = nil
    ) {
        storage = Storage(identity: identityPolicies, boundary: permissionsBoundary, session: sessionPolicies, resource: resourcePolicy)
    }

    public var identityPolicies: [PolicyDocument] { storage.identity }
    public var permissionsBoundary: PolicyDocument? { storage.boundary }
    public var sessionPolicies: [PolicyDocument] { storage.session }
    public var resourcePolicy: PolicyDocument? { storage.resource }

    /// Decides `request` as AWS does:
    ///
    /// 1. An applicable `Deny` in any policy denies (explicit deny). Order never matters.
    /// 2. Otherwise the request needs an applicable `Allow` from an identity-based policy or
    ///    the resource-based policy (both, when the resource is in another account), and,
    ///    when present, from the permissions boundary and from a session policy.
    /// 3. Anything else is an implicit deny.
    ///
    /// Simplification: a resource-based Allow is capped by the boundary and session
    /// policies like an identity-based one (AWS lets some same-account grants to a session
    /// ARN bypass those caps); the labs never rely on the difference.
    public func evaluate(_ request: AuthorizationRequest) -> Decision {
        let storage = self.storage
        if storage.identityDenies.anyApplies(to: request) {
            return Decision(.explicitDeny, .identity, policies: self, request: request)
        }
        if storage.resourceDenies.anyApplies(to: request) {
            return Decision(.explicitDeny, .resource, policies: self, request: request)
        }
        if storage.boundaryDenies.anyApplies(to: request) {
            return Decision(.explicitDeny, .permissionsBoundary, policies: self, request: request)
        }
        if storage.sessionDenies.anyApplies(to: request) {
            return Decision(.explicitDeny, .session, policies: self, request: request)
        }

        let identityAllows = storage.identityAllows.anyApplies(to: request)
        let resourceAllows = storage.resourceAllows.anyApplies(to: request)
        let granted = request.isCrossAccount ? identityAllows && resourceAllows : identityAllows || resourceAllows
        guard granted else {
            let missing: PolicyType = request.isCrossAccount && identityAllows ? .resource
                : (storage.identity.isEmpty && storage.resource != nil ? .resource : .identity)
            return Decision(.implicitDeny, missing, policies: self, request: request)
        }
        if storage.boundary != nil, !storage.boundaryAllows.anyApplies(to: request) {
            return Decision(.implicitDeny, .permissionsBoundary, policies: self, request: request)
        }
        if !storage.session.isEmpty, !storage.sessionAllows.anyApplies(to: request) {
            return Decision(.implicitDeny, .session, policies: self, request: request)
        }
        return Decision(.allowed, identityAllows ? .identity : .resource, policies: self, request: request)
    }
}

extension PolicySet {
    /// Whether some request for `action` could be allowed: an identity-based or the
    /// resource-based policy has an `Allow` statement whose `Action` names it (or whose
    /// `NotAction` leaves it out). When none has, ``evaluate(_:)`` denies every request for
    /// `action`, whatever its resource, context or principal tags, since an allow needs one
    /// of those statements to apply. Resource, principal and conditions are not looked at, so
    /// `true` promises nothing.
    public func mayAllow(action: String) -> Bool {
        let normalized = ASCII.unicodeLowercased(action)
        return storage.identityAllows.contains { $0.actions.matches(normalizedAction: normalized) }
            || storage.resourceAllows.contains { $0.actions.matches(normalizedAction: normalized) }
    }
}

/// One-call evaluation for callers that do not keep a ``PolicySet``.
public enum PolicyEvaluator {
    /// Decides `request` against the given policies; see ``PolicySet/evaluate(_:)``.
    public static func evaluate(
        _ request: AuthorizationRequest,
        identityPolicies: [PolicyDocument],
        permissionsBoundary: PolicyDocument? = nil,
        sessionPolicies: [PolicyDocument] = [],
        resourcePolicy: PolicyDocument? = nil
    ) -> Decision {
        PolicySet(
            identityPolicies: identityPolicies, permissionsBoundary: permissionsBoundary,
            sessionPolicies: sessionPolicies, resourcePolicy: resourcePolicy
        ).evaluate(request)
    }
}

// The hot path walks arrays by index: `for x in array` hands out owned copies (a retain and
// a release per element), while subscripting borrows the element in place.
extension Array where Element == StatementRules {
    @inline(__always)
    func anyApplies(to request: AuthorizationRequest) -> Bool {
        for index in indices where self[index].applies(to: request) {
            return true
        }
        return false
    }
}

extension StatementRules {
    /// Whether every element of the statement matches: principal (when present), action,
    /// resource (when present) and all conditions. Cheapest tests first.
    @inline(__always)
    func applies(to request: AuthorizationRequest) -> Bool {
        let storage = request.storage
        guard actions.matches(normalizedAction: storage.normalizedAction) else { return false }
        if let principal, !principal.matches(request) { return false }
        if let resources, !resources.matches(storage.resource, context: storage.context) { return false }
        return conditions.allHold(storage.context)
    }
}
