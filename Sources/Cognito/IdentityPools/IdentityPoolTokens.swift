// The OpenID tokens the identity-pool service issues (GetOpenIdToken, and internally for
// GetCredentialsForIdentity), and their verification for STS AssumeRoleWithWebIdentity.
//
// Two flows share one verifier, and STS cannot tell who is calling it, so each token says
// which flow it was issued for (the private claim `saaslab:flow`):
// - `classic`: GetOpenIdToken's token, handed to the caller, who picks the role. STS takes
//   it only while the issuing pool (`aud`) allows the classic flow and has no role
//   mappings, checked live in the ledger, so switching the flow off stops tokens already out.
// - `enhanced`: GetCredentialsForIdentity's token for the role role mapping chose. It never
//   leaves the process, and is single use: the ledger holds its `jti` until STS redeems it,
//   so even a copy of one could not reach a second role through the public STS endpoint.
import Core
import IAM
import Synchronization
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

    /// The private claim naming the flow a token was issued for: see the file comment.
    static let flowClaim = "saaslab:flow"

    /// Which flow a token is for.
    public enum Flow: String, Sendable {
        /// GetOpenIdToken's, for the caller's own AssumeRoleWithWebIdentity.
        case classic
        /// GetCredentialsForIdentity's, redeemed once by STS inside the process.
        case enhanced
    }

    let key: any TokenSigningKey
    /// Shared by every copy of this value: the engine writes it, STS's copy reads it.
    /// (``copy()`` is what makes an issuer with a ledger of its own.)
    let ledger: TokenLedger

    /// Tokens signed with `key`.
    public init(key: any TokenSigningKey) {
        self.init(key: key, ledger: TokenLedger())
    }

    init(key: any TokenSigningKey, ledger: TokenLedger) {
        self.key = key
        self.ledger = ledger
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
    ///   - flow: `.enhanced` registers the token for one redemption.
    public func issue(
        identityId: String, poolId: String, amr: [String], principalTags: [String: String], at date: Date, flow: Flow = .classic
    ) -> String {
        let issuedAt = Int(date.timeIntervalSince1970)
        var claims: JSONObject = [
            "iss": .string(Self.issuer), "sub": .string(identityId), "aud": .string(poolId),
            "amr": .array(amr.map(JSON.string)), "iat": .number(issuedAt), "exp": .number(issuedAt + Self.lifetime),
        ]
        claims[Self.flowClaim] = .string(flow.rawValue)
        if flow == .enhanced { claims["jti"] = .string(ledger.expect()) }
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
        switch claims[Self.flowClaim]?.stringValue.flatMap(Flow.init(rawValue:)) {
        case .classic?:
            guard ledger.allowsClassicFlow(poolId: audience) else {
                throw .invalidIdentityToken("Basic (classic) flow is not enabled, please use enhanced flow.")
            }
        case .enhanced?:
            guard let jti = claims["jti"]?.stringValue, ledger.redeem(jti) else {
                throw .invalidIdentityToken("The web identity token was issued for GetCredentialsForIdentity and is already used.")
            }
        case nil:
            throw .invalidIdentityToken("The web identity token names no authentication flow")
        }
        let amr = claims["amr"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var tags: [String: String] = [:]
        for (key, value) in claims[Self.tagsClaim]?["principal_tags"]?.objectValue ?? [:] {
            if let first = value.arrayValue?.first?.stringValue ?? value.stringValue { tags[key] = first }
        }
        return WebIdentity(provider: Self.provider, subject: subject, audience: audience, authenticationMethods: amr, principalTags: tags)
    }
}

/// What the verifier must know that a token cannot say: which pools allow the classic flow
/// now, and which enhanced-flow tokens await their one redemption. A leaf lock: nothing is
/// called while it is held, so the engine may update it under its own lock.
final class TokenLedger: Sendable {
    struct State {
        var classicPools: Set<String> = []
        var outstanding: Set<String> = []
        var nextId = 0
    }

    let state = Mutex(State())

    /// Records whether `poolId` allows the classic flow: `AllowClassicFlow` and no role
    /// mappings (AWS refuses the basic flow with role mappings, which it would bypass).
    func record(poolId: String, classicFlow: Bool) {
        state.withLock { state in
            if classicFlow { state.classicPools.insert(poolId) } else { state.classicPools.remove(poolId) }
        }
    }

    func allowsClassicFlow(poolId: String) -> Bool {
        state.withLock { $0.classicPools.contains(poolId) }
    }

    /// A fresh token id to redeem once. A counter serves: the id is inside a signed token,
    /// so guessing it gains nothing.
    func expect() -> String {
        state.withLock { state in
            state.nextId += 1
            state.outstanding.insert("e\(state.nextId)")
            return "e\(state.nextId)"
        }
    }

    /// Whether `id` was outstanding; it no longer is.
    func redeem(_ id: String) -> Bool {
        state.withLock { $0.outstanding.remove(id) != nil }
    }
}
