import Core
import Synchronization
import Testing
@testable import HTTP

/// The router's error sink: every error that is no deliberate refusal reaches it once, with the
/// request id the client's 500 names; deliberate refusals never do.
@Suite struct ErrorSinkTests {
    /// Collects reports, as `saaslab serve` prints them.
    final class Reports: Sendable {
        private let lines = Mutex<[ErrorSink.Report]>([])
        var all: [ErrorSink.Report] { lines.withLock { $0 } }
        var sink: ErrorSink { ErrorSink { report in self.lines.withLock { $0.append(report) } } }
    }

    struct Defect: Error, CustomStringConvertible {
        var description: String { "the cache was empty" }
    }

    private func router(_ reports: Reports?) -> Router {
        var router = Router(errorSink: reports?.sink)
        router.get("/fine") { _, _ in .text("ok") }
        router.post("/refused") { _, _ in throw HTTPError(status: .conflict, code: "Conflict", message: "exists") }
        router.get("/defect/:id") { _, _ in throw Defect() }
        router.get("/user/:id") { _, context in .text(try context.pathParameter("idd")) }
        router.group("/guarded", middleware: [MiddlewareClosure { request, context, next in
            var response = try await next(request, context)
            response.headers.add(name: "X-Seen", value: String(response.status))
            return response
        }]) { group in
            group.get("/defect") { _, _ in throw Defect() }
        }
        return router
    }

    @Test func anUnexpectedErrorIsReportedWithTheRequestIDTheClientGets() async throws {
        let reports = Reports()
        let router = router(reports)
        _ = await router.respond(to: HTTPRequest(method: "GET", target: "/fine"))
        let response = await router.respond(to: HTTPRequest(method: "GET", target: "/defect/42?x=1"))
        #expect(response.status == 500)
        #expect(response.bodyText
            == #"{"error":"InternalError","message":"the server failed while handling request req-2; the failure is in its log"}"#)
        let report = try #require(reports.all.first)
        #expect(reports.all.count == 1)
        #expect(report.requestID == "req-2")
        #expect(report.request == "GET /defect/42")
        #expect(report.error is Defect)
        #expect("\(report)" == "request req-2 (GET /defect/42) failed unexpectedly: the cache was empty")
    }

    @Test func deliberateRefusalsAndNotFoundAreNotReported() async {
        let reports = Reports()
        let router = router(reports)
        #expect(await router.respond(to: HTTPRequest(method: "POST", target: "/refused")).status == 409)
        #expect(await router.respond(to: HTTPRequest(method: "GET", target: "/nowhere")).status == 404)
        #expect(await router.respond(to: HTTPRequest(method: "DELETE", target: "/fine")).status == 405)
        #expect(reports.all.isEmpty)
    }

    /// Rendered where the handler threw, inside the group's middleware: reported once, and the
    /// middleware sees the 500 the client gets.
    @Test func anErrorInsideMiddlewareIsReportedOnce() async {
        let reports = Reports()
        let response = await router(reports).respond(to: HTTPRequest(method: "GET", target: "/guarded/defect"))
        #expect(response.status == 500)
        #expect(response.headers["X-Seen"] == "500")
        #expect(reports.all.map(\.requestID) == ["req-1"])
    }

    /// Without a sink nothing is logged, so the 500 does not say it was.
    @Test func withoutASinkThe500ClaimsNoLog() async {
        let response = await router(nil).respond(to: HTTPRequest(method: "GET", target: "/defect/1"))
        #expect(response.status == 500)
        #expect(response.bodyText == #"{"error":"InternalError","message":"the server failed while handling request req-1"}"#)
    }

    /// A handler that asks for a parameter its route does not capture is a defect: a 500 and a
    /// report naming the parameter, never an empty id and a misleading 404.
    @Test func aMisspeltPathParameterIsADefect() async throws {
        let reports = Reports()
        let response = await router(reports).respond(to: HTTPRequest(method: "GET", target: "/user/bob"))
        #expect(response.status == 500)
        let report = try #require(reports.all.first)
        #expect(report.error as? MissingPathParameter == MissingPathParameter(name: "idd", captured: ["id"]))
        #expect("\(report)" == "request req-1 (GET /user/bob) failed unexpectedly: "
            + "the route has no path parameter 'idd'; did you mean 'id'? (it captures id)")
    }

    @Test func aMissingParameterSaysWhatTheRouteCaptures() throws {
        let context = RequestContext(requestID: "r", parameters: ["userName": "bob", "*": "a/b"])
        #expect(try context.pathParameter("userName") == "bob")
        #expect(throws: MissingPathParameter(name: "tenant", captured: ["*", "userName"])) { try context.pathParameter("tenant") }
        #expect("\(MissingPathParameter(name: "x", captured: []))" == "the route has no path parameter 'x' (it captures none)")
    }

    /// The report line goes to a terminal: what the client sent cannot break it or drown it.
    @Test func aReportIsOneBoundedPrintableLine() async throws {
        let reports = Reports()
        let router = router(reports)
        _ = await router.respond(to: HTTPRequest(method: "GET", target: "/defect/a\u{1B}[31mb\n" + String(repeating: "x", count: 5000)))
        let line = "\(try #require(reports.all.first))"
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(line.hasPrefix("request req-1 (GET /defect/a?[31mb?xxx"))
        #expect(line.utf8.count < 400, "\(line.utf8.count)")
        #expect(line.hasSuffix("…) failed unexpectedly: the cache was empty"))
    }
}
