import Core
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The account's principals, policies, keys and sessions: what the IAM API manages, what STS
/// issues, and what the front door consults to authenticate and authorise every call.
///
/// A plain engine: no HTTP. State sits behind one `Mutex`, so credential resolution (on every
/// AWS call) is a short synchronous lookup.
public final class IdentityStore: Sendable {
    /// Copy contract: `grade` hands each participant a copy of one bootstrapped backend
    /// (`Backend.copy()`), made by `IdentityStore.copy(clock:random:)`. A member added here must be
    /// copied there, or the copies share it, lose it, or stop going on exactly as this engine
    /// would.
    struct State {
        var users: [String: IAMUser] = [:]
        var roles: [String: IAMRole] = [:]
        var policies: [String: ManagedPolicy] = [:]
        var accessKeys: [String: AccessKey] = [:]
        var sessions: [String: RoleSession] = [:]
        /// GetSessionToken's sessions, by access key id.
        var userSessions: [String: UserSession] = [:]
    }

    /// The account id every ARN carries, e.g. `123456789012`.
    public let accountId: String
    let clock: any WallClock
    let ids: IdentityIDs
    let state = Mutex(State())

    /// The managed policy that grants everything, attached to the operator.
    public static let administratorAccessARN = "arn:aws:iam::aws:policy/AdministratorAccess"
    /// The operator's user name.
    public static let operatorUserName = "operator"

    /// An account with one operator user, who holds `operatorCredentials` and full access
    /// through the AWS-managed `AdministratorAccess` policy.
    public init(accountId: String, operatorKey: (accessKeyId: String, secretAccessKey: String), clock: any WallClock, random: any RandomSource) {
        self.accountId = accountId
        self.clock = clock
        self.ids = IdentityIDs(random: random)
        let now = clock.now()
        let administrator = try! PolicyDocument(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            name: "AdministratorAccess"
        )
        state.withLock { state in
            state.policies[Self.administratorAccessARN] = ManagedPolicy(
                name: "AdministratorAccess", id: "ANPAIWMBCKSKIEE64ZLYK", arn: Self.administratorAccessARN, path: "/",
                description: "Provides full access to AWS services and resources.", created: now,
                document: administrator, defaultVersionId: "v1"
            )
            state.users[Self.operatorUserName] = IAMUser(
                name: Self.operatorUserName, id: ids.uniqueId(prefix: "AIDA"),
                arn: "arn:aws:iam::\(accountId):user/\(Self.operatorUserName)", path: "/", created: now,
                tags: [:], inlinePolicies: [], attachedPolicyARNs: [Self.administratorAccessARN]
            )
            state.accessKeys[operatorKey.accessKeyId] = AccessKey(
                accessKeyId: operatorKey.accessKeyId, secretAccessKey: operatorKey.secretAccessKey,
                userName: Self.operatorUserName, created: now, active: true
            )
        }
    }

    /// A store holding `state` as it is, for ``copy(clock:random:)``.
    init(accountId: String, clock: any WallClock, random: any RandomSource, state: State) {
        self.accountId = accountId
        self.clock = clock
        self.ids = IdentityIDs(random: random)
        self.state.withLock { $0 = state }
    }

    /// What an access key id stands for at `date`.
    public enum Resolution: Sendable {
        case unknown
        /// A session key past its expiry.
        case expired
        case found(secretAccessKey: String, sessionToken: String?, principal: IAMPrincipal)
    }

    /// Looks up the key a request was signed with.
    public func resolve(accessKeyId: String, at date: Date) -> Resolution {
        state.withLock { state in
            if let key = state.accessKeys[accessKeyId], key.active, let user = state.users[key.userName] {
                return .found(secretAccessKey: key.secretAccessKey, sessionToken: nil, principal: .user(user, accountId: accountId))
            }
            if let session = state.userSessions[accessKeyId] {
                guard date < session.expiration else { return .expired }
                guard let user = state.users[session.userName], user.id == session.userId else { return .unknown }
                return .found(
                    secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken,
                    principal: .user(user, accountId: accountId, session: true)
                )
            }
            if let session = state.sessions[accessKeyId] {
                guard date < session.expiration else { return .expired }
                // A session dies with its role: a role re-created under the name has a new id.
                guard let role = state.roles[session.roleName], role.id == session.roleId else { return .unknown }
                return .found(
                    secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken,
                    principal: .session(session, role: role, accountId: accountId)
                )
            }
            return .unknown
        }
    }

