import Core
import HTTP

/// What queries read from one HTTP exchange: the response and how long it took.
///
/// A plain value so that tests (and the runner) can build one without a server; the
/// runner makes one from saaslab's `HTTPResponse` with ``init(response:elapsed:)``.
public struct ExchangeSnapshot: Sendable, Hashable {
    /// The response status code, e.g. 200.
    public var status: Int
    /// Response headers in the order received; names keep their spelling.
    public var headers: [Header]
    /// The raw response body.
    public var body: [UInt8]
    /// Time from sending the request to receiving the whole response.
    public var elapsed: Duration

    /// One response header field.
    public struct Header: Sendable, Hashable {
        /// The name as received.
        public var name: String
        /// The field value.
        public var value: String

        /// A header field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A snapshot from parts; `headers` as (name, value) pairs in order.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = [], elapsed: Duration = .zero) {
        self.status = status
        self.headers = headers.map { Header(name: $0.0, value: $0.1) }
        self.body = body
        self.elapsed = elapsed
    }

    /// A snapshot of `response`, received `elapsed` after the request was sent.
    public init(response: HTTPResponse, elapsed: Duration) {
        self.status = response.status
        self.headers = response.headers.fields.map { Header(name: $0.name, value: $0.value) }
        self.body = response.body
        self.elapsed = elapsed
    }

    /// Every value of header `name`, compared case-insensitively (RFC 9110), in order.
    public func headerValues(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The elapsed time in whole milliseconds (rounded down), as Hurl's `duration` reports.
    public var durationMilliseconds: Int {
        let (seconds, attoseconds) = elapsed.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// A Hurl query: where an assert or capture takes its value from.
public enum HurlQuery: Sendable, Hashable, CustomStringConvertible {
    /// The status code, as an integer.
    case status
    /// A header's value: a string for one occurrence, a list for several, none if absent.
    case header(String)
    /// The body decoded as UTF-8 text.
    case body
    /// The raw body bytes.
    case bytes
    /// The body parsed as JSON, then the path applied (see ``JSONPath`` for the result shape).
    case jsonpath(JSONPath)
    /// The first capture group (or the whole match) of a search in the body text; none when
    /// nothing matches.
    case regex(String)
    /// A variable captured earlier (or given on the command line); none when undefined.
    case variable(String)
    /// The elapsed time in milliseconds, as an integer.
    case duration
    /// The SHA-256 digest of the body, as bytes (equal to its hex string, see
    /// ``HurlValue/areEqual(_:_:)``).
    case sha256

    /// The query as a lab file spells it: `jsonpath "$.id"`, `header "Location"`.
    public var description: String {
        switch self {
        case .status: "status"
        case .header(let name): "header \(HurlValue.string(name).literal)"
        case .body: "body"
        case .bytes: "bytes"
        case .jsonpath(let path): "jsonpath \(HurlValue.string(path.text).literal)"
        case .regex(let pattern): "regex \(HurlValue.string(pattern).literal)"
        case .variable(let name): "variable \(HurlValue.string(name).literal)"
        case .duration: "duration"
        case .sha256: "sha256"
        }
    }
}

/// Why a query could not produce a value (a runtime error in Hurl's terms, not a failed
/// assert): a body that is not JSON or not UTF-8, a bad regular expression, a filter that
/// does not apply.
public struct HurlQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The full message, e.g. `jsonpath: the response body is not JSON: line 1, column 1: ...`.
    public var message: String

    /// An error with the full message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
