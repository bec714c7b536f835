#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// STS: who am I, and temporary credentials for a role, decided by the role's trust policy.
public struct SecurityTokenService: Sendable {
    /// The result of AssumeRole and AssumeRoleWithWebIdentity.
    public struct AssumedRole: Sendable, Equatable {
        public let credentials: TemporaryCredentials
        /// `arn:aws:sts::<acct>:assumed-role/<role>/<session>`.
        public let assumedRoleARN: String
        /// `<roleId>:<session>`.
        public let assumedRoleId: String
    }

    public let store: IdentityStore
    /// Verifies tokens for AssumeRoleWithWebIdentity; nil refuses every such call.
    public let webIdentityVerifier: (any WebIdentityVerifier)?

    public init(store: IdentityStore, webIdentityVerifier: (any WebIdentityVerifier)? = nil) {
        self.store = store
        self.webIdentityVerifier = webIdentityVerifier
    }

    /// GetCallerIdentity: always allowed, as in AWS.
    public func callerIdentity(_ principal: IAMPrincipal) -> (account: String, arn: String, userId: String) {
        (principal.accountId, principal.arn, principal.userId)
    }

    /// GetSessionToken: temporary credentials that act as the calling user, with the user's
    /// policies, for `durationSeconds` (900 to 129,600; 43,200 when absent). Only a user's
    /// long-term key may ask: a role session or another GetSessionToken session is refused with
    /// AWS's `AccessDenied`. No permission is needed, as in AWS.
    public func sessionToken(caller: IAMPrincipal, durationSeconds: Int? = nil) throws(IAMError) -> TemporaryCredentials {
        guard case .user(let userName) = caller.kind, !caller.isUserSession else {
            throw .accessDenied("Cannot call GetSessionToken with session credentials")
        }
        let duration = durationSeconds ?? 43_200
        try checkDuration(duration, maximum: 129_600)
        let user = try store.user(named: userName)
        let now = store.clock.now()
        // The access probe learns that the call needs no permission; nothing is issued or drawn.
        if AuthorizationDryRun.current != nil {
            return TemporaryCredentials(accessKeyId: "", secretAccessKey: "", sessionToken: "", expiration: now)
        }
        let session = UserSession(
            accessKeyId: store.ids.accessKeyId(temporary: true), secretAccessKey: store.ids.secretAccessKey(),
            sessionToken: store.ids.sessionToken(), expiration: now.addingTimeInterval(TimeInterval(duration)),
            userName: user.name, userId: user.id
        )
        store.addUserSession(session, now: now)
        return TemporaryCredentials(
            accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey,
            sessionToken: session.sessionToken, expiration: session.expiration
        )
    }

    /// `DurationSeconds` at least 900 and, when `maximum` is given, at most that, in the
    /// words of STS's request validation.
    private func checkDuration(_ duration: Int, maximum: Int? = nil) throws(IAMError) {
        let failure = "1 validation error detected: Value '\(duration)' at 'durationSeconds' failed to satisfy constraint: Member must have value "
        guard duration >= 900 else { throw .validation(failure + "greater than or equal to 900") }
        if let maximum, duration > maximum { throw .validation(failure + "less than or equal to \(maximum)") }
    }

    /// AssumeRole: the role's trust policy must allow the caller `sts:AssumeRole` (and
    /// `sts:TagSession` when tags are passed). When the trust policy grants the whole account
    /// (`arn:aws:iam::<acct>:root`) rather than the caller by name, the caller's own policies
    /// must allow `sts:AssumeRole` on the role too, as in AWS.
    public func assumeRole(
        caller: IAMPrincipal, roleARN: String, sessionName: String, durationSeconds: Int? = nil,
        tags: [String: String] = [:], sessionPolicy: String? = nil
    ) throws(IAMError) -> AssumedRole {
        try checkSessionName(sessionName)
        let policies = try sessionPolicies(sessionPolicy)
        let role = try role(arn: roleARN)
        let now = store.clock.now()
        var actions = ["sts:AssumeRole"]
        if !tags.isEmpty { actions.append("sts:TagSession") }
        for action in actions {
            let request = caller.authorizationRequest(action: action, resource: role.arn, at: now)
            let trust = PolicySet(identityPolicies: [], resourcePolicy: role.trustPolicy).evaluate(request)
            guard trust.isAllowed else { throw .accessDenied(trust.accessDeniedMessage) }
            if grantsWholeAccount(role, action: action, caller: caller, at: now) {
                try store.requireAllowed(caller, action: action, resource: role.arn)
            }
        }
        return try issue(role: role, sessionName: sessionName, durationSeconds: durationSeconds, tags: tags, contextKeys: [:], sessionPolicies: policies)
    }

    /// The session policy a caller passed, held to its length and parsed: `ValidationError`
    /// past 2,048 characters, `MalformedPolicyDocument` when it does not parse.
    private func sessionPolicies(_ text: String?) throws(IAMError) -> [PolicyDocument] {
        guard let text else { return [] }
        try PolicySizeQuotas.checkLength(text, member: "policy", limit: PolicySizeQuotas.sessionPolicyLength)
        return [try store.parse(text, name: "session policy", kind: .identity)]
    }

