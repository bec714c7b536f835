// The user-pool engine: pools, app clients, users, sign-in and tokens, as plain values
// behind one lock. The Cloud adapter speaks Cognito's JSON 1.1 in front of it.
import Core
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Cognito user pools for one region and account.
///
/// Every id, key, password salt and token comes from the injected ``RandomSource`` and every
/// instant from the injected ``WallClock``, so a seeded run issues the same pools, users and
/// tokens byte for byte.
///
/// State sits behind one `Mutex`. Password hashing (PBKDF2, deliberately slow) never runs
/// under it: operations read what they need, hash outside, then re-check and commit, so one
/// sign-in does not stall every other call.
///
/// Choices where Cognito's documentation is silent or real Cognito cannot be copied:
/// - Tokens are RS256, each pool with its own 2048-bit key pair (`kid` = the key's RFC 7638
///   thumbprint), published as the pool's JWKS (``jwks(poolId:)``). Verification pins the
///   algorithm and the key to the pool, so `alg: none`, HS256 signed with the public key,
///   another pool's tokens and unlisted keys fail. Keys come from ``PoolSigningKeys``: a
///   seeded engine's from saaslab's published seeded series (reproducible, so not secret),
///   an unseeded engine's from the system's generator.
/// - An unknown user signing in gets "Incorrect username or password." (the app client's
///   `PreventUserExistenceErrors` defaults to `ENABLED`, as for clients created since 2020);
///   `LEGACY` clients get `UserNotFoundException`. Admin operations always say
///   `UserNotFoundException`. A sign-in checks the password before the user's state, so a
///   wrong guess never learns that a user is disabled or unconfirmed.
/// - Only `USER_PASSWORD_AUTH`, `ADMIN_USER_PASSWORD_AUTH` (`ADMIN_NO_SRP_AUTH`) and
///   `REFRESH_TOKEN_AUTH` (`REFRESH_TOKEN`) are implemented; SRP and custom flows are
///   refused with "Initiate Auth method not supported.". The only challenge is
///   NEW_PASSWORD_REQUIRED.
/// - Messages are never sent: invitations and confirmation codes go to ``outbox(poolId:)``.
///   Without `DesiredDeliveryMediums` the invitation is recorded as SMS (Cognito's
///   default), with no destination when the user has no phone number.
/// - The ID token carries every attribute the client may read (all when `ReadAttributes`
///   is unset), as Cognito does; `_verified` flags are JSON Booleans, other values strings.
/// - Refresh tokens are opaque random strings remembered server-side; a refresh keeps the
///   sign-in's `auth_time` and `origin_jti`. Deleting a user or client revokes its tokens.
/// - Where Cognito's exact wording for a schema violation is unknown (lengths, numbers,
///   Booleans), the message follows the pattern of the known ones.
public final class UserPools: Sendable {
    /// The region in pool ids, ARNs and token issuers, e.g. `us-east-1`.
    public let region: String
    /// The account in pool ARNs.
    public let accountId: String
    /// PBKDF2 rounds for passwords hashed from now on (tests use few, for speed).
    public let passwordIterations: Int
    let clock: any WallClock
    let random: any RandomSource
    /// Where new pools' signing keys come from.
    let keys: PoolSigningKeys
    /// Told of every message a pool sends, as well as its outbox (`saaslab serve` prints them).
    let delivery: MessageDelivery?
    let state = Mutex(State())
    /// PBKDF2 derivations so far (see `UserPools+Passwords.swift`).
    let passwordHashes = Atomic<Int>(0)

    /// Copy contract: `grade` hands each participant a copy of one bootstrapped backend
    /// (`Backend.copy()`), made by `UserPools.copy(clock:random:)`, which copies this and every
    /// `PoolRecord`. A member added here must be copied there, or the copies share it, lose it, or
    /// stop going on exactly as this engine would.
    struct State {
        var pools: [String: PoolRecord] = [:]
        /// App client id → its pool id.
        var clientPools: [String: String] = [:]
        var nextSequence = 0
        /// Every signing key a pool of this engine has held (deleted pools' too), so no two
        /// pools ever sign with one key.
        var usedKeyIds: Set<String> = []
        /// Seeded engines: how many keys of the seeded series the pools have taken.
        var seededKeysTaken = 0
    }

