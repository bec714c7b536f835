#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a verified web identity token says: who issued it, about whom, for which audience.
public struct WebIdentity: Sendable, Equatable {
    /// The provider the trust policy names as `Federated`, e.g. `cognito-identity.amazonaws.com`.
    public let provider: String
    /// `sub`: for Cognito identity pools, the identity id.
    public let subject: String
    /// `aud`: for Cognito identity pools, the identity pool id.
    public let audience: String
    /// `amr`: e.g. `["authenticated", "cognito-idp.us-east-1.amazonaws.com/<pool>", ...]`.
    public let authenticationMethods: [String]
    /// Principal tags the token carries (`https://aws.amazon.com/tags`), which become session tags.
    public let principalTags: [String: String]

    public init(provider: String, subject: String, audience: String, authenticationMethods: [String] = [], principalTags: [String: String] = [:]) {
        self.provider = provider
        self.subject = subject
        self.audience = audience
        self.authenticationMethods = authenticationMethods
        self.principalTags = principalTags
    }

    /// The condition keys AWS supplies for this identity: `<provider>:sub`, `:aud`, `:amr`.
    public var contextKeys: [String: [String]] {
        [
            "\(provider):sub": [subject],
            "\(provider):aud": [audience],
            "\(provider):amr": authenticationMethods,
        ]
    }
}

/// Checks web identity tokens for `AssumeRoleWithWebIdentity`. The identity-pool engine
/// provides one for the tokens it issues; STS knows nothing about how they are made.
public protocol WebIdentityVerifier: Sendable {
    /// The identity in `token`, or `InvalidIdentityToken` / `ExpiredTokenException` as STS names them.
    func verify(_ token: String, at date: Date) throws(IAMError) -> WebIdentity
}
