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