    /// One pool and everything in it.
    struct PoolRecord {
        var pool: UserPool
        let key: RS256Key
        let sequence: Int
        var clients: [String: (client: UserPoolClient, sequence: Int)] = [:]
        var groups: [String: (group: UserGroup, sequence: Int)] = [:]
        /// Users by canonical user name (lower-cased in case-insensitive pools).
        var users: [String: StoredUser] = [:]
        var nextSequence = 0
        var outbox: [OutboxMessage] = []
        /// The engine's ``MessageDelivery``, told of each message ``send(_:)`` puts in the outbox.
        var delivery: MessageDelivery?
        var sessions: [String: ChallengeSession] = [:]
        var refreshTokens: [String: RefreshGrant] = [:]

        /// Puts `message` in the outbox and tells the delivery, if any. Called under the
        /// engine's lock, so a delivery must return at once (queue its work) and never call
        /// back into the engine.
        mutating func send(_ message: OutboxMessage) {
            outbox.append(message)
            delivery?(pool.id, message)
        }

        mutating func takeSequence() -> Int {
            defer { nextSequence += 1 }
            return nextSequence
        }
    }

    /// - Parameters:
    ///   - passwordIterations: PBKDF2-HMAC-SHA256 rounds per password hash.
    ///   - keys: where new pools' signing keys come from (seeded or secret, by `random`).
    ///   - delivery: told of every message a pool sends (invitations, codes), besides its outbox.
    public init(
        region: String, accountId: String, clock: any WallClock, random: any RandomSource, passwordIterations: Int = 10_000,
        keys: PoolSigningKeys = .shared, delivery: MessageDelivery? = nil
    ) {
        precondition(passwordIterations >= 1, "PBKDF2 needs at least one iteration")
        self.region = region
        self.accountId = accountId
        self.clock = clock
        self.random = random
        self.passwordIterations = passwordIterations
        self.keys = keys
        self.delivery = delivery
    }

    // MARK: - Pools

    /// `CreateUserPool`: a new pool with its own token signing key.
    public func createUserPool(_ settings: UserPoolSettings) throws(CognitoError) -> UserPool {
        try settings.validate()
        let schema = try SchemaAttribute.schema(from: settings.schema)
        let id = region + "_" + randomString(9, from: Self.alphanumerics)
        let pool = UserPool(id: id, region: region, accountId: accountId, settings: settings, schema: schema, at: clock.now())
        let key = newSigningKey()
        state.withLock { state in
            state.pools[id] = PoolRecord(pool: pool, key: key, sequence: state.nextSequence, delivery: delivery)
            state.nextSequence += 1
        }
        return pool
    }

    /// `DescribeUserPool`.
    public func describeUserPool(_ poolId: String) throws(CognitoError) -> UserPool {
        try withPool(poolId) { record throws(CognitoError) in record.pool }
    }

    /// `ListUserPools`: up to `maxResults` (1-60) pools in creation order.
    public func listUserPools(maxResults: Int, nextToken: String?) throws(CognitoError) -> (pools: [UserPool], nextToken: String?) {
        guard (1...60).contains(maxResults) else {
            throw .invalidParameter("1 validation error detected: Value '\(maxResults)' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60")
        }
        let start = try PageToken.decode(nextToken, message: "Invalid NextToken.")
        let all = state.withLock { state in
            state.pools.values.map { (sequence: $0.sequence, item: $0.pool) }.sorted { $0.sequence < $1.sequence }
        }
        let page = PageToken.page(all, after: start, limit: maxResults)
        return (page.items, page.next)
    }

    /// `DeleteUserPool`: the pool, its clients, users and tokens. Tokens it issued stop
    /// verifying, since its key goes with it.
    public func deleteUserPool(_ poolId: String) throws(CognitoError) {
        try state.withLock { (state: inout State) throws(CognitoError) in
            guard let record = state.pools.removeValue(forKey: poolId) else { throw .noSuchPool(poolId) }
            for clientId in record.clients.keys { state.clientPools[clientId] = nil }
        }
    }

    /// The messages the pool would have sent (invitations, confirmation codes), oldest first.
    public func outbox(poolId: String) throws(CognitoError) -> [OutboxMessage] {
        try withPool(poolId) { record throws(CognitoError) in record.outbox }
    }

    // MARK: - Shared helpers

