// GetId, GetOpenIdToken and GetCredentialsForIdentity: from a user pool ID token to an
// identity, a token of this service, and temporary credentials for the mapped role.
import Core
import IAM
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What GetCredentialsForIdentity returns, with the role it chose for those who ask.
public struct IdentityCredentials: Sendable, Equatable {
    public let identityId: String
    public let credentials: TemporaryCredentials
    /// The role assumed.
    public let roleARN: String
    /// `arn:aws:sts::<acct>:assumed-role/<role>/CognitoIdentityCredentials`.
    public let assumedRoleARN: String
}

extension IdentityPools {
    /// A verified login: which configured provider and client it came through, and its claims.
    struct VerifiedLogin {
        let provider: CognitoIdentityProvider
        let subject: String
        let claims: JSONObject
        var key: String { "\(provider.providerName)|\(subject)" }
    }

    /// An identity ready for a token: its pool, and its logins (none for a guest).
    struct Authenticated {
        let pool: IdentityPool
        let identityId: String
        let logins: [VerifiedLogin]
    }

    /// GetId: the identity of the user behind `logins` in pool `poolId`, the same one every
    /// time for the same (pool, provider, `sub`); without logins, a new guest identity if the
    /// pool allows them.
    public func getId(poolId: String, logins: [String: String]) throws(CognitoError) -> String {
        let pool = try identityPool(id: poolId)
        let verified = try verify(logins, for: pool)
        if verified.isEmpty, !pool.settings.allowUnauthenticatedIdentities { throw .unauthenticatedNotSupported() }
        let fresh = "\(region):\(UUIDv4.make(using: random))"
        let now = clock.now()
        return try state.withLock { state throws(CognitoError) in
            guard state.pools[poolId] != nil else { throw .identityPoolNotFound(poolId) }
            let links = state.identityByLogin
            let known = verified.lazy.compactMap { links["\(poolId)|\($0.key)"] }.first
            let id = known ?? fresh
            var identity: Identity
            if let existing = state.identities[id] {
                identity = existing
            } else {
                identity = Identity(id: id, poolId: poolId, logins: [], sequence: state.nextIdentitySequence, created: now, lastModified: now)
                state.nextIdentitySequence += 1
                state.identityOrder[poolId, default: []].append(id)
            }
            for login in verified where identity.logins.insert(login.key).inserted {
                identity.lastModified = now
                state.identityByLogin["\(poolId)|\(login.key)"] = id
            }
            state.identities[id] = identity
            return id
        }
    }

    /// GetOpenIdToken: a token of this service for the identity, valid ten minutes, for the
    /// basic (classic) flow, where the caller picks the role. As in AWS, only pools with
    /// `AllowClassicFlow` and without role mappings give one (InvalidParameterException
    /// otherwise): the basic flow would let any user assume any role the pool's trust
    /// policies allow, whatever the role mapping says. STS re-checks the pool when the token
    /// arrives (see ``IdentityPoolTokens``).
    public func openIdToken(identityId: String, logins: [String: String]) throws(CognitoError) -> String {
        let identity = try authenticate(identityId, logins: logins)
        guard identity.pool.settings.allowClassicFlow else {
            throw .invalidParameter("Basic (classic) flow is not enabled, please use enhanced flow.")
        }
        guard identity.pool.roleMappings.isEmpty else {
            throw .invalidParameter("Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.")
        }
        return token(for: identity, primary: identity.logins.first, flow: .classic)
    }

    /// GetCredentialsForIdentity: picks the role (see ``RoleResolution``), signs a token with
    /// the pool's principal tags, and has STS assume the role with it. A trust policy that
    /// refuses the token (or lacks `sts:TagSession` when there are tags) is AWS's
    /// InvalidIdentityPoolConfigurationException.
    public func credentials(identityId: String, logins: [String: String], customRoleARN: String? = nil) throws(CognitoError) -> IdentityCredentials {
        let identity = try authenticate(identityId, logins: logins)
        let roleARN: String
        if let primary = identity.logins.first {
            let key = primary.provider.roleMappingKey
            roleARN = try RoleResolution.role(
                mapping: identity.pool.roleMappings[key], mappingKey: key, claims: primary.claims,
                authenticatedRole: identity.pool.roles.authenticated, customRoleARN: customRoleARN
            )
        } else {
            guard let guestRole = identity.pool.roles.unauthenticated else { throw .invalidPoolConfiguration() }
            roleARN = guestRole
        }
        // A single-use token STS redeems here and nowhere else: it is never returned.
        let webToken = token(for: identity, primary: identity.logins.first, flow: .enhanced)
        do {
            let (assumed, _) = try sts.assumeRoleWithWebIdentity(roleARN: roleARN, sessionName: Self.sessionName, webIdentityToken: webToken)
            return IdentityCredentials(
                identityId: identityId, credentials: assumed.credentials, roleARN: roleARN, assumedRoleARN: assumed.assumedRoleARN
            )
        } catch {
            // AWS hides STS's reason behind one sentence; so do we.
            throw .invalidPoolConfiguration()
        }
    }

