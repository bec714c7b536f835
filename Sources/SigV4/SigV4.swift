// AWS Signature Version 4: the canonical forms and derivations both sides share.
import Core
import HTTP

/// The stages of AWS Signature Version 4, each a pure function so tests can check them one
/// by one against the official test suite. ``SigV4Signer`` and ``SigV4Verifier`` compose them.
///
/// Reference: "Create a signed AWS API request" in the IAM User Guide, and the AWS SigV4
/// test suite (`get-vanilla`, `normalize-path/*`, ...), whose behaviour these follow.
public enum SigV4 {
    /// The only algorithm supported: `AWS4-HMAC-SHA256`.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The last component of every credential scope.
    public static let scopeTerminator = "aws4_request"
    /// The `x-amz-content-sha256` value that opts a request out of payload signing (S3).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    // MARK: - Canonical request

    /// The canonical URI for a path as it appears on the wire (still percent-encoded).
    ///
    /// With `normalizing` (every service except S3): dot segments are resolved (`.` dropped,
    /// `..` removes the previous segment and never climbs above the root), runs of `/`
    /// collapse to one, a trailing `/` is kept if the path had one and anything is left,
    /// and an empty result becomes `/`. Then every byte except the RFC 3986 unreserved set
    /// and `/` is percent-encoded.
    ///
    /// That encoding is applied to the path exactly as given, so a path that was already
    /// percent-encoded on the wire is encoded again: `/a%20b` becomes `/a%2520b`. This is
    /// deliberate and matches what the AWS SDKs do for every service but S3 (they encode the
    /// already-encoded request path). Decoding first would break compatibility with them.
    ///
    /// Without `normalizing` (S3's rules) the path is used as sent: no normalisation and no
    /// second encoding, because S3 object keys may legitimately contain `//` or `..`.
    public static func canonicalURI(_ rawPath: String, normalizing: Bool = true) -> String {
        // Every AWS JSON and Query call is sent to `/`, which is its own canonical form.
        if rawPath == "/" { return rawPath }
        guard normalizing else { return rawPath.isEmpty ? "/" : rawPath }
        return URLEncoding.encode(normalizedPath(rawPath), keep: [UInt8(ascii: "/")])
    }

    /// Resolves dot segments and repeated slashes as the SDKs do (see ``canonicalURI(_:normalizing:)``).
    public static func normalizedPath(_ rawPath: String) -> String {
        var segments: [Substring] = []
        for segment in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        guard !segments.isEmpty else { return "/" }
        return "/" + segments.joined(separator: "/") + (rawPath.hasSuffix("/") ? "/" : "")
    }

