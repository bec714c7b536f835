// Verifying incoming requests: used by the platform in front of every AWS-style API.
import Core
import HTTP
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who signed a verified request, and for what.
public struct SigV4Verification: Sendable, Hashable {
    /// The access key that signed the request.
    public var accessKeyId: String
    /// The `X-Amz-Security-Token` sent, if any (already checked against the key's).
    public var sessionToken: String?
    /// The region the request was signed for; services may insist on their own.
    public var region: String
    /// The service the request was signed for; services may insist on their own name.
    public var service: String
    /// The request time from `X-Amz-Date` (or `Date`).
    public var signingDate: Date
    /// The header names the signature covers, lower-case.
    public var signedHeaders: [String]

    /// A verification result (for services' tests and fakes).
    public init(
        accessKeyId: String, sessionToken: String?, region: String, service: String, signingDate: Date, signedHeaders: [String]
    ) {
        self.accessKeyId = accessKeyId
        self.sessionToken = sessionToken
        self.region = region
        self.service = service
        self.signingDate = signingDate
        self.signedHeaders = signedHeaders
    }
}

/// Checks SigV4 signatures the way AWS does: in an `Authorization` header, or in the query
/// string of a presigned request (query-string authentication).
///
/// Streaming `aws-chunked` payloads are not supported.
public struct SigV4Verifier: Sendable {
    /// How far the request time may be from the server's, in either direction. A presigned
    /// request may be older, up to its `X-Amz-Expires`, but no further in the future.
    public var maxClockSkew: TimeInterval

    /// A verifier allowing `maxClockSkew` seconds of skew; AWS allows five minutes.
    public init(maxClockSkew: TimeInterval = 300) {
        self.maxClockSkew = maxClockSkew
    }

    /// Verifies `request` at time `now`, looking secrets up by access key id.
    ///
    /// Checks, in order, each failure with AWS's code: the request carries an `Authorization`
    /// header or query-string authentication, not both and not neither
    /// (`MissingAuthenticationToken`), well formed, with a five-part credential scope ending
    /// `aws4_request`, `host` among the signed headers and a 64-hex-digit signature
    /// (`IncompleteSignature`, see ``SigV4Authorization/init(request:)``); for a header,
    /// `X-Amz-Date`, else `Date`, is present, parseable and signed (`IncompleteSignature`);
    /// the scope date is the request date's (`SignatureDoesNotMatch`); the time is within
    /// ``maxClockSkew`` of `now`, or for a presigned request no later than `now` plus the
    /// skew and no earlier than `now` minus its `X-Amz-Expires` (`RequestExpired`); the key is
    /// known and the session token is the one it requires (`InvalidClientTokenId`); the
    /// signature matches, compared in constant time (`SignatureDoesNotMatch`); and a
    /// declared payload hash matches the body (`XAmzContentSHA256Mismatch`).
    public func verify(
        _ request: HTTPRequest, now: Date, lookup: (String) -> SigV4Secret?
    ) throws(SigV4Error) -> SigV4Verification {
        guard let authorization = try SigV4Authorization(request: request) else { throw SigV4Error.missingAuthenticationToken }
        return try verify(request, parsed: authorization, now: now, lookup: lookup)
    }

    /// ``verify(_:now:lookup:)`` for a caller that has already parsed the request's
    /// authentication (with ``SigV4Authorization/init(request:)``, or for a header with
    /// `SigV4Authorization(parsing: SigV4.canonicalHeaderValue(header))` of its first
    /// `Authorization` field): the same checks in the same order, without parsing again.
    public func verify(
        _ request: HTTPRequest, parsed authorization: SigV4Authorization, now: Date, lookup: (String) -> SigV4Secret?
    ) throws(SigV4Error) -> SigV4Verification {
        let authorizations = request.headers.values(for: "Authorization")
        if let presigning = authorization.presigning {
            guard authorizations.isEmpty else { throw SigV4Error.twoAuthenticationMechanisms }
            let amzDate = AWSTimestamp.amzDate(presigning.date)
            return try verify(request, authorization: authorization, amzDate: amzDate, signingDate: presigning.date, now: now, lookup: lookup)
        }
        guard let header = authorizations.first else { throw SigV4Error.missingAuthenticationToken }
        guard authorizations.count == 1 else {
            throw .incompleteSignature("A request must carry exactly one Authorization header.")
        }
        let (amzDate, signingDate) = try requestDate(request, authorization: authorization, header: header)
        return try verify(request, authorization: authorization, amzDate: amzDate, signingDate: signingDate, now: now, lookup: lookup)
    }

