import HTTP

/// The app's routes as each service declares them: method, path, who may call, handler.
/// ``SaaSApp/register(on:)`` puts each behind the telemetry middleware and the gateway.
struct AppRoutes {
    struct Route {
        let method: String
        let path: String
        let access: RouteAccess
        let handler: RouteHandler
    }

    private(set) var all: [Route] = []

    mutating func add(_ method: String, _ path: String, _ access: RouteAccess, _ handler: @escaping RouteHandler) {
        all.append(Route(method: method, path: path, access: access, handler: handler))
    }
}
