/// A key for a value that middleware stores in a ``RequestContext`` for later handlers
/// (for example the verified claims of a bearer token).
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
    private var storage: [ObjectIdentifier: any Sendable]

    public init(requestID: String = "", parameters: [String: String] = [:]) {
        self.requestID = requestID
        self.parameters = parameters
        self.storage = [:]
    }

    /// The path parameter `name`; handlers registered with `:name` can rely on it being present.
    public func parameter(_ name: String) -> String? { parameters[name] }

    /// A value stored by middleware under `key`.
    public subscript<Key: RequestContextKey>(key: Key.Type) -> Key.Value? {
        get { storage[ObjectIdentifier(key)] as? Key.Value }
        set { storage[ObjectIdentifier(key)] = newValue }
    }
}

/// What routes and middleware run: the request, its context, and a response or a thrown error.
public typealias RouteHandler = @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse
