import Core
import Synchronization

/// Dispatches requests to handlers by method and path, through middleware.
///
/// ```swift
/// var router = Router()
/// router.add(middleware: RequestLogger())
/// router.get("/user/pool/:userName") { request, context in ... }
/// router.group("/admin", middleware: [RequireSystemAdmin()]) { admin in
///     admin.put("/templates/:name") { ... }
/// }
/// ```
/// A path that no route matches answers 404; a path matched for other methods answers 405 with
/// `Allow`. A handler's thrown ``HTTPResponseError`` renders itself; any other error is
/// unexpected: it goes to the router's ``ErrorSink`` with the request id, and the client gets a
/// 500 that names that id rather than leaking internals.
public struct Router: HTTPResponder {
    private var trie = RouteTrie()
    private var middleware: [any Middleware] = []
    private var counter = RequestCounter()
    /// Where unexpected errors go; nil: nowhere, and the 500 claims no log.
    public let errorSink: ErrorSink?

    public init(errorSink: ErrorSink? = nil) {
        self.errorSink = errorSink
    }

    /// Numbers this router's requests on from where `other`'s numbering stands, in a counter
    /// of its own: a copied backend's request ids go on as the original's would have.
    public mutating func continueNumbering(from other: Router) {
        counter = RequestCounter(after: other.counter.count)
    }

    /// Adds middleware that runs, in order of addition, around every request.
    public mutating func add(middleware: any Middleware) {
        self.middleware.append(middleware)
    }

    /// Registers `handler` for `method` (upper case) and `pattern` (`/users/:id`, `/files/*`).
    public mutating func on(_ method: String, _ pattern: String, use handler: @escaping RouteHandler) {
        trie.insert(method: method, pattern: pattern, handler: handler)
    }

    public mutating func get(_ pattern: String, use handler: @escaping RouteHandler) { on("GET", pattern, use: handler) }
    public mutating func post(_ pattern: String, use handler: @escaping RouteHandler) { on("POST", pattern, use: handler) }
    public mutating func put(_ pattern: String, use handler: @escaping RouteHandler) { on("PUT", pattern, use: handler) }
    public mutating func patch(_ pattern: String, use handler: @escaping RouteHandler) { on("PATCH", pattern, use: handler) }
    public mutating func delete(_ pattern: String, use handler: @escaping RouteHandler) { on("DELETE", pattern, use: handler) }

    /// Registers routes under `prefix`, each wrapped in the group's `middleware`.
    public mutating func group(_ prefix: String, middleware: [any Middleware] = [], _ build: (inout RouteGroup) -> Void) {
        var group = RouteGroup(prefix: prefix, middleware: middleware)
        build(&group)
        for route in group.routes {
            on(route.method, route.pattern, use: route.handler)
        }
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let context = RequestContext(requestID: counter.next(), errorSink: errorSink)
        let dispatch: RouteHandler = { request, context in try await self.dispatch(request, context) }
        let handler = middleware.isEmpty ? dispatch : middleware.wrapping(dispatch)
        let response: HTTPResponse
        do {
            response = try await handler(request, context)
        } catch {
            response = HTTPErrorRendering.response(for: error, request: request, context: context)
        }
        return request.method == "HEAD" ? response.withoutBody() : response
    }

    private func dispatch(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let segments = RouteTrie.segments(of: request.rawPath).map { URLEncoding.decode($0, plusAsSpace: false) }
        switch trie.match(method: request.method, segments: segments) {
        case .found(let handler, let parameters):
            var context = context
            context.parameters = parameters
            return try await handler(request, context)
        case .methodNotAllowed(let allowed):
            throw HTTPError.methodNotAllowed(request, allowed: allowed)
        case .notFound:
            throw HTTPError.noRoute(request)
        }
    }
}

/// Routes registered together under one path prefix and one middleware list.
public struct RouteGroup {
    struct Route {
        let method: String
        let pattern: String
        let handler: RouteHandler
    }

    let prefix: String
    let middleware: [any Middleware]
    private(set) var routes: [Route] = []

    init(prefix: String, middleware: [any Middleware]) {
        self.prefix = prefix
        self.middleware = middleware
    }

    public mutating func on(_ method: String, _ pattern: String, use handler: @escaping RouteHandler) {
        let joined = "/" + (RouteTrie.segments(of: prefix) + RouteTrie.segments(of: pattern)).joined(separator: "/")
        routes.append(Route(method: method, pattern: joined, handler: middleware.wrapping(handler)))
    }

    public mutating func get(_ pattern: String, use handler: @escaping RouteHandler) { on("GET", pattern, use: handler) }
    public mutating func post(_ pattern: String, use handler: @escaping RouteHandler) { on("POST", pattern, use: handler) }
    public mutating func put(_ pattern: String, use handler: @escaping RouteHandler) { on("PUT", pattern, use: handler) }
    public mutating func patch(_ pattern: String, use handler: @escaping RouteHandler) { on("PATCH", pattern, use: handler) }
    public mutating func delete(_ pattern: String, use handler: @escaping RouteHandler) { on("DELETE", pattern, use: handler) }
}

/// Numbers requests so log lines and error bodies can name them; deterministic per router.
final class RequestCounter: Sendable {
    private let value: Atomic<UInt64>

    init(after count: UInt64 = 0) {
        value = Atomic(count)
    }

    /// How many requests have been numbered.
    var count: UInt64 { value.load(ordering: .relaxed) }

    func next() -> String {
        let number = value.add(1, ordering: .relaxed).newValue
        return "req-\(number)"
    }
}

extension HTTPResponse {
    func withoutBody() -> HTTPResponse {
        var copy = self
        copy.headers["Content-Length"] = String(body.count)
        copy.body = []
        return copy
    }
}
