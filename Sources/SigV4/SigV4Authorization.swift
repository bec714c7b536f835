// The parts of a SigV4 signature, parsed from an `Authorization` header (the query-string
// form is in SigV4Presigning.swift).
import Core

/// The parts of an `AWS4-HMAC-SHA256` signature: from an `Authorization` header, or from
/// the query string of a presigned request (see ``init(request:)``).
public struct SigV4Authorization: Sendable, Hashable {
    /// The access key id from the credential scope.
    public var accessKeyId: String
    /// `YYYYMMDD` from the credential scope.
    public var dateStamp: String
    /// The region from the credential scope.
    public var region: String
    /// The service from the credential scope.
    public var service: String
    /// Lower-case, in the order the client listed them.
    public var signedHeaders: [String]
    /// 64 hex digits.
    public var signature: String
    /// What a presigned request's query adds (time, lifetime, session token, payload hash);
    /// nil when the parts came from an `Authorization` header.
    public var presigning: SigV4Presigning?

    /// Parses and checks the header's shape; every failure is `IncompleteSignature`, naming
    /// the part at fault.
    public init(parsing header: String) throws(SigV4Error) {
        var bytes = header
        if let parsed = bytes.withUTF8({ Self.parseWellFormed($0) }) {
            self = parsed
        } else {
            try self.init(parsingGenerally: header)
        }
    }

    /// The general parser behind ``init(parsing:)``: every header, well formed or not.
    init(parsingGenerally header: String) throws(SigV4Error) {
        let prefix = SigV4.algorithm + " "
        guard header.hasPrefix(prefix) else {
            let algorithm = header.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            throw .incompleteSignature("Unsupported AWS 'algorithm': '\(algorithm)'. Only \(SigV4.algorithm) is supported.")
        }
        // A header has three parameters: a short list searched linearly beats a dictionary
        // (hashing every name) on this path, which every signed request takes.
        var parameters: [(name: Substring, value: Substring)] = []
        parameters.reserveCapacity(3)
        func parameter(_ name: String) -> Substring? {
            for entry in parameters where entry.name == name { return entry.value }
            return nil
        }
        for component in Self.split(header[header.utf8.index(header.startIndex, offsetBy: prefix.utf8.count)...], on: UInt8(ascii: ",")) where !component.isEmpty {
            let trimmed = Self.trimmed(component)
            guard let equals = trimmed.utf8.firstIndex(of: UInt8(ascii: "=")) else {
                throw .incompleteSignature("Authorization header has a malformed component '\(trimmed)'. Authorization=\(header)")
            }
            let name = trimmed[..<equals]
            guard !parameters.contains(where: { $0.name == name }) else {
                throw .incompleteSignature("Authorization header has a duplicate '\(name)' parameter. Authorization=\(header)")
            }
            parameters.append((name, trimmed[trimmed.index(after: equals)...]))
        }
        let credential = parameter("Credential") ?? ""
        let signedHeaderList = parameter("SignedHeaders") ?? ""
        let signatureValue = parameter("Signature") ?? ""
        guard !credential.isEmpty, !signedHeaderList.isEmpty, !signatureValue.isEmpty else {
            let missing = [("Credential", credential), ("SignedHeaders", signedHeaderList), ("Signature", signatureValue)]
                .filter { $0.1.isEmpty }.map(\.0)
            let requirements = missing.map { "Authorization header requires '\($0)' parameter." }
            throw .incompleteSignature((requirements + ["Authorization=\(header)"]).joined(separator: " "))
        }

        try self.init(credential: credential, signedHeaderList: signedHeaderList, signature: signatureValue)
    }

    /// The checks common to both places the parts travel (an `Authorization` header, or the
    /// `X-Amz-Credential`, `X-Amz-SignedHeaders` and `X-Amz-Signature` query parameters of a
    /// presigned request): a five-part scope ending `aws4_request` with an eight-digit date,
    /// non-empty signed header names including `host`, and a 64-hex-digit signature.
    init(credential: Substring, signedHeaderList: Substring, signature: Substring) throws(SigV4Error) {
        let scope = Self.split(credential, on: UInt8(ascii: "/"))
        guard scope.count == 5, !scope[0].isEmpty, !scope[2].isEmpty, !scope[3].isEmpty else {
            throw .incompleteSignature(
                "Credential must have the form AccessKeyId/YYYYMMDD/region/service/\(SigV4.scopeTerminator), "
                    + "got '\(credential)'."
            )
        }
        guard scope[1].utf8.count == 8, scope[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .incompleteSignature("Credential should be scoped to a valid date (YYYYMMDD), not '\(scope[1])'.")
        }
        guard scope[4] == SigV4.scopeTerminator else {
            throw .incompleteSignature(
                "Credential should be scoped with a valid terminator: '\(SigV4.scopeTerminator)', not '\(scope[4])'."
            )
        }

        let signedHeaders = Self.split(signedHeaderList, on: UInt8(ascii: ";")).map { ASCII.lowercased($0) }
        guard !signedHeaders.contains(where: \.isEmpty) else {
            throw .incompleteSignature("SignedHeaders has an empty header name: '\(signedHeaderList)'.")
        }
        guard signedHeaders.contains("host") else {
            throw .incompleteSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.")
        }

        guard signature.utf8.count == 64, signature.utf8.allSatisfy({ ASCII.hexValue($0) != nil }) else {
            throw .incompleteSignature("Signature must be 64 hexadecimal digits, got '\(signature)'.")
        }

        accessKeyId = String(scope[0])
        dateStamp = String(scope[1])
        region = String(scope[2])
        service = String(scope[3])
        self.signedHeaders = signedHeaders
        self.signature = String(signature)
    }

