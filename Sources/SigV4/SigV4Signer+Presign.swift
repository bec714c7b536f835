// Presigning: the signature in the query string (a URL that can be handed on), not in a header.
import Core
import HTTP
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SigV4Signer {
    /// Presigns `request` as of `date` for `expires` seconds (1...604800): adds the
    /// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
    /// `X-Amz-SignedHeaders`, `X-Amz-Security-Token` (temporary credentials) and
    /// `X-Amz-Signature` query parameters to its target, replacing any earlier ones.
    ///
    /// The headers present are signed as ``sign(_:at:)`` signs them (`host` always), so
    /// whoever sends the URL must send those headers too; a bare URL signs only `Host`. The
    /// payload hash is an `x-amz-content-sha256` header's when there is one, else
    /// `UNSIGNED-PAYLOAD` for S3 and the body's SHA-256 for every other service, as botocore
    /// presigns and as those services verify. `Authorization`, `X-Amz-Date` and
    /// `X-Amz-Security-Token` headers are removed: the query carries them.
    /// The returned ``SigV4Signature/authorization`` is the `Authorization` header that
    /// would carry the same parts; it is not set.
    ///
    /// - Throws: ``SigV4Error/Code/missingHost`` without a `Host` header, and
    ///   `IncompleteSignature` (the verifier's words) for `expires` outside 1...604800.
    @discardableResult
    public func presign(_ request: inout HTTPRequest, at date: Date, expires: Int) throws(SigV4Error) -> SigV4Signature {
        guard let host = request.headers["Host"], !SigV4.canonicalHeaderValue(host).isEmpty else {
            throw SigV4Error.missingHost
        }
        try SigV4.checkExpiry(expires)
        for name in ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"] { request.headers.remove(name: name) }

        let amzDate = AWSTimestamp.amzDate(date)
        let dateStamp = AWSTimestamp.dateStamp(date)
        let scope = SigV4.credentialScope(dateStamp: dateStamp, region: region, service: service)
        let signedHeaders = SigV4.signedHeaderNames(request.headers, excluding: unsignedHeaders)
        var parameters: [(name: String, value: String)] = [
            ("X-Amz-Algorithm", SigV4.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope)"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaders.joined(separator: ";")),
        ]
        if let token = credentials.sessionToken, signsSessionToken { parameters.append(("X-Amz-Security-Token", token)) }
        request.target = Self.target(request, replacingAuthenticationWith: parameters)

        let payloadHash = request.headers["x-amz-content-sha256"].map(SigV4.canonicalHeaderValue)
            ?? (usesS3PathRules ? SigV4.unsignedPayload : Hex.encode(SHA256.hash(request.body)))
        let canonicalRequest = SigV4.canonicalRequest(
            request, signedHeaders: signedHeaders, payloadHash: payloadHash, normalizingPath: !usesS3PathRules, presigned: true
        )
        let stringToSign = SigV4.stringToSign(amzDate: amzDate, credentialScope: scope, canonicalRequest: canonicalRequest)
        let key = SigningKeyCache.shared.key(
            secretAccessKey: credentials.secretAccessKey, dateStamp: dateStamp, region: region, service: service
        )
        let signature = SigV4.signature(stringToSign: stringToSign, signingKey: key)
        var trailing: [(name: String, value: String)] = [("X-Amz-Signature", signature)]
        // A token added after signing, as some services (IoT) expect it.
        if let token = credentials.sessionToken, !signsSessionToken { trailing.append(("X-Amz-Security-Token", token)) }
        request.target += "&" + Self.encoded(trailing)
        return SigV4Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            authorization: SigV4.authorization(
                accessKeyId: credentials.accessKeyId, credentialScope: scope, signedHeaders: signedHeaders, signature: signature
            ),
            signedHeaders: signedHeaders
        )
    }

    /// The request's target with its query-string authentication parameters (from an
    /// earlier presigning) dropped and `parameters` appended. Other pairs stay byte for byte.
    private static func target(_ request: HTTPRequest, replacingAuthenticationWith parameters: [(name: String, value: String)]) -> String {
        let kept = request.rawQuery.split(separator: "&", omittingEmptySubsequences: true).filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return !SigV4.queryAuthenticationParameters.contains(URLEncoding.decode(name, plusAsSpace: false))
        }
        return request.rawPath + "?" + (kept.map(String.init) + [encoded(parameters)]).joined(separator: "&")
    }

    /// `name=value&...`, both percent-encoded as SigV4 encodes them (RFC 3986).
    private static func encoded(_ parameters: [(name: String, value: String)]) -> String {
        parameters.map { "\(URLEncoding.encode($0.name))=\(URLEncoding.encode($0.value))" }.joined(separator: "&")
    }
}
