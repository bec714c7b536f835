import Backend
import Core
import HTTP
import Synchronization
import Testing

/// The backend hands its config's error sink to its routers and the platform's front door, and
/// a copy keeps it: what `saaslab serve` prints.
@Suite struct ErrorSinkWiringTests {
    struct Defect: Error, CustomStringConvertible {
        var description: String { "a defect" }
    }

    @Test func theBackendsRouterReportsToTheConfiguredSink() async {
        let lines = Mutex<[String]>([])
        var config = BackendConfig(random: SeededRandomSource(seed: 1))
        config.errorSink = ErrorSink { report in lines.withLock { $0.append("\(report)") } }
        let backend = Backend(config)
        for responder in [backend.router, backend.copy().router] {
            var router = responder
            #expect(router.errorSink != nil)
            router.get("/_test/defect") { _, _ in throw Defect() }
            let response = await router.respond(to: HTTPRequest(method: "GET", target: "/_test/defect"))
            #expect(response.status == 500)
            #expect(response.bodyText.contains("request req-1; the failure is in its log"), "\(response.bodyText)")
        }
        // The copy was made before either answered, so each numbers its first request req-1.
        let line = "request req-1 (GET /_test/defect) failed unexpectedly: a defect"
        #expect(lines.withLock { $0 } == [line, line])
    }

    @Test func withoutASinkNothingClaimsALog() async throws {
        var router = Backend(BackendConfig(random: SeededRandomSource(seed: 1))).router
        #expect(router.errorSink == nil)
        router.get("/_test/defect") { _, _ in throw Defect() }
        let response = await router.respond(to: HTTPRequest(method: "GET", target: "/_test/defect"))
        #expect(response.status == 500)
        #expect(!response.bodyText.contains("log"))
    }
}