    /// The canonical query string for a raw (still encoded) query, without the `?`.
    ///
    /// Each `name=value` pair is split at its first `=` (a bare `name` means an empty value),
    /// both halves are percent-decoded to bytes and re-encoded with RFC 3986 rules, and the
    /// pairs are sorted by encoded name, then encoded value. So `~` and `%7E`, or `%2f` and
    /// `%2F`, canonicalise alike. A `+` is a literal plus here (it becomes `%2B`), not a
    /// space: SigV4 clients send spaces as `%20`. Pairs whose decoded name is `excluding`
    /// are left out (a presigned request's `X-Amz-Signature`).
    public static func canonicalQuery(_ rawQuery: String, excluding excludedName: String? = nil) -> String {
        guard !rawQuery.isEmpty else { return "" }
        let excluded = excludedName.map { Array($0.utf8) }
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        for piece in rawQuery.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let name: ArraySlice<UInt8>, value: ArraySlice<UInt8>
            let bytes = ArraySlice(piece)
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                name = bytes[..<equals]
                value = bytes[(equals + 1)...]
            } else {
                name = bytes
                value = []
            }
            let decodedName = URLEncoding.decode(bytes: name, plusAsSpace: false)
            if let excluded, decodedName == excluded { continue }
            pairs.append((Array(URLEncoding.encode(bytes: decodedName).utf8),
                          Array(URLEncoding.encode(bytes: URLEncoding.decode(bytes: value, plusAsSpace: false)).utf8)))
        }
        pairs.sort { left, right in
            left.name != right.name
                ? left.name.lexicographicallyPrecedes(right.name)
                : left.value.lexicographicallyPrecedes(right.value)
        }
        var output: [UInt8] = []
        for (index, pair) in pairs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            output += pair.name
            output.append(UInt8(ascii: "="))
            output += pair.value
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A header value in canonical form: leading and trailing whitespace removed and every
    /// inner run of whitespace (spaces, tabs, stray CR/LF of folded lines) made one space.
    /// Quoted strings get no special treatment, as the test suite's `"a   b   c"` shows.
    public static func canonicalHeaderValue(_ value: String) -> String {
        // Byte-level: header values are mostly ASCII, and Character iteration (grapheme
        // breaking) was the verifier's largest cost. Whitespace bytes are ASCII, so folding
        // them never splits a multi-byte UTF-8 sequence.
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        let bytes = value.utf8
        // Most values are already canonical; scanning the contiguous bytes says so cheaply.
        func isCanonical(_ bytes: some Sequence<UInt8>) -> Bool {
            var previousSpace = true
            for byte in bytes {
                let space = isSpace(byte)
                if space && (previousSpace || byte != 0x20) { return false }
                previousSpace = space
            }
            return !previousSpace
        }
        if bytes.withContiguousStorageIfAvailable(isCanonical) ?? isCanonical(bytes) { return value }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if isSpace(byte) {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The names a signer signs: every header present, lower-cased, de-duplicated and sorted,
    /// minus `excluded` (lower-case names).
    public static func signedHeaderNames(_ headers: HTTPHeaders, excluding excluded: Set<String>) -> [String] {
        // A request has a handful of headers: linear de-duplication beats hashing them.
        var names: [String] = []
        for field in headers {
            let name = ASCII.lowercased(field.name)
            if !names.contains(name), !excluded.contains(name) { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The canonical headers block: one `name:value\n` line per name in `signedHeaders`
    /// (lower-case, in the order given, which signers make sorted). Several fields with the
    /// same name are joined with `,` in the order they appear; a name with no field gets an
    /// empty value, so a verifier recomputes exactly what a forged header list implies.
    public static func canonicalHeaders(_ headers: HTTPHeaders, signedHeaders: [String]) -> String {
        // Every signed request passes here twice (signer and verifier). The header list is
        // short, so each name is found by a linear scan that compares the fields' names
        // lower-cased byte by byte, without lower-cased copies, and the block is written into
        // one byte buffer.
        var block: [UInt8] = []
        block.reserveCapacity(headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        for name in signedHeaders {
            block.append(contentsOf: name.utf8)
            block.append(UInt8(ascii: ":"))
            var first = true
            for field in headers where ASCII.lowercased(field.name, equals: name) {
                if !first { block.append(UInt8(ascii: ",")) }
                block.append(contentsOf: canonicalHeaderValue(field.value).utf8)
                first = false
            }
            block.append(UInt8(ascii: "\n"))
        }
        return String(decoding: block, as: UTF8.self)
    }

    /// The payload hash: the `x-amz-content-sha256` header when present (it may be
    /// `UNSIGNED-PAYLOAD`), otherwise the lower-case hex SHA-256 of the body.
    public static func payloadHash(_ request: HTTPRequest) -> String {
        if let declared = request.headers["x-amz-content-sha256"] {
            return canonicalHeaderValue(declared)
        }
        return Hex.encode(SHA256.hash(request.body))
    }

    /// The whole canonical request: method, URI, query, headers, signed header list, payload
    /// hash. A `presigned` request's query leaves out its own `X-Amz-Signature`.
    public static func canonicalRequest(
        _ request: HTTPRequest, signedHeaders: [String], payloadHash: String, normalizingPath: Bool = true, presigned: Bool = false
    ) -> String {
        [
            request.method,
            canonicalURI(request.rawPath, normalizing: normalizingPath),
            canonicalQuery(request.rawQuery, excluding: presigned ? "X-Amz-Signature" : nil),
            canonicalHeaders(request.headers, signedHeaders: signedHeaders),
            signedHeaders.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
    }

    // MARK: - String to sign, key and signature

    /// `20150830/us-east-1/iam/aws4_request`.
    public static func credentialScope(dateStamp: String, region: String, service: String) -> String {
        "\(dateStamp)/\(region)/\(service)/\(scopeTerminator)"
    }

    /// The algorithm, the request time, the scope and the hex SHA-256 of the canonical request.
    public static func stringToSign(amzDate: String, credentialScope: String, canonicalRequest: String) -> String {
        "\(algorithm)\n\(amzDate)\n\(credentialScope)\n\(Hex.encode(SHA256.hash(canonicalRequest)))"
    }

    /// The signing key `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`,
    /// returned with its HMAC pads precomputed.
    ///
    /// It depends only on these four inputs, so a caller that signs or verifies many requests
    /// may memoise it per (secret, day, region, service); it stays valid all day.
    public static func signingKey(secretAccessKey: String, dateStamp: String, region: String, service: String) -> HMACSHA256Key {
        HMACSHA256Key(key: signingKeyBytes(secretAccessKey: secretAccessKey, dateStamp: dateStamp, region: region, service: service))
    }

    /// The raw 32 bytes of ``signingKey(secretAccessKey:dateStamp:region:service:)``, as the
    /// AWS documentation prints them.
    public static func signingKeyBytes(secretAccessKey: String, dateStamp: String, region: String, service: String) -> [UInt8] {
        let dateKey = HMACSHA256Key(key: "AWS4" + secretAccessKey).authenticate(dateStamp)
        let regionKey = HMACSHA256Key(key: dateKey).authenticate(region)
        let serviceKey = HMACSHA256Key(key: regionKey).authenticate(service)
        return HMACSHA256Key(key: serviceKey).authenticate(scopeTerminator)
    }

    /// The lower-case hex signature of `stringToSign`.
    public static func signature(stringToSign: String, signingKey: HMACSHA256Key) -> String {
        Hex.encode(signingKey.authenticate(stringToSign))
    }

    /// The `Authorization` header value.
    public static func authorization(accessKeyId: String, credentialScope: String, signedHeaders: [String], signature: String) -> String {
        "\(algorithm) Credential=\(accessKeyId)/\(credentialScope), SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
    }

    /// Whether `service` uses S3's path rules (no normalisation, no double encoding).
    public static func usesS3PathRules(service: String) -> Bool {
        service == "s3" || service == "s3express"
    }
}
