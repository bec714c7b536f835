// The OpenID tokens the identity-pool service issues (GetOpenIdToken, and internally for
// GetCredentialsForIdentity), and their verification for STS AssumeRoleWithWebIdentity.
import Core
import IAM
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Issues and verifies `cognito-identity.amazonaws.com` tokens under the service's own key.
///
/// Kept apart from ``IdentityPools`` so the backend can hand it to STS first (as its
/// ``WebIdentityVerifier``) and then give STS to the engine, without a cycle.
public struct IdentityPoolTokens: WebIdentityVerifier {
    /// The tokens' `iss`.
    public static let issuer = "https://cognito-identity.amazonaws.com"
    /// The provider trust policies name: `"Principal": {"Federated": "cognito-identity.amazonaws.com"}`.
    public static let provider = "cognito-identity.amazonaws.com"
    /// AWS documents GetOpenIdToken's token as valid for ten minutes.
    public static let lifetime = 600
    /// The claim STS reads session tags from, with `principal_tags` as `{key: [value]}`.
    public static let tagsClaim = "https://aws.amazon.com/tags"

    let key: any TokenSigningKey

    /// Tokens signed with `key`.
    public init(key: any TokenSigningKey) {
        self.key = key
    }

    /// Tokens signed with an HS256 key drawn from `random`: a seeded run issues the same
    /// tokens. (Real Cognito signs RS512 and publishes its keys; nothing outside this
    /// platform verifies these tokens, so a symmetric key serves.)
    public init(random: any RandomSource) {
        self.init(key: HS256Key(keyId: "cognito-identity-1", secret: random.bytes(32)))
    }

    /// A token for `identityId` in `poolId`, issued at `date`.
    ///
    /// - Parameters:
    ///   - amr: `["authenticated", <provider>, <provider>:CognitoSignIn:<sub>]`, or `["unauthenticated"]`.
    ///   - principalTags: session tags STS will attach (and require `sts:TagSession` for).
    public func issue(identityId: String, poolId: String, amr: [String], principalTags: [String: String], at date: Date) -> String {
        let issuedAt = Int(date.timeIntervalSince1970)
        var claims: JSONObject = [
            "iss": .string(Self.issuer), "sub": .string(identityId), "aud": .string(poolId),
            "amr": .array(amr.map(JSON.string)), "iat": .number(issuedAt), "exp": .number(issuedAt + Self.lifetime),
        ]
        if !principalTags.isEmpty {
            let tags = JSONObject(principalTags.sorted { $0.key < $1.key }.map { ($0.key, JSON.array([.string($0.value)])) })
            claims[Self.tagsClaim] = ["principal_tags": .object(tags)]
        }
        return JWT.sign(claims, with: key)
    }

    /// The identity in a token this service issued, for STS: signature, `iss` and `exp`
    /// checked; STS's `InvalidIdentityToken` or `ExpiredTokenException` otherwise.
    public func verify(_ token: String, at date: Date) throws(IAMError) -> WebIdentity {
        let claims: JSONObject
        do {
            claims = try JWT.verify(token) { $0 == key.keyId ? key : nil }
        } catch {
            throw .invalidIdentityToken("The web identity token could not be validated: \(error)")
        }
        guard case .string(let issuer)? = claims["iss"], issuer == Self.issuer else {
            let named = claims["iss"]?.stringValue ?? "(no issuer)"
            throw .invalidIdentityToken("No OpenIDConnect provider found in your account for \(named)")
        }
        guard let expiry = claims["exp"]?.intValue, case .string(let subject)? = claims["sub"],
              case .string(let audience)? = claims["aud"] else {
            throw .invalidIdentityToken("The web identity token lacks exp, sub or aud")
        }
        guard Double(expiry) > date.timeIntervalSince1970 else { throw .expiredWebIdentityToken() }
        let amr = claims["amr"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var tags: [String: String] = [:]
        for (key, value) in claims[Self.tagsClaim]?["principal_tags"]?.objectValue ?? [:] {
            if let first = value.arrayValue?.first?.stringValue ?? value.stringValue { tags[key] = first }
        }
        return WebIdentity(provider: Self.provider, subject: subject, audience: audience, authenticationMethods: amr, principalTags: tags)
    }
}
