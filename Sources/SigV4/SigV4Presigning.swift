// Query-string authentication (presigned URLs): the `X-Amz-*` query parameters that carry
// what an `Authorization` header and its `X-Amz-Date` would.
import Core
import HTTP
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a presigned request's query string adds to the parts an `Authorization` header has.
public struct SigV4Presigning: Sendable, Hashable {
    /// The request time, from `X-Amz-Date`.
    public var date: Date
    /// `X-Amz-Expires`: how many seconds after ``date`` the request stays valid, 1...604800.
    public var expires: Int
    /// `X-Amz-Security-Token`, present for temporary credentials.
    public var sessionToken: String?
    /// `X-Amz-Content-Sha256` when the signer declared the payload's hash; without it the
    /// payload hash is `UNSIGNED-PAYLOAD` or, outside S3, the body's (see ``SigV4Verifier``).
    public var contentSHA256: String?

    /// A presigned request's extra parts (for tests and fakes).
    public init(date: Date, expires: Int, sessionToken: String? = nil, contentSHA256: String? = nil) {
        self.date = date
        self.expires = expires
        self.sessionToken = sessionToken
        self.contentSHA256 = contentSHA256
    }
}

extension SigV4 {
    /// The longest a presigned request may live, in seconds: seven days, as long as a
    /// signing key (derived from the date) is meant to be used.
    public static let maxPresignedExpiry = 604_800

    /// The query parameters of query-string authentication. None is an operation parameter
    /// of any AWS API, so the front door keeps them out of Query-protocol input.
    public static let queryAuthenticationParameters: Set<String> = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Content-Sha256",
    ]

    /// The parameters whose presence means the client chose query-string authentication;
    /// the others (a date, a token) could travel with a header-signed request too.
    static let queryAuthenticationMarkers: Set<String> = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Expires",
    ]

    /// `seconds` as a presigned lifetime, or AWS's refusal (S3's wording; the other
    /// services answer `IncompleteSignature`): at least one second, at most seven days.
    static func checkExpiry(_ seconds: Int) throws(SigV4Error) {
        if seconds < 0 { throw .incompleteSignature("X-Amz-Expires must be non-negative") }
        if seconds == 0 { throw .incompleteSignature("X-Amz-Expires must be at least 1 second") }
        guard seconds <= maxPresignedExpiry else {
            throw .incompleteSignature(
                "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than "
                    + "\(maxPresignedExpiry) seconds"
            )
        }
    }
}

extension SigV4Error {
    /// Both an `Authorization` header and query-string authentication (S3's wording).
    public static let twoAuthenticationMechanisms = SigV4Error.incompleteSignature(
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter "
            + "or the Authorization header should be specified"
    )
}

extension SigV4Authorization {
    /// How `request` authenticates itself: the parts of its `Authorization` header, or of
    /// its query string when that carries query-string authentication (`X-Amz-Algorithm`,
    /// `X-Amz-Credential`, `X-Amz-SignedHeaders`, `X-Amz-Signature` or `X-Amz-Expires`);
    /// nil when it carries neither.
    ///
    /// Refused with `IncompleteSignature`, naming the fault: both at once; an auth
    /// parameter given twice; any of the six required parameters missing or empty; an
    /// algorithm other than `AWS4-HMAC-SHA256`; an `X-Amz-Expires` that is not a whole
    /// number of seconds in 1...604800; an `X-Amz-Date` not in ISO 8601 basic format; and
    /// the checks a header's parts get (scope, `host` signed, 64 hex digits).
    public init?(request: HTTPRequest) throws(SigV4Error) {
        let query = Self.queryAuthentication(request.rawQuery)
        let header = request.headers["Authorization"]
        guard !query.isEmpty else {
            guard let header else { return nil }
            try self.init(parsing: SigV4.canonicalHeaderValue(header))
            return
        }
        guard header == nil else { throw .twoAuthenticationMechanisms }
        try self.init(queryParameters: query)
    }

    /// The query-string authentication parameters of `rawQuery`, decoded (a `+` stays a
    /// plus, as in the canonical query); empty unless one of the markers is present.
    private static func queryAuthentication(_ rawQuery: String) -> [(name: String, value: String)] {
        guard !rawQuery.isEmpty else { return [] }
        var found: [(name: String, value: String)] = []
        var marked = false
        for piece in rawQuery.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let bytes = ArraySlice(piece)
            let equals = bytes.firstIndex(of: UInt8(ascii: "="))
            let name = String(decoding: URLEncoding.decode(bytes: bytes[..<(equals ?? bytes.endIndex)], plusAsSpace: false), as: UTF8.self)
            guard SigV4.queryAuthenticationParameters.contains(name) else { continue }
            let value = equals.map { URLEncoding.decode(bytes: bytes[($0 + 1)...], plusAsSpace: false) } ?? []
            found.append((name, String(decoding: value, as: UTF8.self)))
            if SigV4.queryAuthenticationMarkers.contains(name) { marked = true }
        }
        return marked ? found : []
    }

    private init(queryParameters: [(name: String, value: String)]) throws(SigV4Error) {
        var values: [String: String] = [:]
        for (name, value) in queryParameters {
            guard values.updateValue(value, forKey: name) == nil else {
                throw .incompleteSignature("The query parameter '\(name)' must appear only once.")
            }
        }
        let required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"]
        let present = required.compactMap { name in values[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard present.count == required.count else {
            throw .incompleteSignature(
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
                    + "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
            )
        }
        let (algorithm, credential, signature, amzDate, signedHeaders, expiresText) =
            (present[0], present[1], present[2], present[3], present[4], present[5])
        guard algorithm == SigV4.algorithm else {
            throw .incompleteSignature("X-Amz-Algorithm only supports \"\(SigV4.algorithm)\"")
        }
        try self.init(credential: credential[...], signedHeaderList: signedHeaders[...], signature: signature[...])
        presigning = SigV4Presigning(
            date: try Self.presignedDate(amzDate), expires: try Self.expiry(expiresText),
            sessionToken: values["X-Amz-Security-Token"], contentSHA256: values["X-Amz-Content-Sha256"]
        )
    }

    private static func presignedDate(_ text: String) throws(SigV4Error) -> Date {
        guard let date = AWSTimestamp.parseAmzDate(text) else {
            throw .incompleteSignature("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
        }
        return date
    }

    /// `X-Amz-Expires` as seconds. Digits beyond any valid lifetime are refused as too
    /// long without being converted, so no length of digits can overflow.
    private static func expiry(_ text: String) throws(SigV4Error) -> Int {
        let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .incompleteSignature("X-Amz-Expires should be a number")
        }
        let significant = digits.drop { $0 == 0x30 }
        let magnitude = significant.count > 7
            ? SigV4.maxPresignedExpiry + 1
            : significant.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let seconds = text.hasPrefix("-") ? -magnitude : magnitude
        try SigV4.checkExpiry(seconds)
        return seconds
    }
}
