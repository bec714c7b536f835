import Core

/// An error that knows the HTTP response it should become. Handlers and middleware throw these;
/// the router renders them. Anything else a handler throws is unexpected: a 500 and a report
/// to the router's ``ErrorSink``.
public protocol HTTPResponseError: Error {
    /// The status the response will have, known without rendering it.
    var status: HTTPStatus { get }
    var response: HTTPResponse { get }
}

/// The one error body saaslab's own HTTP answers carry (the app's, the router's 404 and 405,
/// the socket server's refusals): a status, a short machine-readable code and a message for
/// people, rendered as `{"error": code, "message": message}` followed by any ``details``.
///
/// The platform's AWS API answers in AWS's shapes instead (`AWSError` in `Cloud`).
public struct HTTPError: HTTPResponseError, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    public var code: String
    public var message: String
    /// Members written after `error` and `message`, in order (the app's `explanation`); a
    /// member named `error` or `message` is left out, so those two always say what they say.
    public var details: JSONObject
    /// Extra headers for the response (`Allow`, `WWW-Authenticate`, `Retry-After`, ...).
    public var headers: HTTPHeaders

    public init(status: HTTPStatus, code: String, message: String, details: JSONObject = [:], headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The body: `{"error": code, "message": message, ...details}`, serialised.
    public var body: [UInt8] {
        var object: JSONObject = ["error": .string(code), "message": .string(message)]
        for (name, value) in details where name != "error" && name != "message" { object[name] = value }
        return JSON.object(object).serializedBytes()
    }

    /// The rendered response: ``body`` as `application/json`, with ``headers``.
    public var response: HTTPResponse {
        var fields = HTTPHeaders([("Content-Type", "application/json")])
        for field in headers { fields.add(name: field.name, value: field.value) }
        return HTTPResponse(status: status.code, headers: fields, body: body)
    }

    public var description: String { "\(status.code) \(code): \(message)" }
}

extension HTTPError {
    /// No route matches the path.
    static func noRoute(_ request: HTTPRequest) -> HTTPError {
        HTTPError(status: .notFound, code: "NotFound", message: "no route for \(request.method) \(request.rawPath)")
    }

    /// The path is routed, but not for this method; `allowed` are the methods it answers.
    static func methodNotAllowed(_ request: HTTPRequest, allowed: [String]) -> HTTPError {
        let methods = allowed.joined(separator: ", ")
        return HTTPError(
            status: .methodNotAllowed, code: "MethodNotAllowed",
            message: "\(request.method) is not supported on \(request.rawPath); use \(methods)",
            headers: ["Allow": methods]
        )
    }

    /// What the client learns of an unexpected error: that it happened, and under which
    /// request id. Where the failure was reported is said only when it was (`reported`), so
    /// the message is true whether or not the router has an ``ErrorSink``.
    static func unexpected(requestID: String, reported: Bool) -> HTTPError {
        HTTPError(
            status: .internalServerError, code: "InternalError",
            message: "the server failed while handling request \(requestID)"
                + (reported ? "; the failure is in its log" : "")
        )
    }
}

/// Turns any error into the response a client gets: ``HTTPResponseError``s render themselves;
/// anything else is reported to the context's ``ErrorSink`` and becomes a 500 that names the
/// request id instead of leaking internals.
enum HTTPErrorRendering {
    static func response(for error: any Error, request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        if let error = error as? any HTTPResponseError { return error.response }
        context.errorSink?.report(error, requestID: context.requestID, request: "\(request.method) \(request.rawPath)")
        return HTTPError.unexpected(requestID: context.requestID, reported: context.errorSink != nil).response
    }
}