    private init(
        accessKeyId: String, dateStamp: String, region: String, service: String, signedHeaders: [String], signature: String
    ) {
        self.accessKeyId = accessKeyId
        self.dateStamp = dateStamp
        self.region = region
        self.service = service
        self.signedHeaders = signedHeaders
        self.signature = signature
    }

    /// The header as every SDK writes it, parsed byte by byte: ASCII only, the algorithm,
    /// then exactly `Credential=`, `SignedHeaders=` and `Signature=` (in any order) separated
    /// by commas with at most a single space before each, and every check passing. Anything
    /// else, including every header that is refused, is nil and goes through the general
    /// parser, which gives the same result for these and the messages for the rest.
    static func parseWellFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> SigV4Authorization? {
        let prefix: StaticString = "AWS4-HMAC-SHA256 "
        let prefixCount = prefix.utf8CodeUnitCount
        guard bytes.count > prefixCount else { return nil }
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefixCount)
        for index in 0..<prefixCount where bytes[index] != prefixBytes[index] { return nil }
        for byte in bytes where byte >= 0x80 || byte < 0x20 { return nil }

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
            guard range.count == literal.utf8CodeUnitCount else { return false }
            let start = literal.utf8Start
            for (offset, index) in range.enumerated() where bytes[index] != start[offset] { return false }
            return true
        }
        var credential: Range<Int>?, signedHeaderList: Range<Int>?, signatureRange: Range<Int>?
        var start = prefixCount
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
            var first = start
            if first < end, bytes[first] == 0x20 { first += 1 }
            guard first < end else { return nil }
            var equalsIndex = first
            while equalsIndex < end, bytes[equalsIndex] != UInt8(ascii: "=") {
                if bytes[equalsIndex] == 0x20 { return nil }
                equalsIndex += 1
            }
            guard equalsIndex < end else { return nil }
            let value = (equalsIndex + 1)..<end
            guard !value.isEmpty, !bytes[value].contains(0x20) else { return nil }
            let name = first..<equalsIndex
            if equals(name, "Credential"), credential == nil {
                credential = value
            } else if equals(name, "SignedHeaders"), signedHeaderList == nil {
                signedHeaderList = value
            } else if equals(name, "Signature"), signatureRange == nil {
                signatureRange = value
            } else {
                return nil
            }
            start = end + 1
        }
        guard let credential, let signedHeaderList, let signatureRange else { return nil }

        var scope: [Range<Int>] = []
        scope.reserveCapacity(5)
        var pieceStart = credential.lowerBound
        for index in credential where bytes[index] == UInt8(ascii: "/") {
            scope.append(pieceStart..<index)
            pieceStart = index + 1
        }
        scope.append(pieceStart..<credential.upperBound)
        guard scope.count == 5, !scope[0].isEmpty, !scope[2].isEmpty, !scope[3].isEmpty,
              scope[1].count == 8, bytes[scope[1]].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              equals(scope[4], "aws4_request") else { return nil }

        var signedHeaders: [String] = []
        var hasHost = false
        pieceStart = signedHeaderList.lowerBound
        for index in signedHeaderList.lowerBound...signedHeaderList.upperBound
        where index == signedHeaderList.upperBound || bytes[index] == UInt8(ascii: ";") {
            guard pieceStart < index else { return nil }
            let name: String
            if bytes[pieceStart..<index].contains(where: { $0 >= 65 && $0 <= 90 }) {
                name = String(decoding: bytes[pieceStart..<index].map(ASCII.lowered), as: UTF8.self)
            } else {
                name = string(pieceStart..<index)
            }
            if name == "host" { hasHost = true }
            signedHeaders.append(name)
            pieceStart = index + 1
        }
        guard hasHost else { return nil }

        guard signatureRange.count == 64, bytes[signatureRange].allSatisfy({ ASCII.hexValue($0) != nil }) else { return nil }
        return SigV4Authorization(
            accessKeyId: string(scope[0]), dateStamp: string(scope[1]), region: string(scope[2]), service: string(scope[3]),
            signedHeaders: signedHeaders, signature: string(signatureRange)
        )
    }

    /// A component without surrounding spaces. The usual `, Signature=…` has only the one
    /// leading space, trimmed as a slice; anything with whitespace inside is folded as a
    /// header value would be.
    static func trimmed(_ component: Substring) -> Substring {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        let bytes = component.utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        let inner = component[first...last]
        guard inner.utf8.contains(where: isSpace) else { return inner }
        return Substring(SigV4.canonicalHeaderValue(String(inner)))
    }

    /// `text` split at every `separator` byte (an ASCII byte, so never inside a multi-byte
    /// character), keeping empty pieces. Byte-level: every signed request is parsed here, and
    /// Character-level splitting was a measurable share of the platform's time per call.
    static func split(_ text: Substring, on separator: UInt8) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var index = text.utf8.startIndex
        while index != text.utf8.endIndex {
            if text.utf8[index] == separator {
                pieces.append(text[start..<index])
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        pieces.append(text[start..<text.endIndex])
        return pieces
    }
}
