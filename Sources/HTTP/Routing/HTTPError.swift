import Core

/// An error that knows the HTTP response it should become. Handlers and middleware throw these;
/// the router renders them.
public protocol HTTPResponseError: Error {
    var response: HTTPResponse { get }
}

/// The common case: a status, a short machine-readable code and a message for people, rendered
/// as `{"error": code, "message": message}`.
public struct HTTPError: HTTPResponseError, Equatable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String
    /// Extra headers for the response (`Allow`, `WWW-Authenticate`, ...).
    public var headers: HTTPHeaders

    public init(status: Int, code: String, message: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var response: HTTPResponse {
        let body: JSON = ["error": .string(code), "message": .string(message)]
        var response = HTTPResponse.json(text: body.serialized(), status: status)
        for field in headers { response.headers.add(name: field.name, value: field.value) }
        return response
    }

    public var description: String { "\(status) \(code): \(message)" }
}

/// Turns any error into the response a client gets: ``HTTPResponseError``s render themselves,
/// anything else is a 500 that names the request id instead of leaking internals.
enum HTTPErrorRendering {
    static func response(for error: any Error, context: RequestContext) -> HTTPResponse {
        if let error = error as? any HTTPResponseError { return error.response }
        return HTTPError(
            status: 500, code: "InternalError",
            message: "the server failed while handling request \(context.requestID); the failure is in its log"
        ).response
    }
}