    private func verify(
        _ request: HTTPRequest, authorization: SigV4Authorization, amzDate: String, signingDate: Date, now: Date,
        lookup: (String) -> SigV4Secret?
    ) throws(SigV4Error) -> SigV4Verification {
        let presigning = authorization.presigning
        let dateStamp = AWSTimestamp.dateStamp(signingDate)
        guard authorization.dateStamp == dateStamp else {
            throw SigV4Error(
                .signatureDoesNotMatch,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(authorization.dateStamp)' != '\(dateStamp)', from '\(amzDate)'."
            )
        }
        try checkTime(signingDate, amzDate: amzDate, expires: presigning?.expires, now: now)

        guard let secret = lookup(authorization.accessKeyId) else { throw SigV4Error.invalidClientTokenId }
        // A presigned request carries its token in the query, where the signature covers it.
        let sentToken = presigning != nil ? presigning?.sessionToken : request.headers["X-Amz-Security-Token"]
        switch (secret.sessionToken, sentToken) {
        case (nil, nil):
            break
        case let (expected?, sent?) where ConstantTime.equals(Array(expected.utf8), Array(sent.utf8)):
            break
        default:
            throw SigV4Error.invalidClientTokenId
        }

        let service = authorization.service
        let scope = SigV4.credentialScope(dateStamp: dateStamp, region: authorization.region, service: service)
        let key = SigningKeyCache.shared.key(
            secretAccessKey: secret.secretAccessKey, dateStamp: dateStamp, region: authorization.region, service: service
        )
        guard let provided = Hex.decode(authorization.signature) else { throw SigV4Error.signatureDoesNotMatch }
        // The hash the signer declared, if any (a presigned request's `X-Amz-Content-Sha256`
        // parameter, else an `x-amz-content-sha256` header), else the hashes it may have used.
        let declaredHash = (presigning?.contentSHA256 ?? request.headers["x-amz-content-sha256"]).map(SigV4.canonicalHeaderValue)
        var payloadHash: String?
        for candidate in payloadHashCandidates(request, declared: declaredHash, presigned: presigning != nil, service: service) {
            let canonicalRequest = SigV4.canonicalRequest(
                request, signedHeaders: authorization.signedHeaders, payloadHash: candidate,
                normalizingPath: !SigV4.usesS3PathRules(service: service), presigned: presigning != nil
            )
            let stringToSign = SigV4.stringToSign(amzDate: amzDate, credentialScope: scope, canonicalRequest: canonicalRequest)
            if ConstantTime.equals(key.authenticate(stringToSign), provided) {
                payloadHash = candidate
                break
            }
        }
        guard let payloadHash else { throw SigV4Error.signatureDoesNotMatch }
        // A hash the verifier did not compute from the body itself must be checked against it.
        if declaredHash != nil || payloadHash == SigV4.unsignedPayload {
            try checkPayload(request, declaredHash: payloadHash, service: service, presigned: presigning != nil)
        }
        return SigV4Verification(
            accessKeyId: authorization.accessKeyId, sessionToken: sentToken, region: authorization.region,
            service: authorization.service, signingDate: signingDate, signedHeaders: authorization.signedHeaders
        )
    }

    /// The payload hashes a signature may cover, most likely first. A declared hash is the
    /// only one; a header-signed request's is the body's. A presigned request without one
    /// has `UNSIGNED-PAYLOAD` (S3's rule, which generic presigners follow), and outside S3
    /// also the body's hash, which AWS's other services expect and botocore signs (the
    /// empty body's hash for a GET). A second candidate costs one HMAC, only on a mismatch.
    private func payloadHashCandidates(_ request: HTTPRequest, declared: String?, presigned: Bool, service: String) -> [String] {
        if let declared { return [declared] }
        guard presigned else { return [Hex.encode(SHA256.hash(request.body))] }
        if SigV4.usesS3PathRules(service: service) { return [SigV4.unsignedPayload] }
        return [Hex.encode(SHA256.hash(request.body)), SigV4.unsignedPayload]
    }

