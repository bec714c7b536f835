import Core
import SigV4
import Synchronization
import Foundation

/// Turns a bearer ID token into verified tenant context and, on demand, into temporary
/// credentials scoped to the caller's tenant, as the bootcamp's token manager did, except
/// that nothing is believed before the platform has verified the token.
///
/// Verification goes through the AWS API only: the user's record names their identity pool,
/// and `GetId` with the token as a login makes the identity pool check it (signature, issuer,
/// audience, expiry) before answering. A signature proves only which pool issued the token,
/// and a tenant's admin controls its own pool's users and attributes; so the claims are then
/// held against records tenants cannot write: the claimed tenant's record must name the pool
/// that issued the token (no pool speaks for another tenant, nor for the provider), and the
/// user's record must agree on tenant and role (no user promotes themselves by editing an
/// attribute). Verified tokens and their credentials are cached until they expire, or until
/// the user is changed through the user manager. A refused token is refused by its cause
/// (tampered, expired, malformed, lacking the app's claims), and its user called unknown only
/// once the identity pool has found the token genuine.
final class TokenManager: Sendable {
    private let aws: AWSClient
    private let users: DynamoTable
    let tenantPools: TenantPools
    private let roles: ServiceRoles
    private let systemTenant: SystemTenant
    private let verified = Mutex(VerifiedCache())
    /// Past this many cached tokens, expired ones are dropped (and all, if none had expired).
    private let cacheLimit = 20_000

    init(aws: AWSClient, users: DynamoTable, tenantPools: TenantPools, roles: ServiceRoles, systemTenant: SystemTenant) {
        self.aws = aws
        self.users = users
        self.tenantPools = tenantPools
        self.roles = roles
        self.systemTenant = systemTenant
    }

