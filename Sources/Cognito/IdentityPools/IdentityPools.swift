import Core
import IAM
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Cognito identity pools (federated identities): pools, identities, role mapping and
/// principal tags, and temporary credentials through STS. A plain engine: no HTTP.
///
/// Logins are checked through a ``LoginTokenVerifier`` (the user-pool engine), and the
/// credentials come from ``SecurityTokenService/assumeRoleWithWebIdentity(roleARN:sessionName:webIdentityToken:durationSeconds:)``
/// with a token this service signs, so the chosen role's trust policy decides, as in AWS.
///
/// State sits behind one `Mutex`. Login verification and STS run outside the lock: the
/// verifier and STS have locks of their own, and holding two at once invites deadlock.
public final class IdentityPools: Sendable {
    struct Identity: Sendable {
        let id: String
        let poolId: String
        /// `<providerName>|<sub>` of each linked login; empty for a guest identity.
        var logins: Set<String>
        /// Creation order across the engine, for ListIdentities' order and tokens.
        let sequence: Int
        let created: Date
        /// When a login was last linked (the creation date until then).
        var lastModified: Date
    }

    /// Copy contract: `grade` hands each participant a copy of one bootstrapped backend
    /// (`Backend.copy()`), made by `IdentityPools.copy(...)`. A member added here must be copied
    /// there, or the copies share it, lose it, or stop going on exactly as this engine would.
    struct State {
        var pools: [String: IdentityPool] = [:]
        /// Creation sequence numbers, for ListIdentityPools' stable order and tokens.
        var sequence: [String: Int] = [:]
        var nextSequence = 0
        var identities: [String: Identity] = [:]
        /// `<poolId>|<providerName>|<sub>` → identity id: the same user gets the same id.
        var identityByLogin: [String: String] = [:]
        /// Each pool's identity ids in creation order (ascending sequence), so a page of
        /// ListIdentities is found by binary search, whatever the pool's size.
        var identityOrder: [String: [String]] = [:]
        var nextIdentitySequence = 0
    }

    /// The region in ids (`<region>:<uuid>`) and ARNs.
    public let region: String
    /// The account roles must belong to.
    public let accountId: String
    let clock: any WallClock
    let random: any RandomSource
    let loginVerifier: any LoginTokenVerifier
    /// Issues the tokens STS verifies.
    public let tokens: IdentityPoolTokens
    let sts: SecurityTokenService
    let state = Mutex(State())

    /// The session name AWS gives sessions made for identity pools.
    public static let sessionName = "CognitoIdentityCredentials"

    /// An engine in `region` of `accountId`.
    ///
    /// - Parameters:
    ///   - loginVerifier: checks the ID tokens in `Logins`.
    ///   - tokens: must be the verifier `sts` was built with, or STS refuses every token.
    ///   - random: pool and identity ids.
    public init(
        region: String, accountId: String, clock: any WallClock, random: any RandomSource,
        loginVerifier: any LoginTokenVerifier, tokens: IdentityPoolTokens, sts: SecurityTokenService
    ) {
        self.region = region
        self.accountId = accountId
        self.clock = clock
        self.random = random
        self.loginVerifier = loginVerifier
        self.tokens = tokens
        self.sts = sts
    }

    /// `arn:aws:cognito-identity:<region>:<account>:identitypool/<id>`, what IAM policies name.
    public func arn(poolId: String) -> String {
        "arn:aws:cognito-identity:\(region):\(accountId):identitypool/\(poolId)"
    }

    // MARK: - Pools

    /// CreateIdentityPool. Pool names need not be unique, as in AWS.
    public func createIdentityPool(_ settings: IdentityPoolSettings) throws(CognitoError) -> IdentityPool {
        try Self.check(settings)
        let pool = IdentityPool(id: "\(region):\(UUIDv4.make(using: random))", settings: settings)
        state.withLock { state in
            state.pools[pool.id] = pool
            state.sequence[pool.id] = state.nextSequence
            state.nextSequence += 1
            recordFlow(of: pool)
        }
        return pool
    }

