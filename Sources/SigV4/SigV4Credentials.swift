// Credentials as the signer holds them and as the verifier looks them up.

/// An access key pair, with the session token when the credentials are temporary (STS).
public struct AWSCredentials: Sendable, Hashable {
    /// The public half, e.g. `AKIDEXAMPLE`; it appears in the credential scope.
    public var accessKeyId: String
    /// The secret half; it only ever feeds the signing-key derivation.
    public var secretAccessKey: String
    /// Present for temporary credentials; sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// Long-term credentials, or temporary ones when `sessionToken` is given.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// What a verifier needs to know about an access key id: its secret and, for temporary
/// credentials, the session token that must accompany it.
public struct SigV4Secret: Sendable, Hashable {
    /// The secret the client should have signed with.
    public var secretAccessKey: String
    /// When set, requests must carry exactly this `X-Amz-Security-Token`; when nil, they
    /// must carry none (a long-term key used with a token is rejected, as AWS does).
    public var sessionToken: String?

    /// A key's secret, with the session token it requires if it is temporary.
    public init(secretAccessKey: String, sessionToken: String? = nil) {
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}
