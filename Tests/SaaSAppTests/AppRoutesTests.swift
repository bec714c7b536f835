import Backend
import Core
import Foundation
import HTTP
@testable import SaaSApp
import Testing

/// The app's routes as declared: each names its service for telemetry, and who may call it
/// decides whether the gateway stands in front.
@Suite struct AppRoutesTests {
    /// The service telemetry used to guess from a path's first segment, before routes named
    /// their own: the names in logs and meters that must not change.
    static func formerGuess(_ path: String) -> String {
        switch path.split(separator: "/").first.map(String.init) ?? "" {
        case "product", "products": "product"
        case "order", "orders": "order"
        case "user", "users": "user"
        case "tenant", "tenants": "tenant"
        case "reg": "registration"
        case "auth": "auth"
        case "logs", "metering": "telemetry"
        case "admin": "admin"
        default: "app"
        }
    }

    /// An app not bootstrapped: its routes exist, and nothing here reaches the platform.
    static let app = Backend(BackendConfig(random: SeededRandomSource(seed: 1))).app

    @Test func everyRouteKeepsTheServiceTelemetryGaveIt() {
        let routes = Self.app.routes.flatMap { service in service.all.map { (service.service, $0) } }
        #expect(routes.count == 40, "\(routes.count)")
        for (service, route) in routes {
            #expect(service == Self.formerGuess(route.path), "\(route.method) \(route.path) is logged as \(service)")
        }
        #expect(Set(routes.map(\.0)) == ["auth", "registration", "user", "tenant", "product", "order", "telemetry", "admin"])
    }

    /// Every route that needs a caller refuses one without a token, before its handler runs;
    /// every other route does not ask for one.
    @Test func theGatewayStandsBeforeEverySignedInRouteAndNoOther() async throws {
        var router = Router()
        Self.app.register(on: &router)
        for service in Self.app.routes {
            for route in service.all {
                let path = route.path.split(separator: "/").map { $0.hasPrefix(":") ? "x" : $0 }.joined(separator: "/")
                let response = await router.respond(to: HTTPRequest(method: route.method, target: "/" + path))
                let signedIn = if case .signedIn = route.handler { true } else { false }
                #expect((response.status == 401) == signedIn, "\(route.method) \(route.path): \(response.status) \(response.bodyText)")
            }
        }
    }
}