    /// AssumeRoleWithWebIdentity: no AWS credentials; the token is verified and the trust
    /// policy is evaluated for the `Federated` provider with the token's `sub`, `aud` and `amr`.
    /// A session policy narrows the session as in AssumeRole.
    public func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, webIdentityToken: String, durationSeconds: Int? = nil, sessionPolicy: String? = nil
    ) throws(IAMError) -> (assumed: AssumedRole, identity: WebIdentity) {
        try checkSessionName(sessionName)
        let policies = try sessionPolicies(sessionPolicy)
        guard let verifier = webIdentityVerifier else {
            throw .invalidIdentityToken("No OpenIDConnect provider found in your account for the token's issuer")
        }
        let now = store.clock.now()
        let identity = try verifier.verify(webIdentityToken, at: now)
        let role = try role(arn: roleARN)
        var actions = ["sts:AssumeRoleWithWebIdentity"]
        if !identity.principalTags.isEmpty { actions.append("sts:TagSession") }
        for action in actions {
            let request = AuthorizationRequest(
                principal: .init(arn: identity.provider, account: store.accountId, federatedProvider: identity.provider),
                action: action, resource: role.arn, context: AuthorizationContext(identity.contextKeys), currentTime: now
            )
            let trust = PolicySet(identityPolicies: [], resourcePolicy: role.trustPolicy).evaluate(request)
            guard trust.isAllowed else {
                throw .accessDenied("Not authorized to perform \(action): \(trust.explanation.summary)")
            }
        }
        let assumed = try issue(
            role: role, sessionName: sessionName, durationSeconds: durationSeconds, tags: identity.principalTags,
            contextKeys: identity.contextKeys, sessionPolicies: policies
        )
        return (assumed, identity)
    }

    /// Whether the trust policy allows `action` through an account-wide principal
    /// (`arn:aws:iam::<acct>:root`). The check asks as the account root but with every one of
    /// the caller's context keys and tags (`aws:PrincipalArn` included), so conditions decide
    /// exactly as they did for the caller and only the Principal match differs.
    private func grantsWholeAccount(_ role: IAMRole, action: String, caller: IAMPrincipal, at date: Date) -> Bool {
        var context = caller.globalContext
        context["aws:PrincipalArn"] = [AuthorizationRequest.Principal(arn: caller.arn, account: caller.accountId).policyARN]
        context["aws:PrincipalAccount"] = [caller.accountId]
        let request = AuthorizationRequest(
            principal: .init(arn: "arn:aws:iam::\(caller.accountId):root", account: caller.accountId), action: action,
            resource: role.arn, context: AuthorizationContext(context), principalTags: caller.tags, currentTime: date
        )
        return PolicySet(identityPolicies: [], resourcePolicy: role.trustPolicy).evaluate(request).isAllowed
    }

    private func role(arn: String) throws(IAMError) -> IAMRole {
        guard let name = arn.split(separator: "/").last.map(String.init), arn.hasPrefix("arn:aws:iam::\(store.accountId):role/"),
              let role = try? store.role(named: name), role.arn == arn else {
            throw .accessDenied("Not authorized to perform sts:AssumeRole on \(arn): the role does not exist in account \(store.accountId)")
        }
        return role
    }

    private func checkSessionName(_ name: String) throws(IAMError) {
        guard (2...64).contains(name.count) else {
            throw .validation("1 validation error detected: Value '\(name)' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64")
        }
        try IAMNames.check(name, member: "roleSessionName")
    }

    private func issue(
        role: IAMRole, sessionName: String, durationSeconds: Int?, tags: [String: String],
        contextKeys: [String: [String]], sessionPolicies: [PolicyDocument]
    ) throws(IAMError) -> AssumedRole {
        let duration = durationSeconds ?? 3600
        try checkDuration(duration)
        guard duration <= role.maxSessionDuration else {
            throw .validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        }
        let session = RoleSession(
            accessKeyId: store.ids.accessKeyId(temporary: true), secretAccessKey: store.ids.secretAccessKey(),
            sessionToken: store.ids.sessionToken(), expiration: store.clock.now().addingTimeInterval(TimeInterval(duration)),
            roleARN: role.arn, roleName: role.name, roleId: role.id, sessionName: sessionName,
            assumedRoleARN: "arn:aws:sts::\(store.accountId):assumed-role/\(role.name)/\(sessionName)",
            assumedRoleId: "\(role.id):\(sessionName)", tags: tags, contextKeys: contextKeys, sessionPolicies: sessionPolicies
        )
        store.addSession(session, now: store.clock.now())
        return AssumedRole(
            credentials: TemporaryCredentials(
                accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey,
                sessionToken: session.sessionToken, expiration: session.expiration
            ),
            assumedRoleARN: session.assumedRoleARN, assumedRoleId: session.assumedRoleId
        )
    }
}
