// Signing outgoing requests: used by the lab runner and any client of the platform.
import Core
import HTTP
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The intermediate results of signing, for logs, debugging and tests.
public struct SigV4Signature: Sendable, Hashable {
    /// The canonical request that was hashed.
    public var canonicalRequest: String
    /// The string the signing key signed.
    public var stringToSign: String
    /// Lower-case hex.
    public var signature: String
    /// The full `Authorization` header value.
    public var authorization: String
    /// The signed header names, lower-case and sorted.
    public var signedHeaders: [String]
}

/// Signs requests with AWS Signature Version 4 in the `Authorization` header.
public struct SigV4Signer: Sendable {
    /// Whose signature this is.
    public var credentials: AWSCredentials
    /// The region in the credential scope, e.g. `us-east-1`.
    public var region: String
    /// The service in the credential scope, e.g. `execute-api`, `dynamodb`, `s3`.
    public var service: String

    /// Lower-case names of headers left out of the signature even when present.
    ///
    /// Everything else present is signed, `content-length` included: the official test
    /// suite's canonical requests sign it (`post-x-www-form-urlencoded`), and botocore does
    /// too. Left out are `authorization` (it carries the signature), and headers that
    /// proxies, HTTP stacks or tracing may add or rewrite in transit: `user-agent`,
    /// `expect`, `connection`, `x-amzn-trace-id`. Add `content-length` here for a transport
    /// that recomputes it (the suite's `.sts` for that case was made that way).
    public var unsignedHeaders: Set<String> = SigV4Signer.defaultUnsignedHeaders

    /// The default for ``unsignedHeaders``.
    public static let defaultUnsignedHeaders: Set<String> = [
        "authorization", "user-agent", "expect", "connection", "x-amzn-trace-id",
    ]

    /// Whether `X-Amz-Security-Token` is part of the signature (true, the SDKs' default)
    /// or added after signing (some older services; the suite's `post-sts-header-after`).
    public var signsSessionToken = true

    /// S3's path rules (no normalisation or re-encoding) instead of everyone else's;
    /// on by default for the `s3` service.
    public var usesS3PathRules: Bool

    /// A signer for one identity, region and service, with the default header exclusions.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.usesS3PathRules = SigV4.usesS3PathRules(service: service)
    }

    /// Signs `request` as of `date`: sets `X-Amz-Date`, `X-Amz-Security-Token` when the
    /// credentials have a session token, and `Authorization` (replacing any earlier one).
    /// For S3 it also sets `x-amz-content-sha256` when absent, which S3 requires.
    ///
    /// - Throws: ``SigV4Error/Code/missingHost`` when the request has no `Host` header:
    ///   the host is always signed, and guessing it would produce signatures that fail.
    @discardableResult
    public func sign(_ request: inout HTTPRequest, at date: Date) throws(SigV4Error) -> SigV4Signature {
        guard let host = request.headers["Host"], !SigV4.canonicalHeaderValue(host).isEmpty else {
            throw SigV4Error.missingHost
        }
        request.headers.remove(name: "Authorization")

        let amzDate = AWSTimestamp.amzDate(date)
        let dateStamp = AWSTimestamp.dateStamp(date)
        request.headers["X-Amz-Date"] = amzDate
        if let token = credentials.sessionToken {
            // A token added after signing must be absent while the header list is built.
            request.headers["X-Amz-Security-Token"] = signsSessionToken ? token : nil
        }
        if usesS3PathRules, !request.headers.contains("x-amz-content-sha256") {
            request.headers["x-amz-content-sha256"] = Hex.encode(SHA256.hash(request.body))
        }

        let signedHeaders = SigV4.signedHeaderNames(request.headers, excluding: unsignedHeaders)
        let canonicalRequest = SigV4.canonicalRequest(
            request, signedHeaders: signedHeaders, payloadHash: SigV4.payloadHash(request),
            normalizingPath: !usesS3PathRules
        )
        let scope = SigV4.credentialScope(dateStamp: dateStamp, region: region, service: service)
        let stringToSign = SigV4.stringToSign(amzDate: amzDate, credentialScope: scope, canonicalRequest: canonicalRequest)
        let key = SigningKeyCache.shared.key(
            secretAccessKey: credentials.secretAccessKey, dateStamp: dateStamp, region: region, service: service
        )
        let signature = SigV4.signature(stringToSign: stringToSign, signingKey: key)
        let authorization = SigV4.authorization(
            accessKeyId: credentials.accessKeyId, credentialScope: scope, signedHeaders: signedHeaders, signature: signature
        )

        request.headers["Authorization"] = authorization
        if !signsSessionToken, let token = credentials.sessionToken {
            request.headers["X-Amz-Security-Token"] = token
        }
        return SigV4Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            authorization: authorization, signedHeaders: signedHeaders
        )
    }
}