    /// The caller's verified claims, or 401 saying what is wrong with the token.
    func verify(bearer token: String) async throws(AppError) -> VerifiedClaims {
        let now = aws.clock.now()
        let (cached, generation) = verified.withLock { ($0.entries[TokenKey(token)], $0.usersGeneration) }
        if let claims = cached {
            guard claims.expiresAt > now else { throw Self.expired }
            return claims
        }
        let unverified = try Self.payload(of: token)
        guard unverified["token_use"]?.stringValue == "id" else {
            throw AppError.unauthorized("the bearer token is not an ID token; send the \"token\" that POST /auth returned, not the access token")
        }
        guard let issuer = unverified["iss"]?.stringValue, let clientId = unverified["aud"]?.stringValue,
              let userName = unverified["cognito:username"]?.stringValue, let exp = unverified["exp"]?.doubleValue else {
            throw AppError.unauthorized("the ID token lacks iss, aud, cognito:username or exp")
        }
        let provider = issuer.hasPrefix("https://") ? String(issuer.dropFirst(8)) : issuer
        let userPoolId = provider.split(separator: "/").last.map(String.init) ?? ""

        // The user's identity pool, from their record (written at provisioning). Only a record in
        // the claimed tenant's own partition counts: another tenant's admin may write records
        // under any name in its own partition, and must not be able to stand in for this user.
        let claimedTenant = unverified["custom:tenant_id"]?.stringValue ?? ""
        let records = try await users.query(
            "user_id", equals: userName, index: AppTables.userNameIndex, credentials: try await roles.credentials(.auth), meter: nil
        )
        let record = records.first { $0["userPoolId"]?.stringValue == userPoolId && $0["tenant_id"]?.stringValue == claimedTenant }
        // Without that record, any identity pool that trusts the issuing user pool is asked
        // anyway, only to learn whether the token is genuine: a token altered after it was
        // issued is refused as such, not as a stranger's.
        var checkingPool = record?["IdentityPoolId"]?.stringValue
            ?? records.first { $0["userPoolId"]?.stringValue == userPoolId }?["IdentityPoolId"]?.stringValue
        // The claimed tenant is the caller's word here: a lookup it makes fail (an id DynamoDB refuses) finds nothing.
        if checkingPool == nil, !claimedTenant.isEmpty, let pools = try? await tenantPools.pools(of: claimedTenant), pools.userPoolId == userPoolId {
            checkingPool = pools.identityPoolId
        }
        guard let checkingPool else {
            throw AppError.unauthorized(
                "the ID token's claims name no user or tenant of this app whose identity pool could check it (issuer \(issuer), "
                    + "custom:tenant_id '\(claimedTenant)'); sign in with POST /auth and send the \"token\" it returns unchanged")
        }
        let identityId: String
        do throws(AppError) {
            let output = try await aws.call(.identityPools, "GetId", [
                "IdentityPoolId": .string(checkingPool), "Logins": [provider: .string(token)],
            ], credentials: nil)
            guard let id = output["IdentityId"]?.stringValue else { throw AppError.platformUnavailable("GetId returned no IdentityId") }
            identityId = id
        } catch where !error.status.isServerError {
            throw Self.refusal(byIdentityPool: error)
        }
        // The token is genuine; only now may its user be called unknown. A user the app knows in
        // this pool whose token leaves out the app's claims is not unknown: their app client
        // does not let the claims into its tokens, and the refusal says so.
        let missing = Self.appClaims.filter { unverified[$0] == nil }
        if !missing.isEmpty, try await isRegistered(in: userPoolId, among: records) {
            throw Self.lacking(missing, clientId: clientId)
        }
        guard let record, let identityPoolId = record["IdentityPoolId"]?.stringValue, identityPoolId == checkingPool else {
            throw AppError.unauthorized("the ID token's user '\(userName)' is not registered with this app")
        }

        // Verified: the claims are the platform's now, not the caller's.
        guard let tenantId = unverified["custom:tenant_id"]?.stringValue, !tenantId.isEmpty else {
            throw AppError.forbidden("the ID token carries no custom:tenant_id; this user belongs to no tenant")
        }
        guard let roleText = unverified["custom:role"]?.stringValue, let role = UserRole(rawValue: roleText) else {
            throw AppError.forbidden("the ID token's custom:role is missing or not one of \(UserRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !role.isSystem || tenantId == systemTenant.id else {
            throw AppError.forbidden("\(role.rawValue) is a role of the provider's own tenant; a user of tenant \(tenantId) cannot hold it")
        }
        let pools = try await tenantPools.pools(of: tenantId)
        guard let pools, pools.userPoolId == userPoolId, pools.identityPoolId == identityPoolId else {
            throw AppError.forbidden("the ID token claims tenant \(tenantId), but that tenant's users are not in the pool that issued it")
        }
        // A user deleted and created again under the same name is a new user with a new sub:
        // the old user's tokens are not theirs.
        if let recordSub = record["sub"]?.stringValue, !recordSub.isEmpty, recordSub != unverified["sub"]?.stringValue {
            throw AppError.unauthorized("the ID token belongs to an earlier user named '\(userName)', since deleted; sign in again")
        }
        guard record["tenant_id"]?.stringValue == tenantId, record["role"]?.stringValue == role.rawValue else {
            throw AppError.forbidden("the ID token's custom:tenant_id or custom:role does not match \(userName)'s record; sign in again after an administrator changes your role")
        }
        let claims = VerifiedClaims(
            token: token, userName: userName, sub: unverified["sub"]?.stringValue ?? "", tenantId: tenantId, role: role,
            tier: unverified["custom:tier"]?.stringValue, email: unverified["email"]?.stringValue,
            userPoolId: userPoolId, clientId: clientId, providerName: provider, identityPoolId: identityPoolId,
            identityId: identityId, expiresAt: Date(timeIntervalSince1970: exp)
        )
        verified.withLock { cache in
            // A user changed while this token was being checked (deleted, disabled, given
            // another role): this request goes on with what it checked, but the token is
            // not remembered, so the next one is checked against the change.
            guard cache.usersGeneration == generation else { return }
            Self.trim(&cache.entries, limit: cacheLimit) { $0.expiresAt <= now }
            cache.entries[TokenKey(token)] = claims
        }
        return claims
    }

    /// Temporary credentials of the role the identity pool maps the caller to.
    func tenantCredentials(for claims: VerifiedClaims) async throws(AppError) -> AWSCredentials {
        let now = aws.clock.now()
        let generation = verified.withLock { $0.credentialsGeneration }
        if let cached = claims.credentials.withLock({ $0 }), cached.refreshAt > now, cached.generation == generation {
            return cached.credentials
        }
        let output: JSONObject
        do throws(AppError) {
            output = try await aws.call(.identityPools, "GetCredentialsForIdentity", [
                "IdentityId": .string(claims.identityId), "Logins": [claims.providerName: .string(claims.token)],
            ], credentials: nil)
        } catch where error.code == "NotAuthorizedException" {
            // The user is signed in; the identity pool declined to give them a role.
            throw AppError(
                status: .forbidden, code: error.code,
                message: "the identity pool gave \(claims.userName) no credentials: \(error.message) Check the pool's role mapping for custom:role \(claims.role.rawValue)."
            )
        }
        guard let values = output["Credentials"], let id = values["AccessKeyId"]?.stringValue,
              let secret = values["SecretKey"]?.stringValue, let token = values["SessionToken"]?.stringValue else {
            throw AppError.platformUnavailable("GetCredentialsForIdentity returned no credentials")
        }
        let expires = values["Expiration"]?.doubleValue.map { Date(timeIntervalSince1970: $0) } ?? now.addingTimeInterval(3600)
        let result = AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token)
        // Tagged with the generation asked under: credentials that were being fetched when a
        // role mapping changed are not used again once they arrive.
        claims.credentials.withLock { $0 = (result, min(expires.addingTimeInterval(-60), claims.expiresAt), generation) }
        return result
    }