    /// DescribeIdentityPool (and the lookup every other operation starts with).
    public func identityPool(id: String) throws(CognitoError) -> IdentityPool {
        try IdentityPoolValidation.checkId(id, member: "identityPoolId")
        guard let pool = state.withLock({ $0.pools[id] }) else { throw .identityPoolNotFound(id) }
        return pool
    }

    /// UpdateIdentityPool: replaces the name, guest access and providers. Role mappings
    /// and tag maps stay; those of a removed provider simply never apply again.
    public func updateIdentityPool(id: String, settings: IdentityPoolSettings) throws(CognitoError) -> IdentityPool {
        try Self.check(settings)
        return try mutatePool(id) { pool throws(CognitoError) in pool.settings = settings }
    }

    /// DeleteIdentityPool, with its identities.
    public func deleteIdentityPool(id: String) throws(CognitoError) {
        try IdentityPoolValidation.checkId(id, member: "identityPoolId")
        try state.withLock { state throws(CognitoError) in
            guard state.pools.removeValue(forKey: id) != nil else { throw .identityPoolNotFound(id) }
            tokens.ledger.forget(poolId: id)
            state.sequence[id] = nil
            state.identities = state.identities.filter { $0.value.poolId != id }
            state.identityByLogin = state.identityByLogin.filter { !$0.key.hasPrefix("\(id)|") }
            state.identityOrder[id] = nil
        }
    }

    /// ListIdentityPools: pools in creation order, `maxResults` (1-60) at a time. The
    /// token names the next pool's sequence number, so deleting pools between pages
    /// neither repeats nor skips the others.
    public func listIdentityPools(maxResults: Int, nextToken: String? = nil) throws(CognitoError) -> (pools: [IdentityPool], nextToken: String?) {
        let start = try Self.pageStart(maxResults: maxResults, nextToken: nextToken)
        return state.withLock { state in
            let ordered = state.sequence.filter { $0.value >= start }.sorted { $0.value < $1.value }
            let page = ordered.prefix(maxResults).compactMap { state.pools[$0.key] }
            let token = ordered.count > maxResults ? Self.nextToken(ordered[maxResults].value) : nil
            return (page, token)
        }
    }

    /// The sequence number a page starts at: `maxResults` must be 1 to 60, and `nextToken`
    /// one this engine handed out (a sequence number), as ListIdentityPools and
    /// ListIdentities take them.
    static func pageStart(maxResults: Int, nextToken: String?) throws(CognitoError) -> Int {
        guard (1...60).contains(maxResults) else {
            throw .validation(value: "\(maxResults)", member: "maxResults", constraint: "Member must have value between 1 and 60")
        }
        guard let nextToken else { return 0 }
        guard let bytes = Base64URL.decode(nextToken), let number = Int(String(decoding: bytes, as: UTF8.self)) else {
            throw .invalidParameter("Invalid NextToken: \(nextToken)")
        }
        return number
    }

    /// The token of the page that starts at sequence number `sequence`.
    static func nextToken(_ sequence: Int) -> String {
        Base64URL.encode(Array(String(sequence).utf8))
    }

    /// Changes the pool `id` under the lock.
    func mutatePool(_ id: String, _ change: (inout IdentityPool) throws(CognitoError) -> Void) throws(CognitoError) -> IdentityPool {
        try IdentityPoolValidation.checkId(id, member: "identityPoolId")
        return try state.withLock { state throws(CognitoError) in
            guard var pool = state.pools[id] else { throw .identityPoolNotFound(id) }
            try change(&pool)
            state.pools[id] = pool
            recordFlow(of: pool)
            return pool
        }
    }

    /// Tells the token ledger whether STS may take GetOpenIdToken tokens of `pool`. Called
    /// under the state lock so concurrent changes reach the ledger in the order they were
    /// made; the ledger's lock is a leaf, so nesting it cannot deadlock.
    private func recordFlow(of pool: IdentityPool) {
        tokens.ledger.record(poolId: pool.id, classicFlow: pool.settings.allowClassicFlow && pool.roleMappings.isEmpty)
    }

