import Core
/// The validated request line and header fields of one request, plus the framing facts the
/// server derives from them (body length, chunking, keep-alive, `Expect`).
struct RequestHead {
    var method: String
    var target: String
    /// The x of HTTP/1.x: 0 or 1 (later 1.x minors are treated as 1.1).
    var minorVersion: Int
    var headers = HTTPHeaders()
    var contentLength: Int?
    var chunked = false
    var connectionClose = false
    var connectionKeepAlive = false
    var expectContinue = false
    /// The Host header's value, and how many Host fields there were (`resolveTarget` checks both).
    var host: String?
    var hostFields = 0

    /// HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only when asked to keep it.
    var keepAlive: Bool {
        if connectionClose { return false }
        return minorVersion >= 1 || connectionKeepAlive
    }

    /// Parses `bytes`: the request line and header lines, each ending in LF (CR optional),
    /// without the blank line that ends the head.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<RequestHead, HTTPError> {
        var cursor = 0
        func nextLine() -> Range<Int> {
            var end = cursor
            while end < bytes.count && bytes[end] != HTTPASCII.lf { end += 1 }
            let line = cursor..<(end > cursor && bytes[end - 1] == HTTPASCII.cr ? end - 1 : end)
            cursor = end + 1
            return line
        }
        var head: RequestHead
        switch parseRequestLine(bytes, nextLine()) {
        case .success(let parsed): head = parsed
        case .failure(let error): return .failure(error)
        }
        var transferCodings: [String] = []
        while cursor < bytes.count {
            let line = nextLine()
            if let error = head.addField(bytes, line, transferCodings: &transferCodings) { return .failure(error) }
        }
        if !transferCodings.isEmpty {
            if head.contentLength != nil {
                return .failure(.badRequest("request has both Content-Length and Transfer-Encoding"))
            }
            if let unknown = transferCodings.first(where: { $0 != "chunked" }) {
                return .failure(.notImplemented("Transfer-Encoding \(HTTPError.quote(unknown.utf8)) is not supported; only chunked is"))
            }
            guard transferCodings.count == 1 else {
                return .failure(.badRequest("chunked is applied more than once in Transfer-Encoding"))
            }
            head.chunked = true
        }
        if let refusal = head.resolveTarget() { return .failure(refusal) }
        return .success(head)
    }

    /// `METHOD SP request-target SP HTTP/1.x`, with exactly one space between the parts.
    private static func parseRequestLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Result<RequestHead, HTTPError> {
        let malformed = HTTPError.badRequest(
            "malformed request line \(HTTPError.quote(bytes[line])): expected \"METHOD /target HTTP/1.1\"")
        var index = line.lowerBound
        while index < line.upperBound && HTTPASCII.isToken(bytes[index]) { index += 1 }
        let methodEnd = index
        guard methodEnd > line.lowerBound, methodEnd < line.upperBound, bytes[methodEnd] == HTTPASCII.space else {
            return .failure(malformed)
        }
        index += 1
        // Visible ASCII only: no spaces, controls or raw UTF-8 in the target.
        while index < line.upperBound && bytes[index] > 0x20 && bytes[index] < 0x7F { index += 1 }
        let targetRange = (methodEnd + 1)..<index
        guard !targetRange.isEmpty, index < line.upperBound, bytes[index] == HTTPASCII.space else {
            return .failure(malformed)
        }
        let version = (index + 1)..<line.upperBound
        guard !bytes[version].contains(HTTPASCII.space) else { return .failure(malformed) }
        guard version.count == 8, bytes[version].starts(with: "HTTP/".utf8),
              case let major = bytes[version.lowerBound + 5], case let minor = bytes[version.lowerBound + 7],
              bytes[version.lowerBound + 6] == UInt8(ascii: "."),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(major),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(minor) else {
            return .failure(.badRequest("invalid HTTP version \(HTTPError.quote(bytes[version])): expected HTTP/1.1 or HTTP/1.0"))
        }
        guard major == UInt8(ascii: "1") else {
            return .failure(.versionNotSupported("HTTP version \(HTTPError.quote(bytes[version])) is not supported; use HTTP/1.1"))
        }
        let method = String(decoding: UnsafeBufferPointer(rebasing: bytes[line.lowerBound..<methodEnd]), as: UTF8.self)
        let target = String(decoding: UnsafeBufferPointer(rebasing: bytes[targetRange]), as: UTF8.self)
        return .success(RequestHead(method: method, target: target, minorVersion: minor == UInt8(ascii: "0") ? 0 : 1))
    }

    /// Validates one `name: value` line, records it, and notes the framing headers.
    private mutating func addField(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, transferCodings: inout [String]) -> HTTPError? {
        guard let first = line.first.map({ bytes[$0] }) else {
            return .badRequest("empty header line")
        }
        if first == HTTPASCII.space || first == HTTPASCII.tab {
            return .badRequest("obsolete header line folding is not supported: \(HTTPError.quote(bytes[line]))")
        }
        var colon = line.lowerBound
        while colon < line.upperBound && HTTPASCII.isToken(bytes[colon]) { colon += 1 }
        guard colon > line.lowerBound, colon < line.upperBound, bytes[colon] == HTTPASCII.colon else {
            return .badRequest("malformed header line \(HTTPError.quote(bytes[line])): expected \"Name: value\"")
        }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd && (bytes[valueStart] == HTTPASCII.space || bytes[valueStart] == HTTPASCII.tab) { valueStart += 1 }
        while valueEnd > valueStart && (bytes[valueEnd - 1] == HTTPASCII.space || bytes[valueEnd - 1] == HTTPASCII.tab) { valueEnd -= 1 }
        let nameRange = line.lowerBound..<colon
        let valueRange = valueStart..<valueEnd
        for index in valueRange {
            let byte = bytes[index]
            // Field values may hold visible ASCII, spaces, tabs and obs-text; never controls.
            if (byte < 0x20 && byte != HTTPASCII.tab) || byte == 0x7F {
                return .badRequest("invalid character in the value of header \(HTTPError.quote(bytes[nameRange]))")
            }
        }
        let value = UnsafeBufferPointer(rebasing: bytes[valueRange])
        let name = UnsafeBufferPointer(rebasing: bytes[nameRange])
        if Self.nameEquals(name, Self.contentLength) {
            guard let length = Self.parseContentLength(value), contentLength == nil || contentLength == length else {
                return .badRequest("invalid Content-Length \(HTTPError.quote(value))")
            }
            contentLength = length
        } else if Self.nameEquals(name, Self.transferEncoding) {
            for coding in value.split(separator: HTTPASCII.comma) {
                let token = String(decoding: coding.map(ASCII.lowered), as: UTF8.self).trimmingSpaces()
                if !token.isEmpty { transferCodings.append(String(token)) }
            }
        } else if Self.nameEquals(name, Self.connection) {
            for option in value.split(separator: HTTPASCII.comma) {
                let token = option.map(ASCII.lowered).trimmingSpaceBytes()
                if token.elementsEqual("close".utf8) { connectionClose = true }
                if token.elementsEqual("keep-alive".utf8) { connectionKeepAlive = true }
            }
        } else if Self.nameEquals(name, Self.expect) {
            guard value.map(ASCII.lowered).elementsEqual("100-continue".utf8) else {
                return .expectationFailed("unsupported expectation \(HTTPError.quote(value)); only 100-continue is")
            }
            expectContinue = true
        }
        let text = String(decoding: value, as: UTF8.self)
        if Self.nameEquals(name, Self.host) {
            host = text
            hostFields += 1
        }
        headers.add(name: String(decoding: name, as: UTF8.self), value: text)
        return nil
    }

    /// One or more comma-separated copies of the same decimal length (RFC 9110 §8.6).
    private static func parseContentLength(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        var result: Int?
        for part in value.split(separator: HTTPASCII.comma, omittingEmptySubsequences: false) {
            let digits = Array(part).trimmingSpaceBytes()
            // 18 digits cannot overflow Int; anything longer is far beyond any body limit anyway.
            guard !digits.isEmpty, digits.count <= 18,
                  digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            let length = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            if let result, result != length { return nil }
            result = length
        }
        return result
    }

    private static let contentLength = Array("content-length".utf8)
    private static let transferEncoding = Array("transfer-encoding".utf8)
    private static let connection = Array("connection".utf8)
    private static let expect = Array("expect".utf8)
    private static let host = Array("host".utf8)

    @inline(__always)
    private static func nameEquals(_ name: UnsafeBufferPointer<UInt8>, _ lowercase: [UInt8]) -> Bool {
        guard name.count == lowercase.count else { return false }
        for index in 0..<name.count where ASCII.lowered(name[index]) != lowercase[index] { return false }
        return true
    }
}

extension Array where Element == UInt8 {
    /// The bytes without leading and trailing spaces and tabs.
    func trimmingSpaceBytes() -> ArraySlice<UInt8> {
        var slice = self[...]
        while let first = slice.first, first == HTTPASCII.space || first == HTTPASCII.tab { slice.removeFirst() }
        while let last = slice.last, last == HTTPASCII.space || last == HTTPASCII.tab { slice.removeLast() }
        return slice
    }
}
