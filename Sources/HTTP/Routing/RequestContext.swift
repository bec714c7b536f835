import Core

/// A key for a value that middleware stores in a ``RequestContext`` for later handlers
/// (for example a usage meter that the handler adds to).
public protocol RequestContextKey {
    associatedtype Value: Sendable
}

/// Per-request state that travels from middleware to handler: path parameters, a request id,
/// and typed values stored by middleware. A value type, so each request owns its copy.
public struct RequestContext: Sendable {
    /// Path parameters captured by `:name` and `*` route segments, decoded.
    public var parameters: [String: String]
    /// An id for log lines and error bodies, unique per request within one responder.
    public var requestID: String
    /// Where the router reports unexpected errors (see ``HTTPErrorRendering``).
    let errorSink: ErrorSink?
    private var storage: [ObjectIdentifier: any Sendable]

    public init(requestID: String = "", parameters: [String: String] = [:]) {
        self.init(requestID: requestID, parameters: parameters, errorSink: nil)
    }

    init(requestID: String, parameters: [String: String] = [:], errorSink: ErrorSink?) {
        self.requestID = requestID
        self.parameters = parameters
        self.errorSink = errorSink
        self.storage = [:]
    }

    /// The path parameter `name` (`:name` in the route's pattern, `*` for a catch-all).
    ///
    /// A route always captures the parameters its pattern names, so a missing one is a
    /// defect in the handler (a misspelt name): it throws ``MissingPathParameter``, which the
    /// router answers 500 and reports, rather than an empty id and a misleading 404.
    public func pathParameter(_ name: String) throws(MissingPathParameter) -> String {
        guard let value = parameters[name] else {
            throw MissingPathParameter(name: name, captured: parameters.keys.sorted())
        }
        return value
    }

    /// A value stored by middleware under `key`.
    public subscript<Key: RequestContextKey>(key: Key.Type) -> Key.Value? {
        get { storage[ObjectIdentifier(key)] as? Key.Value }
        set { storage[ObjectIdentifier(key)] = newValue }
    }
}

/// A handler asked for a path parameter its route does not capture: a defect in the route's
/// code, never the client's doing. Not an ``HTTPResponseError``, so it becomes a 500 and a
/// report to the router's ``ErrorSink``.
public struct MissingPathParameter: Error, Equatable, CustomStringConvertible {
    /// The name asked for.
    public let name: String
    /// The names the route does capture, sorted.
    public let captured: [String]

    public var description: String {
        var text = "the route has no path parameter '\(name)'"
        if let close = Suggestion.closest(to: name, among: captured) { text += "; did you mean '\(close)'?" }
        return text + (captured.isEmpty ? " (it captures none)" : " (it captures \(captured.joined(separator: ", ")))")
    }
}

/// What routes and middleware run: the request, its context, and a response or a thrown error.
public typealias RouteHandler = @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
