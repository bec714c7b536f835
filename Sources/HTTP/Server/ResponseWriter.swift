#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Core
import Synchronization

/// Serialises responses into the exact bytes written to the socket, in one buffer.
///
/// The server owns the framing headers: whatever `Content-Length`, `Transfer-Encoding` or
/// `Connection` a responder sets is replaced, because only the server knows what it sends.
enum ResponseWriter {
    /// The interim response sent before reading a body the client announced with `Expect`.
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The bytes for `response` to `parsed`, and whether the connection must close after them.
    static func serialize(_ response: HTTPResponse, for parsed: ParsedRequest, draining: Bool) -> (bytes: [UInt8], close: Bool) {
        let close = !parsed.keepAlive || draining || asksToClose(response.headers)
        let bytes = encode(response, headOnly: parsed.isHead,
                           connection: close ? .close : (parsed.isHTTP10 ? .keepAlive : .implicit))
        return (bytes, close)
    }

    /// The error response for a refused request; it always closes the connection.
    static func serialize(_ refusal: HTTPError) -> [UInt8] {
        encode(refusal.response, headOnly: false, connection: .close)
    }

    enum ConnectionHeader {
        /// HTTP/1.1 keep-alive: nothing to say.
        case implicit
        case keepAlive
        case close
    }

    static func encode(_ response: HTTPResponse, headOnly: Bool, connection: ConnectionHeader) -> [UInt8] {
        let status = (100...999).contains(response.status) ? response.status : 500
        // 1xx, 204 and 304 never carry a body, nor (for 1xx/204) a Content-Length.
        let bodiless = status < 200 || status == 204 || status == 304
        var out: [UInt8] = []
        out.reserveCapacity(160 + response.headers.count * 48 + (headOnly || bodiless ? 0 : response.body.count))
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        out.append(UInt8(ascii: "0") + UInt8(status / 100))
        out.append(UInt8(ascii: "0") + UInt8(status / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(status % 10))
        out.append(HTTPASCII.space)
        out.append(contentsOf: HTTPStatus(status).reasonPhrase.utf8)
        out.append(contentsOf: "\r\n".utf8)
        var hasServer = false
        var declaredLength: String?
        for field in response.headers {
            switch framingHeader(field.name) {
            case .contentLength:
                declaredLength = field.value
                continue
            case .transferEncoding, .connection:
                continue
            case .server:
                hasServer = true
            case nil:
                break
            }
            // A CR or LF in a name or value would let a responder smuggle headers: drop the field.
            guard isSafe(field.name), isSafe(field.value) else { continue }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        if !hasServer { out.append(contentsOf: "Server: saaslab\r\n".utf8) }
        out.append(contentsOf: DateHeader.current())
        if let length = contentLength(status: status, body: response.body, declared: declaredLength, headOnly: headOnly) {
            out.append(contentsOf: "Content-Length: ".utf8)
            out.append(contentsOf: length.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        switch connection {
        case .implicit: break
        case .keepAlive: out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        case .close: out.append(contentsOf: "Connection: close\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if !headOnly && !bodiless { out.append(contentsOf: response.body) }
        return out
    }

    /// The Content-Length to announce, or nil when the status forbids or needs none.
    private static func contentLength(status: Int, body: [UInt8], declared: String?, headOnly: Bool) -> String? {
        if status < 200 || status == 204 { return nil }
        if !body.isEmpty || !(headOnly || status == 304) { return String(body.count) }
        // A HEAD (or 304) response announces the length a GET would have; a responder may
        // declare it without producing the body.
        if let declared, !declared.isEmpty, declared.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return declared }
        return status == 304 ? nil : "0"
    }

    private enum FramingHeader {
        case contentLength, transferEncoding, connection, server
    }

    private static func framingHeader(_ name: String) -> FramingHeader? {
        switch name.utf8.count {
        case 14 where equalsIgnoringCase(name, "content-length"): .contentLength
        case 17 where equalsIgnoringCase(name, "transfer-encoding"): .transferEncoding
        case 10 where equalsIgnoringCase(name, "connection"): .connection
        case 6 where equalsIgnoringCase(name, "server"): .server
        default: nil
        }
    }

    /// Whether the responder's headers say `Connection: close`.
    private static func asksToClose(_ headers: HTTPHeaders) -> Bool {
        headers.hasToken("close", in: "Connection")
    }

    private static func equalsIgnoringCase(_ name: String, _ lowercase: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        return name.utf8.count == expected.count && zip(name.utf8, expected).allSatisfy { ASCII.lowered($0) == $1 }
    }

    private static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == HTTPASCII.cr || $0 == HTTPASCII.lf || $0 == 0 }
    }
}

/// The `Date:` header line, formatted once per second and shared by every response.
enum DateHeader {
    private static let cache = Mutex<(second: Int, line: [UInt8])>((-1, []))

    static func current() -> [UInt8] {
        let now = time(nil)
        return cache.withLock { cached in
            if cached.second != now {
                cached = (now, Array("Date: \(format(now))\r\n".utf8))
            }
            return cached.line
        }
    }

    /// IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 §5.6.7).
    static func format(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