    /// Forgets every verified token of `userName` in `userPoolId`: after the user manager
    /// deletes, disables or changes a user, their old tokens stop working at once.
    func forget(userName: String, userPoolId: String) {
        forgetTokens { $0.userName == userName && $0.userPoolId == userPoolId }
    }

    /// Forgets every verified token of tenant `tenantId`: once a tenant is deleted, its users'
    /// tokens are checked again (and refused, its record being gone).
    func forget(tenantId: String) {
        forgetTokens { $0.tenantId == tenantId }
    }

    /// Drops the verified tokens `matching` says, and moves the users' counter so a check of
    /// one of them under way now is not remembered either.
    private func forgetTokens(matching: (VerifiedClaims) -> Bool) {
        verified.withLock { cache in
            cache.entries = cache.entries.filter { !matching($0.value) }
            cache.usersGeneration &+= 1
        }
    }

    /// Forgets cached credentials, so the next call asks the identity pool again: after a
    /// role mapping or a role's policy changes, callers get credentials under the new rules,
    /// including those whose credentials were being fetched at the time.
    func forgetCredentials() {
        verified.withLock { $0.credentialsGeneration &+= 1 }
    }

    /// The verified tokens, and two counters that say when what was learnt went stale: a
    /// token checked, or credentials fetched, while a counter moved is not trusted later.
    private struct VerifiedCache {
        var entries: [TokenKey: VerifiedClaims] = [:]
        /// Moves when a user is deleted, disabled or changed.
        var usersGeneration: UInt64 = 0
        /// Moves when role mappings or policies are applied anew.
        var credentialsGeneration: UInt64 = 0
    }

    /// Takes `other`'s verified tokens, each a claims object of its own: the cached credentials
    /// inside one change per app, so a copy must not share them.
    func copyState(from other: TokenManager) {
        var copied = other.verified.withLock { $0 }
        copied.entries = copied.entries.mapValues { $0.copy() }
        verified.withLock { $0 = copied }
    }

    /// A token as a cache key. Hashing reads only the token's last 32 bytes (its signature,
    /// different for every token), not all of its ~1 KB, on every request; equality still
    /// compares the whole token.
    struct TokenKey: Hashable, Sendable {
        let token: String

        init(_ token: String) { self.token = token }

        func hash(into hasher: inout Hasher) {
            var token = token
            token.withUTF8 { bytes in hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.suffix(32)))) }
        }
    }

    /// The JWT's payload, decoded but not yet trusted.
    private static func payload(of token: String) throws(AppError) -> JSONObject {
        guard let parts = JWTSegments(token), let bytes = Base64URL.decode(bytes: parts.payload),
              let object = (try? JSON.parse(bytes: bytes))?.objectValue else {
            throw AppError.unauthorized("the bearer token is not a JWT; send the \"token\" that POST /auth returned")
        }
        return object
    }

    private static func trim<Value>(_ cache: inout [TokenKey: Value], limit: Int, isExpired: (Value) -> Bool) {
        guard cache.count >= limit else { return }
        cache = cache.filter { !isExpired($0.value) }
        if cache.count >= limit { cache.removeAll() }
    }
}
