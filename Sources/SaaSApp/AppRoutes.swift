import HTTP

/// One service's routes as it declares them: method, path, who may call, handler; and the
/// service's name, under which telemetry logs and meters each of their requests.
/// ``SaaSApp/register(on:)`` puts each behind the telemetry middleware, and the gateway when
/// the route needs a caller.
///
/// Who may call decides what the handler gets: a route open to `.anyone` gets the request and
/// its context; a route for signed-in callers also gets the ``VerifiedClaims`` the gateway
/// checked, so no handler can forget to ask for them or run without them.
struct AppRoutes {
    /// What a signed-in route's handler runs with: the request, its context, the verified caller.
    typealias SignedInHandler = @Sendable (HTTPRequest, RequestContext, VerifiedClaims) async throws -> HTTPResponse

    /// A route's handler by who may call it.
    enum Handler {
        case open(RouteHandler)
        case signedIn(RouteAccess, SignedInHandler)
    }

    struct Route {
        let method: String
        let path: String
        let handler: Handler
    }

    /// The service these routes belong to in the request log and the meters (`product`,
    /// `registration`, ...); `GET /logs?service=` filters by it.
    let service: String
    private(set) var all: [Route] = []

    init(service: String) {
        self.service = service
    }

    /// A route anyone may call, without a token.
    mutating func add(_ method: String, _ path: String, _ access: OpenAccess, _ handler: @escaping RouteHandler) {
        all.append(Route(method: method, path: path, handler: .open(handler)))
    }

    /// A route behind the gateway: `handler` runs only for a caller whose ID token verifies and
    /// whose role `access` allows, and gets their claims.
    mutating func add(_ method: String, _ path: String, _ access: RouteAccess, _ handler: @escaping SignedInHandler) {
        all.append(Route(method: method, path: path, handler: .signedIn(access, handler)))
    }
}

/// A route that needs no token: health, sign-in, registration.
enum OpenAccess {
    case anyone
}