    /// The principal's policies, ready to evaluate: a user's or role's inline and attached
    /// policies, and a session's session policies.
    public func policySet(for principal: IAMPrincipal) -> PolicySet {
        state.withLock { state in
            let (inline, attached): ([NamedPolicy], [String])
            switch principal.kind {
            case .user(let name):
                let user = state.users[name]
                (inline, attached) = (user?.inlinePolicies ?? [], user?.attachedPolicyARNs ?? [])
            case .assumedRole(let roleName, let roleId, _):
                let role = state.roles[roleName].flatMap { $0.id == roleId ? $0 : nil }
                (inline, attached) = (role?.inlinePolicies ?? [], role?.attachedPolicyARNs ?? [])
            }
            return PolicySet(identityPolicies: Self.documents(inline, attached, in: state), sessionPolicies: principal.sessionPolicies)
        }
    }

    /// Decides whether `principal` may perform `action` on `resource`, with the principal's
    /// own context keys (`aws:username`, `aws:userid`, tags, web identity keys) plus `context`.
    /// During an ``AuthorizationDryRun`` the decision is recorded and a denial returned.
    public func authorize(
        _ principal: IAMPrincipal, action: String, resource: String, context: [String: [String]] = [:]
    ) -> Decision {
        guard let dryRun = AuthorizationDryRun.current else {
            let request = principal.authorizationRequest(action: action, resource: resource, context: context, at: clock.now())
            return policySet(for: principal).evaluate(request)
        }
        // A dry run asks hundreds of questions of one principal: its policies and the context
        // its own keys make are prepared once, and each question adds only its own keys.
        let prepared = dryRun.prepared(for: principal) {
            let base = principal.authorizationRequest(action: action, resource: resource, at: clock.now())
            return .init(policies: policySet(for: principal), context: base.context, principal: base.principal)
        }
        var questionContext = prepared.context
        for (key, values) in context { questionContext[key] = values }
        let request = AuthorizationRequest(principal: prepared.principal, action: action, resource: resource, context: questionContext)
        return dryRun.intercept(prepared.policies.evaluate(request))
    }

    /// Throws AWS's `AccessDenied` unless `principal` may perform `action` on `resource`.
    public func requireAllowed(_ principal: IAMPrincipal, action: String, resource: String, context: [String: [String]] = [:]) throws(IAMError) {
        let decision = authorize(principal, action: action, resource: resource, context: context)
        guard decision.isAllowed else { throw .accessDenied(decision.accessDeniedMessage) }
    }

    /// The ARN of a role, user or customer policy named `name` under `path` in this account.
    public func arn(_ kind: String, path: String = "/", name: String) -> String {
        "arn:aws:iam::\(accountId):\(kind)\(path)\(name)"
    }

    /// An entity's inline documents followed by its attached managed policies' documents.
    static func documents(_ inline: [NamedPolicy], _ attached: [String], in state: State) -> [PolicyDocument] {
        inline.map(\.document) + attached.compactMap { state.policies[$0]?.document }
    }

    /// Adds a session, first dropping sessions that ended over an hour ago (a client using one
    /// that long after still gets `.unknown`, as AWS forgets old tokens too), so a long-running
    /// server does not grow without bound.
    func addSession(_ session: RoleSession, now: Date) {
        state.withLock { state in
            Self.forgetOld(&state.sessions, now: now, expiration: \.expiration)
            state.sessions[session.accessKeyId] = session
        }
    }

    /// Adds a GetSessionToken session, forgetting old ones as ``addSession(_:now:)`` does.
    func addUserSession(_ session: UserSession, now: Date) {
        state.withLock { state in
            Self.forgetOld(&state.userSessions, now: now, expiration: \.expiration)
            state.userSessions[session.accessKeyId] = session
        }
    }

    /// Drops the sessions that ended over an hour ago, once there are many, and then only every
    /// 256th addition, so the sweep costs little per session.
    private static func forgetOld<S>(_ sessions: inout [String: S], now: Date, expiration: KeyPath<S, Date>) {
        guard sessions.count >= 1024, sessions.count.isMultiple(of: 256) else { return }
        let horizon = now.addingTimeInterval(-3600)
        sessions = sessions.filter { $0.value[keyPath: expiration] > horizon }
    }
}

extension IdentityStore {
    /// The inline and attached policies of the user or role named by `arn`, for
    /// SimulatePrincipalPolicy.
    public func identityPolicies(ofEntity arn: String) throws(IAMError) -> [PolicyDocument] {
        try state.withLock { state throws(IAMError) in
            if let user = state.users.values.first(where: { $0.arn == arn }) {
                return Self.documents(user.inlinePolicies, user.attachedPolicyARNs, in: state)
            }
            if let role = state.roles.values.first(where: { $0.arn == arn }) {
                return Self.documents(role.inlinePolicies, role.attachedPolicyARNs, in: state)
            }
            throw .noSuchEntity("The principal \(arn) cannot be found.")
        }
    }
}
