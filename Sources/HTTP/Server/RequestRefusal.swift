/// A request the server refuses before it reaches the responder.
///
/// Each one is answered with a small JSON body saying what was wrong, then the connection is
/// closed: after a framing error nobody can tell where the next request would start.
struct RequestRefusal: Error, Equatable, Sendable {
    let status: Int
    /// A short machine-readable name, e.g. `BadRequest`.
    let code: String
    let message: String
    /// Seconds after which the client may try again (`Retry-After`), for refusals that pass.
    let retryAfter: Int?

    init(status: Int, code: String, message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    static func badRequest(_ message: String) -> RequestRefusal {
        RequestRefusal(status: 400, code: "BadRequest", message: message)
    }

    static func headersTooLarge(limit: Int) -> RequestRefusal {
        RequestRefusal(status: 431, code: "RequestHeaderFieldsTooLarge",
                     message: "request header block exceeds the limit of \(limit) bytes")
    }

    static func bodyTooLarge(_ message: String) -> RequestRefusal {
        RequestRefusal(status: 413, code: "ContentTooLarge", message: message)
    }

    /// The request's head or body did not arrive in time (see `HTTPServer.Configuration`).
    static func timedOut(_ message: String) -> RequestRefusal {
        RequestRefusal(status: 408, code: "RequestTimeout", message: message)
    }

    /// The bodies already buffered leave no room for this one: a momentary condition, so the
    /// client is told when to try again.
    static func bodyBudgetExhausted(_ message: String) -> RequestRefusal {
        RequestRefusal(status: 503, code: "ServiceUnavailable", message: message, retryAfter: 2)
    }

    static func notImplemented(_ message: String) -> RequestRefusal {
        RequestRefusal(status: 501, code: "NotImplemented", message: message)
    }

    static func versionNotSupported(_ message: String) -> RequestRefusal {
        RequestRefusal(status: 505, code: "HTTPVersionNotSupported", message: message)
    }

    static func expectationFailed(_ message: String) -> RequestRefusal {
        RequestRefusal(status: 417, code: "ExpectationFailed", message: message)
    }

    /// Up to 40 bytes of what the client sent, quoted and made safe to embed in JSON and logs.
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

    /// The JSON error body, e.g. `{"error":"BadRequest","message":"invalid chunk size \"zz\""}`.
    var jsonBody: [UInt8] {
        var json = "{\"error\":\"\(code)\",\"message\":\""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case " "..."~": json.unicodeScalars.append(scalar)
            default: json += "?"
            }
        }
        json += "\"}"
        return Array(json.utf8)
    }
}
