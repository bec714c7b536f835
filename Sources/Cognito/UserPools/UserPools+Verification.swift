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

/// Why a pool's token proves nothing, before it is put in words: the user pool's own
/// ("Invalid ID Token: ...") for GetUser and the SaaS app, or an identity pool's ("Invalid login
/// token. ...", AWS's wording for GetId) for ``LoginTokenVerifier``.
enum TokenRefusal: Error {
    case noSuchPool(String)
    case unverified(JWTError)
    case noExpiry
    /// Both in seconds since 1970.
    case expired(now: Int, expiry: Int)
    case wrongIssuer(expected: String)
    case wrongUse(actual: String)
    case wrongClient(claim: String, clientId: String)
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
        do {
            return try check(token, use: use, poolId: poolId, clientId: clientId, at: date ?? clock.now())
        } catch {
            let invalid = "Invalid \(use.title) Token"
            switch error {
            case .noSuchPool(let id): throw .notAuthorized("\(invalid): user pool \(id) does not exist")
            case .unverified(let cause): throw .notAuthorized("\(invalid): \(Self.reason(cause))")
            case .noExpiry: throw .notAuthorized("\(invalid): no exp claim")
            case .expired: throw .notAuthorized("\(use.title) Token has expired")
            case .wrongIssuer(let issuer): throw .notAuthorized("\(invalid): iss is not \(issuer)")
            case .wrongUse(let actual): throw .notAuthorized("\(invalid): token_use is \(actual), expected \(use.rawValue)")
            case .wrongClient(let claim, let client): throw .notAuthorized("\(invalid): \(claim) is not app client \(client)")
            }
        }
    }

    func check(_ token: String, use: TokenUse, poolId: String, clientId: String?, at date: Date) throws(TokenRefusal) -> JSONObject {
        let (key, issuer) = try state.withLock { (state: inout State) throws(TokenRefusal) in
            guard let record = state.pools[poolId] else { throw .noSuchPool(poolId) }
            return (record.key, record.pool.issuer)
        }
        let claims: JSONObject
        do {
            claims = try JWT.verify(token) { $0 == key.keyId ? key : nil }
        } catch {
            throw .unverified(error)
        }
        guard let expiry = claims["exp"]?.intValue else { throw .noExpiry }
        let now = Int(date.timeIntervalSince1970.rounded(.down))
        guard expiry > now else { throw .expired(now: now, expiry: expiry) }
        guard claims["iss"]?.stringValue == issuer else { throw .wrongIssuer(expected: issuer) }
        let actualUse = claims["token_use"]?.stringValue ?? "nothing"
        guard actualUse == use.rawValue else { throw .wrongUse(actual: actualUse) }
        if let clientId {
            let audience = use == .id ? "aud" : "client_id"
            guard claims[audience]?.stringValue == clientId else { throw .wrongClient(claim: audience, clientId: clientId) }
        }
        return claims
    }

    private static func reason(_ error: JWTError) -> String {
        switch error {
        case .malformed(let detail): "malformed token: \(detail)"
        case .unknownKey: "not signed by this user pool's key"
        case .algorithmMismatch(let detail): "algorithm refused: \(detail)"
        case .badSignature: "signature does not match"
        case .signingFailed(let detail): "signing failed: \(detail)"
        }
    }

    /// ``LoginTokenVerifier``: an ID token of the pool named by `providerName`
    /// (`cognito-idp.<region>.amazonaws.com/<poolId>`), any of its app clients, refused in
    /// the words Cognito identity pools use for bad logins: "Invalid login token." and then
    /// "Issuer doesn't match providerName" (read from the token before its signature, as the
    /// issuer says whose keys to verify with), "Couldn't verify signed token.", "Not a valid
    /// OpenId Connect identity token." or "Token expired: <now> >= <exp>".
    public func verifyIDToken(_ token: String, providerName: String, at date: Date) throws(CognitoError) -> JSONObject {
        let prefix = "cognito-idp.\(region).amazonaws.com/"
        let issuerMismatch = CognitoError.notAuthorized("Invalid login token. Issuer doesn't match providerName")
        guard providerName.hasPrefix(prefix) else { throw issuerMismatch }
        let notOpenID = CognitoError.notAuthorized("Invalid login token. Not a valid OpenId Connect identity token.")
        let unverified: JSONObject
        do { unverified = try JWT.unverifiedClaims(token) } catch { throw notOpenID }
        guard unverified["iss"]?.stringValue == "https://\(providerName)" else { throw issuerMismatch }
        do {
            return try check(token, use: .id, poolId: String(providerName.dropFirst(prefix.count)), clientId: nil, at: date)
        } catch {
            switch error {
            case .noSuchPool, .wrongIssuer: throw issuerMismatch
            case .unverified(let cause) where cause.isSignatureFailure: throw .notAuthorized("Invalid login token. Couldn't verify signed token.")
            case .unverified, .noExpiry: throw notOpenID
            case .expired(let now, let expiry): throw .notAuthorized("Invalid login token. Token expired: \(now) >= \(expiry)")
            case .wrongUse(let actual): throw .notAuthorized("Invalid login token. Invalid ID Token: token_use is \(actual), expected id")
            case .wrongClient: throw notOpenID
            }
        }
    }
}