    /// The token for `identity`: `amr` lists every login's provider and sign-in, and the
    /// principal tags come from the primary login's provider map.
    func token(for identity: Authenticated, primary: VerifiedLogin?, flow: IdentityPoolTokens.Flow) -> String {
        var amr = ["unauthenticated"]
        var tags: [String: String] = [:]
        if let primary {
            amr = ["authenticated"]
            for login in identity.logins {
                amr += [login.provider.providerName, "\(login.provider.providerName):CognitoSignIn:\(login.subject)"]
            }
            tags = identity.pool.principalTagMaps[primary.provider.providerName]?.sessionTags(from: primary.claims) ?? [:]
        }
        return tokens.issue(identityId: identity.identityId, poolId: identity.pool.id, amr: amr, principalTags: tags, at: clock.now(), flow: flow)
    }

    /// The identity and its verified logins. An identity that already has logins answers
    /// only to one of them: at least one presented login must be linked to it (same
    /// provider, same `sub`), else "Logins don't match", so a caller cannot take over another
    /// user's IdentityId with a login of their own. Only then are new logins linked; a login
    /// linked to another identity is refused. A guest identity (no logins) may be claimed by
    /// any valid login and becomes authenticated, as in AWS. No logins: only a guest identity
    /// of a pool that still allows guests.
    ///
    /// Verification runs outside the lock (the verifier has its own); every decision is
    /// taken under the lock that commits, against the identity as it is then, so a
    /// concurrent login that turns a guest into an authenticated identity is seen.
    func authenticate(_ identityId: String, logins: [String: String]) throws(CognitoError) -> Authenticated {
        try IdentityPoolValidation.checkId(identityId, member: "identityId")
        guard let poolId = state.withLock({ $0.identities[identityId]?.poolId }) else { throw .identityNotFound(identityId) }
        let pool = try identityPool(id: poolId)
        let verified = try verify(logins, for: pool)
        let now = clock.now()
        try state.withLock { state throws(CognitoError) in
            guard var current = state.identities[identityId] else { throw .identityNotFound(identityId) }
            if verified.isEmpty {
                guard current.logins.isEmpty else { throw .identityForbidden(identityId) }
                guard pool.settings.allowUnauthenticatedIdentities else { throw .unauthenticatedNotSupported() }
                return
            }
            if !current.logins.isEmpty, !verified.contains(where: { current.logins.contains($0.key) }) {
                throw .loginsDoNotMatch()
            }
            for login in verified {
                let index = "\(pool.id)|\(login.key)"
                if let owner = state.identityByLogin[index], owner != identityId { throw .loginsDoNotMatch() }
            }
            for login in verified where current.logins.insert(login.key).inserted {
                state.identityByLogin["\(pool.id)|\(login.key)"] = identityId
                current.lastModified = now
            }
            state.identities[identityId] = current
        }
        return Authenticated(pool: pool, identityId: identityId, logins: verified)
    }

    /// Verifies each login (at most 10), in provider-name order so the first is the primary.
    /// The provider must be configured on the pool and the token's `aud` one of its client
    /// ids; AWS answers both failures "Token is not from a supported provider of this
    /// identity pool." The verifier's own refusals (signature, expiry) pass through.
    func verify(_ logins: [String: String], for pool: IdentityPool) throws(CognitoError) -> [VerifiedLogin] {
        guard logins.count <= 10 else {
            throw .validation(value: "\(logins.count) entries", member: "logins", constraint: "Member must have length less than or equal to 10")
        }
        let now = clock.now()
        var verified: [VerifiedLogin] = []
        for (providerName, token) in logins.sorted(by: { $0.key < $1.key }) {
            guard pool.hasProvider(named: providerName) else { throw .unsupportedProvider() }
            let claims = try loginVerifier.verifyIDToken(token, providerName: providerName, at: now)
            let audiences: [String]
            switch claims["aud"] {
            case .string(let audience)?: audiences = [audience]
            case .array(let elements)?: audiences = elements.compactMap(\.stringValue)
            default: audiences = []
            }
            guard let provider = pool.provider(named: providerName, audiences: audiences) else { throw .unsupportedProvider() }
            guard case .string(let subject)? = claims["sub"], !subject.isEmpty else {
                throw .notAuthorized("Invalid login token. The token has no sub claim.")
            }
            verified.append(VerifiedLogin(provider: provider, subject: subject, claims: claims))
        }
        return verified
    }
}
