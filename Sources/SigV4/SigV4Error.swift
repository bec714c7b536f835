// Why signing or verification failed, in AWS's own terms.

/// A SigV4 failure with the error code AWS uses, its message and the HTTP status to send.
///
/// The codes are the generic ones of AWS's query protocol (IAM, STS, SQS, ...). Services
/// with their own names map them when they build a response: DynamoDB reports
/// `invalidClientTokenId` as `UnrecognizedClientException`, and JSON-protocol services
/// report `signatureDoesNotMatch` and `requestExpired` as `InvalidSignatureException`.
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS's error codes; the raw value is the name sent on the wire.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// No `Authorization` header and no query-string authentication at all.
        case missingAuthenticationToken = "MissingAuthenticationToken"
        /// An `Authorization` header or date that is malformed or lacks a part.
        case incompleteSignature = "IncompleteSignature"
        /// Unknown access key id, or a session token that does not belong to it.
        case invalidClientTokenId = "InvalidClientTokenId"
        /// The signature (or the scope date) does not match what the server computes.
        case signatureDoesNotMatch = "SignatureDoesNotMatch"
        /// The request time is outside the allowed clock skew.
        case requestExpired = "RequestExpired"
        /// `x-amz-content-sha256` does not describe the body (S3's code).
        case contentSHA256Mismatch = "XAmzContentSHA256Mismatch"
        /// Client side: a request cannot be signed without a `Host` header.
        case missingHost = "MissingHost"
    }

    /// What went wrong, by AWS's name for it.
    public let code: Code
    /// The message AWS would send for this failure.
    public let message: String

    /// An error with `code` and a specific `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The HTTP status AWS answers with: 403 for authentication failures, 400 for
    /// malformed or stale requests.
    public var status: Int {
        switch code {
        case .missingAuthenticationToken, .invalidClientTokenId, .signatureDoesNotMatch: 403
        case .incompleteSignature, .requestExpired, .contentSHA256Mismatch, .missingHost: 400
        }
    }

    /// `Code: message`, as AWS's error bodies pair them.
    public var description: String { "\(code.rawValue): \(message)" }

    // MARK: - The standard failures

    /// No `Authorization` header: `Request is missing Authentication Token`.
    public static let missingAuthenticationToken = SigV4Error(.missingAuthenticationToken, "Request is missing Authentication Token")

    /// Unknown access key or wrong session token.
    public static let invalidClientTokenId = SigV4Error(.invalidClientTokenId, "The security token included in the request is invalid.")

    /// The computed signature differs from the one sent.
    public static let signatureDoesNotMatch = SigV4Error(
        .signatureDoesNotMatch,
        "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
    )

    /// Signing a request that has no `Host` header.
    public static let missingHost = SigV4Error(.missingHost, "A request must have a Host header to be signed with SigV4.")

    /// `IncompleteSignature` with a message naming what is missing or wrong.
    public static func incompleteSignature(_ detail: String) -> SigV4Error {
        SigV4Error(.incompleteSignature, detail)
    }
}
