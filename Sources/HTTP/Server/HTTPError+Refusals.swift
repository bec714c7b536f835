/// The requests the server refuses before they reach the responder, as ``HTTPError``s: the
/// same body as every other error of saaslab's (`{"error": ..., "message": ...}`).
///
/// Each one is answered, then the connection is closed: after a framing error nobody can tell
/// where the next request would start.
extension HTTPError {
    static func badRequest(_ message: String) -> HTTPError {
        HTTPError(status: .badRequest, code: "BadRequest", message: message)
    }

    static func headersTooLarge(limit: Int) -> HTTPError {
        HTTPError(status: .requestHeaderFieldsTooLarge, code: "RequestHeaderFieldsTooLarge",
                  message: "request header block exceeds the limit of \(limit) bytes")
    }

    static func bodyTooLarge(_ message: String) -> HTTPError {
        HTTPError(status: .contentTooLarge, code: "ContentTooLarge", message: message)
    }

    /// The request's head or body did not arrive in time (see `HTTPServer.Configuration`).
    static func timedOut(_ message: String) -> HTTPError {
        HTTPError(status: .requestTimeout, code: "RequestTimeout", message: message)
    }

    /// The bodies already buffered leave no room for this one: a momentary condition, so the
    /// client is told when to try again (`Retry-After`, in seconds).
    static func bodyBudgetExhausted(_ message: String) -> HTTPError {
        HTTPError(status: .serviceUnavailable, code: "ServiceUnavailable", message: message, headers: ["Retry-After": "2"])
    }

    static func notImplemented(_ message: String) -> HTTPError {
        HTTPError(status: .notImplemented, code: "NotImplemented", message: message)
    }

    static func versionNotSupported(_ message: String) -> HTTPError {
        HTTPError(status: .httpVersionNotSupported, code: "HTTPVersionNotSupported", message: message)
    }

    static func expectationFailed(_ message: String) -> HTTPError {
        HTTPError(status: .expectationFailed, code: "ExpectationFailed", message: message)
    }

    /// Up to 40 bytes of what the client sent, quoted and made printable ASCII, to embed in
    /// a message: quotes and backslashes become `'`, anything else outside ASCII's printable
    /// range `?`.
    static func quote(_ bytes: some Collection<UInt8>) -> String {
        var text = "\""
        for byte in bytes.prefix(40) {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): text.append("'")
            case 0x20...0x7E: text.append(Character(Unicode.Scalar(byte)))
            default: text.append("?")
            }
        }
        if bytes.count > 40 { text.append("...") }
        return text + "\""
    }
}
