/// Code that runs around route handlers, in the shape of Hummingbird's middleware: it may
/// inspect or change the request and context, answer on its own, or call `next`.
///
/// Middleware added to a ``Router`` runs for every request, including those that end in 404 or
/// 405; middleware added to a ``RouteGroup`` runs only for that group's routes. `next` never
/// throws an error from further in: errors are rendered into responses first, so logging and
/// metering middleware always sees the status the client will get.
public protocol Middleware: Sendable {
    func handle(
        _ request: HTTPRequest,
        context: RequestContext,
        next: RouteHandler
    ) async throws -> HTTPResponse
}

/// Middleware written as a closure.
public struct MiddlewareClosure: Middleware {
    private let body: @Sendable (HTTPRequest, RequestContext, RouteHandler) async throws -> HTTPResponse

    public init(_ body: @escaping @Sendable (HTTPRequest, RequestContext, RouteHandler) async throws -> HTTPResponse) {
        self.body = body
    }

    public func handle(_ request: HTTPRequest, context: RequestContext, next: RouteHandler) async throws -> HTTPResponse {
        try await body(request, context, next)
    }
}

extension Array where Element == any Middleware {
    /// Wraps `handler` so that the first middleware runs outermost.
    func wrapping(_ handler: @escaping RouteHandler) -> RouteHandler {
        reversed().reduce(handler) { next, middleware in
            let rendered: RouteHandler = { request, context in
                do {
                    return try await next(request, context)
                } catch {
                    return HTTPErrorRendering.response(for: error, request: request, context: context)
                }
            }
            return { request, context in try await middleware.handle(request, context: context, next: rendered) }
        }
    }
}