    /// Runs `body` on the pool `poolId` under the lock.
    func withPool<T: Sendable>(_ poolId: String, _ body: (inout PoolRecord) throws(CognitoError) -> T) throws(CognitoError) -> T {
        try state.withLock { (state: inout State) throws(CognitoError) -> T in
            guard var record = state.pools[poolId] else { throw .noSuchPool(poolId) }
            defer { state.pools[poolId] = record }
            return try body(&record)
        }
    }

    /// Runs `body` on the pool that owns app client `clientId`, with the client, under the lock.
    func withClient<T: Sendable>(
        _ clientId: String, inPool poolId: String? = nil, _ body: (inout PoolRecord, UserPoolClient) throws(CognitoError) -> T
    ) throws(CognitoError) -> T {
        try state.withLock { (state: inout State) throws(CognitoError) -> T in
            if let poolId, state.pools[poolId] == nil { throw .noSuchPool(poolId) }
            guard let owner = state.clientPools[clientId], poolId == nil || poolId == owner,
                  var record = state.pools[owner], let client = record.clients[clientId]?.client else {
                throw .noSuchClient(clientId)
            }
            defer { state.pools[owner] = record }
            return try body(&record, client)
        }
    }

    static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    static let lowerAlphanumerics = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    func randomString(_ count: Int, from alphabet: [Character]) -> String {
        String((0..<count).map { _ in random.element(of: alphabet) })
    }

    /// An opaque, unguessable token (sessions, refresh tokens).
    func opaqueToken(bytes: Int = 48) -> String {
        Base64URL.encode(random.bytes(bytes))
    }
}

// Finding a user by the name someone typed: the user name itself, or an email, phone
// number or preferred user name the pool lets people sign in with.
extension UserPools.PoolRecord {
    /// The key `username` is stored under: itself, or lower-cased in a case-insensitive pool.
    func canonical(_ username: String) -> String {
        pool.usernameCaseSensitive ? username : username.lowercased()
    }

    /// The stored key of the user `name` designates, if any.
    ///
    /// In a pool with `UsernameAttributes`, the email or phone number is the sign-in name
    /// (the real user name is the `sub`). In a pool with `AliasAttributes`, a *verified*
    /// email or phone number, or the preferred user name, also signs in. Emails and
    /// preferred user names compare without case, as Cognito compares them.
    func userKey(for name: String) -> String? {
        let key = canonical(name)
        if users[key] != nil { return key }
        for attribute in pool.usernameAttributes {
            if let found = users.first(where: { Self.same($0.value.user.attributes.value(of: attribute), name, attribute) }) {
                return found.key
            }
        }
        for attribute in pool.aliasAttributes {
            let verification = attribute == "preferred_username" ? nil : attribute + "_verified"
            let found = users.first { entry in
                let attributes = entry.value.user.attributes
                guard Self.same(attributes.value(of: attribute), name, attribute) else { return false }
                return verification.map { attributes.value(of: $0) == "true" } ?? true
            }
            if let found { return found.key }
        }
        return nil
    }

    /// The stored key of `name`, or `UserNotFoundException`.
    func requireUserKey(_ name: String) throws(CognitoError) -> String {
        guard let key = userKey(for: name) else { throw .userNotFound }
        return key
    }

    private static func same(_ stored: String?, _ typed: String, _ attribute: String) -> Bool {
        guard let stored else { return false }
        return attribute == "phone_number" ? stored == typed : stored.lowercased() == typed.lowercased()
    }

    /// Whether another user already signs in with `value` as `attribute`, which would make
    /// sign-in ambiguous.
    func signInValueTaken(_ attribute: String, _ value: String, except key: String? = nil) -> Bool {
        guard pool.usernameAttributes.contains(attribute) || pool.aliasAttributes.contains(attribute) else { return false }
        return users.contains { $0.key != key && Self.same($0.value.user.attributes.value(of: attribute), value, attribute) }
    }

    /// AliasExistsException when another user (not `key`) already signs in with the email
    /// or phone number in `attributes`.
    func checkSignInValuesFree(_ attributes: [UserAttribute], except key: String) throws(CognitoError) {
        for attribute in ["email", "phone_number"] {
            if let value = attributes.value(of: attribute), signInValueTaken(attribute, value, except: key) {
                throw CognitoError(code: "AliasExistsException", message: "An account with the given \(attribute == "email" ? "email" : "phone number") already exists.")
            }
        }
    }
}
