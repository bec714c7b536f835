/// An HTTP response as a value.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code as sent on the wire (``HTTPStatus`` names the ones saaslab chooses).
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// A response whose body is already-serialised JSON text.
    public static func json(text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(text.utf8))
    }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Anything that answers HTTP requests: the router, a middleware chain, the whole backend.
///
/// The in-process client and the socket server both take a responder, so the labs and
/// `saaslab serve` reach the very same code.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) async -> HTTPResponse
}

/// Sends requests and returns responses: in-process, or over the network to `--target`.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Whether cancelling a `send` can cut it short: a network client gives up on its socket,
    /// and an in-process responder may be waiting on something cancellable. A client whose
    /// sends always run to completion says false, and a caller with a deadline then gains
    /// nothing by racing it: it can send in place and check the clock afterwards.
    var stopsWhenCancelled: Bool { get }
}

extension HTTPClient {
    public var stopsWhenCancelled: Bool { true }
}