    /// The request time and its `YYYYMMDDTHHMMSSZ` form, from `X-Amz-Date` or else `Date`.
    private func requestDate(
        _ request: HTTPRequest, authorization: SigV4Authorization, header: String
    ) throws(SigV4Error) -> (String, Date) {
        let dateHeader = request.headers.contains("X-Amz-Date") ? "x-amz-date" : "date"
        guard let raw = request.headers[dateHeader] else {
            throw .incompleteSignature(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=\(header)"
            )
        }
        let text = SigV4.canonicalHeaderValue(raw)
        // X-Amz-Date must be ISO 8601 basic; a Date header is usually an HTTP date.
        let parsed = AWSTimestamp.parseAmzDate(text) ?? (dateHeader == "date" ? AWSTimestamp.parseHTTPDate(text) : nil)
        guard let date = parsed else {
            throw .incompleteSignature("Date must be in ISO-8601 'basic format'. Got '\(text)'. See http://en.wikipedia.org/wiki/ISO_8601")
        }
        // An unsigned date could be replaced to stretch the request's lifetime.
        guard authorization.signedHeaders.contains(dateHeader) else {
            throw .incompleteSignature("The '\(dateHeader == "date" ? "Date" : "X-Amz-Date")' header must be a 'SignedHeader' in the AWS Authorization.")
        }
        return (AWSTimestamp.amzDate(date), date)
    }

    /// The request time against `now`: within ``maxClockSkew`` either way, or for a
    /// presigned request (`expires` set) not beyond the skew in the future and not more
    /// than `expires` seconds in the past. Both messages follow AWS's
    /// `Signature expired: ... (now - 5 min.)` form, with the presigned lifetime in place of
    /// the skew.
    private func checkTime(_ signingDate: Date, amzDate: String, expires: Int?, now: Date) throws(SigV4Error) {
        func text(_ seconds: TimeInterval) -> String {
            seconds.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(seconds / 60)) min." : "\(Int(seconds)) sec."
        }
        let lifetime = expires.map(TimeInterval.init) ?? maxClockSkew
        let earliest = now.addingTimeInterval(-lifetime)
        let latest = now.addingTimeInterval(maxClockSkew)
        if signingDate < earliest {
            throw SigV4Error(
                .requestExpired,
                "Signature expired: \(amzDate) is now earlier than \(AWSTimestamp.amzDate(earliest)) "
                    + "(\(AWSTimestamp.amzDate(now)) - \(text(lifetime)))"
            )
        }
        if signingDate > latest {
            throw SigV4Error(
                .requestExpired,
                "Signature not yet current: \(amzDate) is still later than \(AWSTimestamp.amzDate(latest)) "
                    + "(\(AWSTimestamp.amzDate(now)) + \(text(maxClockSkew)))"
            )
        }
    }

    /// A declared body hash took the body's place in the signature, so it must be the
    /// body's. `UNSIGNED-PAYLOAD` leaves the body unauthenticated: S3 allows that; every
    /// other service only for an empty body, because there the body holds the operation
    /// itself (`Action=CreateAccessKey&...`), and an unsigned one could be swapped by anyone
    /// replaying the request (a presigned URL above all, which is made to be handed on).
    private func checkPayload(_ request: HTTPRequest, declaredHash: String, service: String, presigned: Bool) throws(SigV4Error) {
        if declaredHash == SigV4.unsignedPayload {
            guard SigV4.usesS3PathRules(service: service) || request.body.isEmpty else {
                throw SigV4Error(
                    .contentSHA256Mismatch,
                    "UNSIGNED-PAYLOAD is accepted only for S3; sign the body of \(service) requests"
                        + (presigned ? " (a presigned request declares its hash in X-Amz-Content-Sha256)." : ".")
                )
            }
            return
        }
        let name = presigned ? "X-Amz-Content-Sha256" : "x-amz-content-sha256"
        guard declaredHash.utf8.count == 64, Hex.decode(declaredHash) != nil else {
            throw SigV4Error(
                .contentSHA256Mismatch,
                "\(name) must be UNSIGNED-PAYLOAD or the hex SHA-256 of the body; "
                    + "streaming (aws-chunked) payloads are not supported. Got '\(declaredHash)'."
            )
        }
        guard ASCII.lowercased(declaredHash) == Hex.encode(SHA256.hash(request.body)) else {
            throw SigV4Error(.contentSHA256Mismatch, "The provided '\(name)' \(presigned ? "parameter" : "header") does not match what was computed.")
        }
    }
}
