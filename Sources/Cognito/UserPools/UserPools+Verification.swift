// Checking tokens the pool issued: for the SaaS app's gateway, for GetUser, and for identity
// pools through LoginTokenVerifier.
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Which of a pool's tokens is expected (`token_use`).
public enum TokenUse: String, Sendable, Hashable {
    case id
    case access

    /// `ID` or `Access`, as Cognito's messages name them.
    var title: String { self == .id ? "ID" : "Access" }
}

extension UserPools: LoginTokenVerifier {
    /// The verified claims of `token`, or `NotAuthorizedException` saying why it proves
    /// nothing. Checked, in order: it is a JWS signed by `poolId`'s key with that key's
    /// algorithm (never the one the header claims), it has not expired at `date`, `iss` is
    /// the pool, `token_use` is `use`, and when `clientId` is given, `aud` (ID tokens) or
    /// `client_id` (access tokens) is that client.
    public func verifyToken(
        _ token: String, use: TokenUse, poolId: String, clientId: String? = nil, at date: Date? = nil
    ) throws(CognitoError) -> JSONObject {
        let invalid = "Invalid \(use.title) Token"
        let (key, issuer) = try state.withLock { (state: inout State) throws(CognitoError) in
            guard let record = state.pools[poolId] else { throw .notAuthorized("\(invalid): user pool \(poolId) does not exist") }
            return (record.key, record.pool.issuer)
        }
        let claims: JSONObject
        do {
            claims = try JWT.verify(token) { $0 == key.keyId ? key : nil }
        } catch {
            throw .notAuthorized("\(invalid): \(Self.reason(error))")
        }
        guard let expiry = claims["exp"]?.intValue else { throw .notAuthorized("\(invalid): no exp claim") }
        guard Double(expiry) > (date ?? clock.now()).timeIntervalSince1970 else {
            throw .notAuthorized("\(use.title) Token has expired")
        }
        guard claims["iss"]?.stringValue == issuer else { throw .notAuthorized("\(invalid): iss is not \(issuer)") }
        let actualUse = claims["token_use"]?.stringValue ?? "nothing"
        guard actualUse == use.rawValue else {
            throw .notAuthorized("\(invalid): token_use is \(actualUse), expected \(use.rawValue)")
        }
        if let clientId {
            let audience = use == .id ? "aud" : "client_id"
            guard claims[audience]?.stringValue == clientId else {
                throw .notAuthorized("\(invalid): \(audience) is not app client \(clientId)")
            }
        }
        return claims
    }

    private static func reason(_ error: JWTError) -> String {
        switch error {
        case .malformed(let detail): "malformed token: \(detail)"
        case .unknownKey: "not signed by this user pool's key"
        case .algorithmMismatch(let detail): "algorithm refused: \(detail)"
        case .badSignature: "signature does not match"
        }
    }

    /// ``LoginTokenVerifier``: an ID token of the pool named by `providerName`
    /// (`cognito-idp.<region>.amazonaws.com/<poolId>`), any of its app clients. Refusals
    /// use the wording Cognito identity pools use for bad logins ("Invalid login token. ...").
    public func verifyIDToken(_ token: String, providerName: String, at date: Date) throws(CognitoError) -> JSONObject {
        let prefix = "cognito-idp.\(region).amazonaws.com/"
        guard providerName.hasPrefix(prefix) else {
            throw .notAuthorized("Invalid login token. Issuer doesn't match providerName")
        }
        let poolId = String(providerName.dropFirst(prefix.count))
        do {
            return try verifyToken(token, use: .id, poolId: poolId, at: date)
        } catch where error.message == "ID Token has expired" {
            throw .notAuthorized("Invalid login token. Token expired.")
        } catch where error.message.contains(": iss is not") || error.message.contains("does not exist") {
            throw .notAuthorized("Invalid login token. Issuer doesn't match providerName")
        } catch {
            throw .notAuthorized("Invalid login token. \(error.message)")
        }
    }

    /// `GetUser`: the user an access token belongs to, with the attributes its client may
    /// read. The token must be live and its user still exist, enabled, with the same `sub`.
    public func getUser(accessToken: String) throws(CognitoError) -> PoolUser {
        // The key id names the pool; the signature is then checked against that pool's key.
        guard let poolId = Self.keyId(of: accessToken) else { throw .notAuthorized("Invalid Access Token") }
        let claims = try verifyToken(accessToken, use: .access, poolId: poolId)
        guard let username = claims["username"]?.stringValue, let clientId = claims["client_id"]?.stringValue else {
            throw .notAuthorized("Invalid Access Token")
        }
        return try withPool(poolId) { record throws(CognitoError) in
            guard let stored = record.users[record.canonical(username)] else { throw .userNotFound }
            guard stored.user.sub == claims["sub"]?.stringValue else { throw .notAuthorized("Access Token has been revoked") }
            guard stored.user.enabled else { throw .userDisabled }
            var user = stored.user
            // Developer-only attributes are for administrators (AdminGetUser); an app
            // client never sees them, whatever its ReadAttributes say.
            let hidden = Set(record.pool.schema.filter(\.developerOnly).map(\.name))
            user.attributes = user.attributes.filter { !hidden.contains($0.name) }
            if let readable = record.clients[clientId]?.client.readAttributes {
                user.attributes = user.attributes.filter { $0.name == "sub" || readable.contains($0.name) }
            }
            return user
        }
    }

    /// The `kid` of a JWS header, unverified: only used to pick the key to verify with.
    static func keyId(of token: String) -> String? {
        guard let header = token.split(separator: ".", maxSplits: 1).first, let bytes = Base64URL.decode(String(header)),
              case .object(let object)? = try? JSON.parse(bytes: bytes) else { return nil }
        return object["kid"]?.stringValue
    }
}