    private static func check(_ settings: IdentityPoolSettings) throws(CognitoError) {
        try IdentityPoolValidation.checkPoolName(settings.name)
        var seen: Set<String> = []
        for provider in settings.providers {
            try IdentityPoolValidation.checkProvider(provider)
            guard seen.insert(provider.roleMappingKey).inserted else {
                throw .invalidParameter("Duplicate provider: \(provider.providerName) with client id \(provider.clientId)")
            }
        }
    }
}

// MARK: - Roles and principal tags: what an authenticated identity becomes

extension IdentityPools {
    /// SetIdentityPoolRoles: replaces the pool's roles and role mappings together, as the
    /// API does. Role ARNs must be roles of this account; mapping keys must name a provider
    /// and client the pool has; Rules mappings need 1-25 rules. Roles need not exist yet:
    /// STS looks the role up when credentials are requested.
    public func setRoles(poolId: String, roles: IdentityPoolRoles, roleMappings: [String: RoleMapping]) throws(CognitoError) {
        if let arn = roles.authenticated {
            try IdentityPoolValidation.checkRoleARN(arn, member: "roles.authenticated", accountId: accountId)
        }
        if let arn = roles.unauthenticated {
            try IdentityPoolValidation.checkRoleARN(arn, member: "roles.unauthenticated", accountId: accountId)
        }
        _ = try mutatePool(poolId) { pool throws(CognitoError) in
            try IdentityPoolValidation.checkRoleMappings(roleMappings, pool: pool, accountId: accountId)
            pool.roles = roles
            pool.roleMappings = roleMappings
        }
    }

    /// GetIdentityPoolRoles.
    public func roles(poolId: String) throws(CognitoError) -> (roles: IdentityPoolRoles, roleMappings: [String: RoleMapping]) {
        let pool = try identityPool(id: poolId)
        return (pool.roles, pool.roleMappings)
    }

    /// SetPrincipalTagAttributeMap for one of the pool's providers. `useDefaults` replaces
    /// `tags` with ``PrincipalTagMap/userPoolDefaults``; an empty map without defaults
    /// turns principal tags off for the provider.
    @discardableResult
    public func setPrincipalTagMap(poolId: String, providerName: String, useDefaults: Bool, tags: [String: String]) throws(CognitoError) -> PrincipalTagMap {
        let map = PrincipalTagMap(useDefaults: useDefaults, tags: tags)
        try map.validate()
        _ = try mutatePool(poolId) { pool throws(CognitoError) in
            guard pool.hasProvider(named: providerName) else { throw Self.notAProvider(providerName) }
            pool.principalTagMaps[providerName] = map
        }
        return map
    }

    /// GetPrincipalTagAttributeMap: a provider never configured has no tags and no defaults.
    public func principalTagMap(poolId: String, providerName: String) throws(CognitoError) -> PrincipalTagMap {
        let pool = try identityPool(id: poolId)
        guard pool.hasProvider(named: providerName) else { throw Self.notAProvider(providerName) }
        return pool.principalTagMaps[providerName] ?? PrincipalTagMap(useDefaults: false)
    }

    private static func notAProvider(_ providerName: String) -> CognitoError {
        .invalidParameter("Identity provider '\(providerName)' is not configured for this identity pool.")
    }
}

/// The backend's stand-in until the user-pool engine provides the real verifier: every
/// login is refused, so no identity pool hands out credentials it could not justify.
public struct RefusingLoginTokenVerifier: LoginTokenVerifier {
    public init() {}

    public func verifyIDToken(_ token: String, providerName: String, at date: Date) throws(CognitoError) -> JSONObject {
        throw .notAuthorized("Invalid login token. No user pool verifies tokens for \(providerName) on this platform yet.")
    }
}
