// Issuing a signed-in user's tokens: an ID token and an access token with exactly the claims
// Cognito puts in them, and an opaque refresh token remembered server-side.
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `AuthenticationResult`: what a successful sign-in or refresh returns.
public struct AuthenticationResult: Sendable, Hashable {
    public var accessToken: String
    public var idToken: String
    /// Only from a password sign-in; a refresh returns none.
    public var refreshToken: String?
    /// Seconds the access token is valid.
    public var expiresIn: Int
    public var tokenType: String
}

/// What a refresh token stands for. The token itself is random; this is all it means.
struct RefreshGrant: Sendable {
    let userKey: String
    /// The user it was issued to, so a user re-created under the same name cannot use it.
    let sub: String
    let clientId: String
    /// Shared by every token descending from one sign-in.
    let originJti: String
    let authTime: Date
    let expires: Date
}

/// A sign-in's tokens, chosen under the pool's lock and signed after it: an RSA signature
/// takes a millisecond or two, which no other call on the engine should wait for.
struct UnsignedTokens: Sendable {
    let access: JSONObject
    let id: JSONObject
    let key: RS256Key
    let refreshToken: String?
    let expiresIn: Int

    /// The signed tokens, or `InternalErrorException` when the key could not sign.
    func signed() throws(CognitoError) -> AuthenticationResult {
        do {
            return AuthenticationResult(
                accessToken: try JWT.sign(access, with: key), idToken: try JWT.sign(id, with: key), refreshToken: refreshToken,
                expiresIn: expiresIn, tokenType: "Bearer"
            )
        } catch {
            throw CognitoError(code: "InternalErrorException", message: "The tokens could not be signed: \(error)", status: 500)
        }
    }
}

/// What a sign-in step decided under the lock: tokens still to sign, or a challenge.
enum UnsignedOutcome: Sendable {
    case tokens(UnsignedTokens)
    case challenge(AuthChallenge)

    /// The outcome to answer with, its tokens signed (outside any lock).
    func signed() throws(CognitoError) -> AuthOutcome {
        switch self {
        case .tokens(let tokens): .authenticated(try tokens.signed())
        case .challenge(let challenge): .challenge(challenge)
        }
    }
}

extension UserPools {
    /// The tokens of user `key` for `client`, to sign once the lock is released. A password
    /// sign-in (`grant` nil) also gets a refresh token; a refresh carries its sign-in's
    /// `auth_time` and `origin_jti`.
    func issueTokens(_ record: inout PoolRecord, key: String, client: UserPoolClient, now: Date, grant: RefreshGrant?) -> UnsignedOutcome {
        let stored = record.users[key]!
        let originJti = grant?.originJti ?? UUIDv4.make(using: random)
        let authTime = grant?.authTime ?? now
        let times = TokenTimes(authTime: authTime, issued: now)
        let groups = record.orderedGroups(of: stored)
        var id = Self.idClaims(
            stored.user, groups: groups, pool: record.pool, client: client, times: times, lifetime: client.idTokenLifetime,
            jti: UUIDv4.make(using: random), originJti: originJti
        )
        // The groups' IAM roles, for identity pools' Token role mapping (ID token only, as in AWS).
        let roles = record.groupRoles(of: stored)
        if !roles.roles.isEmpty { id["cognito:roles"] = .array(roles.roles.map(JSON.string)) }
        if let preferred = roles.preferred { id["cognito:preferred_role"] = .string(preferred) }
        let access = Self.accessClaims(
            stored.user, groups: groups, pool: record.pool, client: client, times: times, lifetime: client.accessTokenLifetime,
            jti: UUIDv4.make(using: random), originJti: originJti
        )
        var refreshToken: String?
        if grant == nil {
            // Forget refresh tokens that have expired, so a long run does not accumulate them.
            record.refreshTokens = record.refreshTokens.filter { now < $0.value.expires }
            let token = opaqueToken(bytes: 64)
            record.refreshTokens[token] = RefreshGrant(
                userKey: key, sub: stored.user.sub, clientId: client.clientId, originJti: originJti, authTime: now,
                expires: now.addingTimeInterval(Double(client.refreshTokenLifetime))
            )
            refreshToken = token
            // Its access tokens work while the sign-in is remembered (GlobalSignOut, RevokeToken).
            let until = now.addingTimeInterval(Double(client.refreshTokenLifetime + client.accessTokenLifetime))
            record.rememberSignIn(originJti, key: key, until: until, now: now)
        }
        return .tokens(UnsignedTokens(
            access: access, id: id, key: record.key, refreshToken: refreshToken, expiresIn: client.accessTokenLifetime
        ))
    }

