// Who signed a request, and how the front door finds out.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The identity behind a verified SigV4 signature, as services and the IAM engine see it.
///
/// The ``CredentialResolver`` (the IAM/STS key store) builds it; the front door passes it
/// on unchanged in ``CloudCall/caller``.
public struct AuthenticatedCaller: Sendable, Hashable {
    /// What kind of principal signed.
    public enum Kind: String, Sendable, Hashable {
        /// The account's root user (`arn:aws:iam::<acct>:root`).
        case root
        /// An IAM user with a long-term `AKIA...` key.
        case user
        /// A role session from STS (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`).
        case assumedRole
    }

    /// The access key that signed, `AKIA...` or `ASIA...`.
    public var accessKeyId: String
    /// The session token that came with a temporary key; nil for long-term keys.
    public var sessionToken: String?
    /// The principal's ARN, as `aws:PrincipalArn` and `GetCallerIdentity` report it.
    public var principalArn: String
    /// The 12-digit account the principal belongs to.
    public var accountId: String
    /// `aws:userid`: `AIDA...` for users, `AROA...:<session>` for role sessions, the
    /// account id for root.
    public var userId: String
    /// What kind of principal this is.
    public var kind: Kind
    /// Session tags (`aws:PrincipalTag/<key>`), e.g. from Cognito principal-tag mappings.
    public var sessionTags: [String: String]
    /// Further request context for policy evaluation, by condition key (for example
    /// `cognito-identity.amazonaws.com:sub`, `aws:username`); values are multi-valued
    /// because IAM condition keys may be.
    public var contextKeys: [String: [String]]

    /// A caller with every part given; tags and context keys default to none.
    public init(
        accessKeyId: String, sessionToken: String? = nil, principalArn: String, accountId: String,
        userId: String, kind: Kind, sessionTags: [String: String] = [:], contextKeys: [String: [String]] = [:]
    ) {
        self.accessKeyId = accessKeyId
        self.sessionToken = sessionToken
        self.principalArn = principalArn
        self.accountId = accountId
        self.userId = userId
        self.kind = kind
        self.sessionTags = sessionTags
        self.contextKeys = contextKeys
    }
}

/// What a ``CredentialResolver`` knows about an access key id.
public enum CredentialResolution: Sendable, Hashable {
    /// No such key: the front door answers `UnrecognizedClientException` / `InvalidClientTokenId`.
    case unknown
    /// The key existed but its session has ended: `ExpiredTokenException` / `ExpiredToken`.
    case expired
    /// The key is live. `secret` verifies the signature; when `sessionToken` is non-nil the
    /// request must carry exactly that `X-Amz-Security-Token`, and when nil it must carry
    /// none. `caller` is who the request then runs as.
    case found(secret: String, sessionToken: String?, caller: AuthenticatedCaller)
}

/// Looks access keys up for signature verification: in the platform, the IAM/STS key store.
///
/// Called once per signed request, before the service runs, with the front door's clock
/// reading so that expiry is judged at one instant.
public protocol CredentialResolver: Sendable {
    /// What is known about `accessKeyId` at `at`.
    func resolve(accessKeyId: String, at: Date) async -> CredentialResolution
}
