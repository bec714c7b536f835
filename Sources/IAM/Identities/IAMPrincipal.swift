import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who signed a request, as the identity store resolved it: what policies apply and what
/// context keys the principal brings to every request.
public struct IAMPrincipal: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case user(name: String)
        /// A role session; `roleId` pins it to the role it was issued for, so a session
        /// outlives neither its role nor a role re-created under the same name.
        case assumedRole(roleName: String, roleId: String, sessionName: String)
    }

    public let kind: Kind
    /// `arn:aws:iam::<acct>:user/<name>` or `arn:aws:sts::<acct>:assumed-role/<role>/<session>`.
    public let arn: String
    /// The user id, or `<roleId>:<session>` for sessions (GetCallerIdentity's `UserId`).
    public let userId: String
    public let accountId: String
    /// Principal tags: a user's tags, or a session's tags over its role's.
    public let tags: [String: String]
    /// Context keys carried by a session (web identity keys).
    public let contextKeys: [String: [String]]
    /// Session policies that cap a session's permissions.
    let sessionPolicies: [PolicyDocument]
    /// Whether a user signed with GetSessionToken's temporary credentials rather than a
    /// long-term key: such a caller may not call IAM, nor GetSessionToken again.
    public let isUserSession: Bool

    public static func == (lhs: IAMPrincipal, rhs: IAMPrincipal) -> Bool {
        lhs.arn == rhs.arn && lhs.userId == rhs.userId && lhs.tags == rhs.tags && lhs.contextKeys == rhs.contextKeys
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(arn)
        hasher.combine(userId)
    }

    static func user(_ user: IAMUser, accountId: String, session: Bool = false) -> IAMPrincipal {
        IAMPrincipal(
            kind: .user(name: user.name), arn: user.arn, userId: user.id, accountId: accountId,
            tags: user.tags, contextKeys: [:], sessionPolicies: [], isUserSession: session
        )
    }

    static func session(_ session: RoleSession, role: IAMRole, accountId: String) -> IAMPrincipal {
        IAMPrincipal(
            kind: .assumedRole(roleName: role.name, roleId: role.id, sessionName: session.sessionName), arn: session.assumedRoleARN,
            userId: session.assumedRoleId, accountId: accountId, tags: role.tags.merging(session.tags) { $1 },
            contextKeys: session.contextKeys, sessionPolicies: session.sessionPolicies, isUserSession: false
        )
    }

    /// The global condition keys AWS supplies for this principal: `aws:username` (users only),
    /// `aws:userid`, `aws:PrincipalType`, and the session's own keys.
    public var globalContext: [String: [String]] {
        var context = contextKeys
        // One copy with room for the keys added here and a request's few (see
        // `withGlobalKeys`), not a copy and then a resize.
        context.reserveCapacity(contextKeys.count + 8)
        context["aws:userid"] = [userId]
        switch kind {
        case .user(let name):
            context["aws:username"] = [name]
            context["aws:PrincipalType"] = ["User"]
        case .assumedRole:
            context["aws:PrincipalType"] = ["AssumedRole"]
        }
        return context
    }

    /// The ARN policies name this principal by: the user, or the session's role. A session
    /// ARN does not carry the role's path, so neither does this, as in AWS.
    var policyARN: String {
        switch kind {
        case .user: arn
        case .assumedRole(let roleName, _, _): "arn:aws:iam::\(accountId):role/\(roleName)"
        }
    }

    /// ``globalContext`` with `context` over it (its keys win), built in one dictionary.
    private func withGlobalKeys(_ context: [String: [String]]) -> [String: [String]] {
        var merged = globalContext
        for (key, values) in context { merged[key] = values }
        return merged
    }

    /// An authorisation request for this principal, with its global keys and tags.
    public func authorizationRequest(action: String, resource: String, context: [String: [String]] = [:], at date: Date) -> AuthorizationRequest {
        AuthorizationRequest(
            principal: .init(arn: arn, account: accountId, policyARN: policyARN), action: action, resource: resource,
            context: AuthorizationContext(withGlobalKeys(context)), principalTags: tags, currentTime: date
        )
    }
}