    /// Whole seconds since 1970, as JWT times are.
    struct TokenTimes {
        let authTime: Int
        let issued: Int

        init(authTime: Date, issued: Date) {
            self.authTime = Int(authTime.timeIntervalSince1970.rounded(.down))
            self.issued = Int(issued.timeIntervalSince1970.rounded(.down))
        }
    }

    /// The ID token's claims: who the user is, for the app client (`aud`). Every attribute
    /// the client may read appears, `custom:` ones included, developer-only ones never; the `_verified` flags are
    /// Booleans, and `email_verified` is present (false if unset) whenever `email` is.
    static func idClaims(
        _ user: PoolUser, groups: [String], pool: UserPool, client: UserPoolClient, times: TokenTimes, lifetime: Int, jti: String, originJti: String
    ) -> JSONObject {
        // Developer-only attributes never reach an app client's token, whatever ReadAttributes say.
        let hidden = Set(pool.schema.filter(\.developerOnly).map(\.name))
        let readable = { (name: String) in !hidden.contains(name) && (client.readAttributes.map { $0.contains(name) } ?? true) }
        var claims: JSONObject = ["sub": .string(user.sub)]
        if !groups.isEmpty { claims["cognito:groups"] = .array(groups.map(JSON.string)) }
        for flag in ["email", "phone_number"] where user.attributes.value(of: flag) != nil && readable(flag) {
            claims["\(flag)_verified"] = .bool(user.attributes.value(of: "\(flag)_verified") == "true")
        }
        claims["iss"] = .string(pool.issuer)
        claims["cognito:username"] = .string(user.username)
        claims["origin_jti"] = .string(originJti)
        claims["aud"] = .string(client.clientId)
        claims["token_use"] = "id"
        claims["auth_time"] = .number(times.authTime)
        for attribute in user.attributes where attribute.name != "sub" && !attribute.name.hasSuffix("_verified") && readable(attribute.name) {
            claims[attribute.name] = .string(attribute.value)
        }
        claims["exp"] = .number(times.issued + lifetime)
        claims["iat"] = .number(times.issued)
        claims["jti"] = .string(jti)
        return claims
    }

    /// The access token's claims: what the bearer may do (`scope`), for which client
    /// (`client_id`, not `aud`), and no profile attributes.
    static func accessClaims(
        _ user: PoolUser, groups: [String], pool: UserPool, client: UserPoolClient, times: TokenTimes, lifetime: Int, jti: String, originJti: String
    ) -> JSONObject {
        var claims: JSONObject = ["sub": .string(user.sub)]
        if !groups.isEmpty { claims["cognito:groups"] = .array(groups.map(JSON.string)) }
        claims["iss"] = .string(pool.issuer)
        claims["client_id"] = .string(client.clientId)
        claims["origin_jti"] = .string(originJti)
        claims["token_use"] = "access"
        claims["scope"] = "aws.cognito.signin.user.admin"
        claims["auth_time"] = .number(times.authTime)
        claims["exp"] = .number(times.issued + lifetime)
        claims["iat"] = .number(times.issued)
        claims["jti"] = .string(jti)
        claims["username"] = .string(user.username)
        return claims
    }
}
