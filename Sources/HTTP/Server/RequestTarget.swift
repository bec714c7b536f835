import Core

// Where a request is aimed: its Host header and the four forms of request-target (RFC 9112
// §3.2). Only origin-form (`/path?q`) reaches the responder, so routing, SigV4 verification and
// every handler see one shape whichever way the client wrote the request line.
extension RequestHead {
    /// Checks the Host header and puts an absolute-form target in origin-form; the refusal
    /// when the request cannot be served as sent.
    ///
    /// - An HTTP/1.1 request without Host, and any request with two or with an invalid one, is a
    ///   400 (RFC 9112 §3.2). HTTP/1.0 predates Host and is served without it.
    /// - Absolute-form (`http://host:port/path?q`, what a client sends to a proxy) is served as
    ///   `/path?q`, and its authority replaces the Host header (§3.2.2), so a request signed for
    ///   `http://host:port/path` verifies whichever form carried it.
    /// - Asterisk-form (`*`) is for OPTIONS alone (§3.2.4); the server answers it itself.
    /// - Authority-form is CONNECT's, and this server is no proxy: 501.
    mutating func resolveTarget() -> HTTPError? {
        if hostFields > 1 {
            return .badRequest("the request has \(hostFields) Host headers; exactly one is allowed (RFC 9112 §3.2)")
        }
        if let host, !Self.isValidHost(host.utf8) {
            return .badRequest("invalid Host header \(HTTPError.quote(host.utf8)): expected host or host:port (RFC 9112 §3.2)")
        }
        if host == nil && minorVersion >= 1 {
            return .badRequest("an HTTP/1.1 request must have a Host header naming the server, e.g. \"Host: 127.0.0.1:8080\" (RFC 9112 §3.2)")
        }
        if method == "CONNECT" {
            return .notImplemented("CONNECT is not supported: this server is not a proxy")
        }
        // The common case costs no copy of the target.
        if target.utf8.first == UInt8(ascii: "/") { return nil }
        let bytes = Array(target.utf8)
        if bytes == [UInt8(ascii: "*")] {
            return method == "OPTIONS" ? nil : .badRequest("the request target \"*\" is only for OPTIONS (RFC 9112 §3.2.4)")
        }
        guard let absolute = Self.absoluteForm(bytes) else {
            return .badRequest("invalid request target \(HTTPError.quote(bytes)): expected a path such as /items or an absolute URI such as http://host:port/items")
        }
        guard absolute.scheme == "http" || absolute.scheme == "https" else {
            return .badRequest("the request target's scheme \(HTTPError.quote(absolute.scheme.utf8)) is not served; use http")
        }
        let authority = bytes[absolute.authority]
        guard !authority.isEmpty, authority.first != UInt8(ascii: ":"), Self.isValidHost(authority) else {
            return .badRequest("invalid authority \(HTTPError.quote(authority)) in the request target: expected host or host:port")
        }
        target = (absolute.path.isEmpty ? "/" : String(decoding: bytes[absolute.path], as: UTF8.self))
            + String(decoding: bytes[absolute.path.upperBound...], as: UTF8.self)
        headers.replaceOrAdd(name: "Host", value: String(decoding: authority, as: UTF8.self))
        return nil
    }

    /// `scheme "://" authority path-abempty ["?" query]` (RFC 3986 §3): the scheme, lower
    /// case, and where the authority and the path lie; nil for anything else. The query is
    /// what follows the path.
    static func absoluteForm(_ bytes: [UInt8]) -> (scheme: String, authority: Range<Int>, path: Range<Int>)? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, isLetter(bytes[0]),
              bytes[1..<colon].allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }),
              bytes[(colon + 1)...].starts(with: "//".utf8) else { return nil }
        let authorityStart = colon + 3
        let authorityEnd = bytes[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? bytes.count
        let pathEnd = bytes[authorityEnd...].firstIndex(of: UInt8(ascii: "?")) ?? bytes.count
        let scheme = String(decoding: bytes[..<colon].map(ASCII.lowered), as: UTF8.self)
        return (scheme, authorityStart..<authorityEnd, authorityEnd..<pathEnd)
    }

    /// `uri-host [":" port]` (RFC 9110 §7.2, RFC 3986 §3.2.2): a bracketed IP literal, or a
    /// name or IPv4 address of unreserved, sub-delims and percent-encoded bytes; then at most
    /// five digits of port. Empty is valid: a Host for a target without an authority.
    static func isValidHost(_ value: some Collection<UInt8>) -> Bool {
        let bytes = Array(value)
        var index = 0
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1,
                  bytes[1..<close].allSatisfy({ isUnreservedOrSubDelim($0) || $0 == HTTPASCII.colon }) else { return false }
            index = close + 1
        } else {
            while index < bytes.count && bytes[index] != HTTPASCII.colon {
                if bytes[index] == UInt8(ascii: "%") {
                    guard index + 2 < bytes.count, ASCII.hexValue(bytes[index + 1]) != nil, ASCII.hexValue(bytes[index + 2]) != nil else { return false }
                    index += 3
                } else {
                    guard isUnreservedOrSubDelim(bytes[index]) else { return false }
                    index += 1
                }
            }
        }
        guard index < bytes.count else { return true }
        let port = bytes[(index + 1)...]
        return bytes[index] == HTTPASCII.colon && port.count <= 5 && port.allSatisfy(isDigit)
    }

    /// `unreserved / sub-delims` of RFC 3986 §2.
    private static func isUnreservedOrSubDelim(_ byte: UInt8) -> Bool {
        if isLetter(byte) || isDigit(byte) { return true }
        return "-._~!$&'()*+,;=".utf8.contains(byte)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
