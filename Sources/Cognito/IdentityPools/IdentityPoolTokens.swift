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

    /// STS's answer to a token that is not a JWT, or lacks what every JWT has.
    static let notAJWT = IAMError.invalidIdentityToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")

    /// The private claim naming the flow a token was issued for: see the file comment.
    static let flowClaim = "saaslab:flow"

    /// Which flow a token is for.
    public enum Flow: String, Sendable {
        /// GetOpenIdToken's, for the caller's own AssumeRoleWithWebIdentity.
        case classic
        /// GetCredentialsForIdentity's, redeemed once by STS inside the process.
        case enhanced
    }

    let key: HS256Key
    /// Shared by every copy of this value: the engine writes it, STS's copy reads it.
    /// (``copy()`` is what makes an issuer with a ledger of its own.)
    let ledger: TokenLedger

    /// Tokens signed with `key`.
    public init(key: HS256Key) {
        self.init(key: key, ledger: TokenLedger())
    }

    init(key: HS256Key, ledger: TokenLedger) {
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

    /// The identity in a token this service issued, for STS, refused in AWS's words and in
    /// AWS's order: a token that is no JWT, then an issuer STS knows no provider for, a
    /// signature that does not verify, a missing `aud`, `sub` or `exp` (each
    /// `InvalidIdentityToken`), an expiry past (`ExpiredTokenException`), and last the flow the
    /// token is for, with a classic token's audience that is no identity pool ("Incorrect
    /// token audience").
    public func verify(_ token: String, at date: Date) throws(IAMError) -> WebIdentity {
        // The issuer is read before the signature is checked, as STS finds a provider's keys by it.
        let unverified: JSONObject
        do { unverified = try JWT.unverifiedClaims(token) } catch { throw Self.notAJWT }
        guard case .string(let issuer)? = unverified["iss"], issuer == Self.issuer else {
            throw .invalidIdentityToken("No OpenIDConnect provider found in your account for \(unverified["iss"]?.stringValue ?? "the token's issuer")")
        }
        let claims: JSONObject
        do {
            claims = try JWT.verify(token) { $0 == key.keyId ? key : nil }
        } catch {
            throw error.isSignatureFailure ? .invalidIdentityToken("Couldn't verify signed token.") : Self.notAJWT
        }
        for name in ["aud", "sub", "exp"] where claims[name] == nil {
            throw .invalidIdentityToken("Missing a required claim: \(name)")
        }
        guard let expiry = claims["exp"]?.intValue, case .string(let subject)? = claims["sub"],
              case .string(let audience)? = claims["aud"] else {
            throw Self.notAJWT
        }
        let now = Int(date.timeIntervalSince1970.rounded(.down))
        guard expiry > now else { throw .expiredWebIdentityToken(now: now, expiry: expiry) }
        switch claims[Self.flowClaim]?.stringValue.flatMap(Flow.init(rawValue:)) {
        case .classic?:
            // An enhanced token's audience needs no check: its single use was booked by the pool that issued it.
            guard ledger.knows(poolId: audience) else { throw .invalidIdentityToken("Incorrect token audience") }
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
    /// Copy contract: `grade` hands each participant a copy of one bootstrapped backend
    /// (`Backend.copy()`), made by the identity pools' `tokens.copy()`. A member added here must be
    /// copied there, or the copies share it, lose it, or stop going on exactly as this engine
    /// would.
    struct State {
        /// Every identity pool, the audiences a token may name.
        var pools: Set<String> = []
        var classicPools: Set<String> = []
        var outstanding: Set<String> = []
        var nextId = 0
    }

    let state = Mutex(State())

    /// Records whether `poolId` allows the classic flow: `AllowClassicFlow` and no role
    /// mappings (AWS refuses the basic flow with role mappings, which it would bypass).
    func record(poolId: String, classicFlow: Bool) {
        state.withLock { state in
            state.pools.insert(poolId)
            if classicFlow { state.classicPools.insert(poolId) } else { state.classicPools.remove(poolId) }
        }
    }

    /// Forgets a deleted pool: its tokens name an audience no more.
    func forget(poolId: String) {
        state.withLock { state in
            state.pools.remove(poolId)
            state.classicPools.remove(poolId)
        }
    }

    func knows(poolId: String) -> Bool {
        state.withLock { $0.pools.contains(poolId) }
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
