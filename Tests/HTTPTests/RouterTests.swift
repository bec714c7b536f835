import Core
import HTTP
import Testing

@Suite struct RouterTests {
    private func makeRouter() -> Router {
        var router = Router()
        router.get("/health") { _, _ in .text("ok") }
        router.get("/user/pool/:userName") { _, context in .text("user=\(try context.pathParameter("userName"))") }
        router.put("/user/pool/:userName") { _, _ in HTTPResponse(status: 204) }
        router.get("/user/pool/self") { _, _ in .text("literal wins") }
        router.get("/files/*") { _, context in .text("rest=\(try context.pathParameter("*"))") }
        router.post("/fail") { _, _ in throw HTTPError(status: .conflict, code: "Conflict", message: "tenant exists") }
        router.post("/crash") { _, _ in throw CancellationError() }
        return router
    }

    @Test func aRouterNumbersOnFromAnother() async {
        var original = Router()
        original.get("/id") { _, context in .text(context.requestID) }
        for _ in 0..<3 { _ = await original.respond(to: HTTPRequest(method: "GET", target: "/id")) }
        var copy = Router()
        copy.get("/id") { _, context in .text(context.requestID) }
        copy.continueNumbering(from: original)
        #expect(await copy.respond(to: HTTPRequest(method: "GET", target: "/id")).bodyText == "req-4")
        #expect(await copy.respond(to: HTTPRequest(method: "GET", target: "/id")).bodyText == "req-5")
        // Each counts on its own from there.
        #expect(await original.respond(to: HTTPRequest(method: "GET", target: "/id")).bodyText == "req-4")
    }

    @Test func matchesLiteralRoute() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: "GET", target: "/health"))
        #expect(response.status == 200)
        #expect(response.bodyText == "ok")
    }

    @Test func capturesDecodedPathParameter() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: "GET", target: "/user/pool/admin%40tenant.com?x=1"))
        #expect(response.bodyText == "user=admin@tenant.com")
    }

    @Test func literalSegmentBeatsParameter() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: "GET", target: "/user/pool/self"))
        #expect(response.bodyText == "literal wins")
    }

    @Test func fallsBackToParameterWhenLiteralBranchHasNoMethod() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: "PUT", target: "/user/pool/self"))
        #expect(response.status == 204)
    }

    @Test func catchAllCapturesTheRest() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: "GET", target: "/files/a/b/c.json"))
        #expect(response.bodyText == "rest=a/b/c.json")
    }

    @Test func trailingSlashMatchesTheSameRoute() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: "GET", target: "/health/"))
        #expect(response.status == 200)
    }

    @Test func unknownPathIs404WithJSONError() async throws {
        let response = await makeRouter().respond(to: HTTPRequest(method: "GET", target: "/nope"))
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "application/json")
        let body = try JSON.parse(response.bodyText)
        #expect(body["error"]?.stringValue == "NotFound")
        #expect(body["message"]?.stringValue == "no route for GET /nope")
    }

    @Test func wrongMethodIs405WithAllow() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: "DELETE", target: "/user/pool/bob"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, HEAD, PUT")
    }

    @Test func headIsServedByGetWithoutBody() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: "HEAD", target: "/health"))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.headers["Content-Length"] == "2")
    }

    @Test func thrownHTTPErrorRendersItself() async throws {
        let response = await makeRouter().respond(to: HTTPRequest(method: "POST", target: "/fail"))
        #expect(response.status == 409)
        let body = try JSON.parse(response.bodyText)
        #expect(body["error"]?.stringValue == "Conflict")
        #expect(body["message"]?.stringValue == "tenant exists")
    }

    @Test func otherErrorsBecome500NamingTheRequest() async throws {
        let response = await makeRouter().respond(to: HTTPRequest(method: "POST", target: "/crash"))
        #expect(response.status == 500)
        let body = try JSON.parse(response.bodyText)
        #expect(body["error"]?.stringValue == "InternalError")
        #expect(body["message"]?.stringValue?.contains("req-1") == true)
    }

    @Test func middlewareRunsInOrderAndSeesNotFound() async {
        var router = makeRouter()
        router.add(middleware: MiddlewareClosure { request, context, next in
            var response = try await next(request, context)
            response.headers.add(name: "X-Trace", value: "outer")
            return response
        })
        router.add(middleware: MiddlewareClosure { request, context, next in
            var response = try await next(request, context)
            response.headers.add(name: "X-Trace", value: "inner")
            return response
        })
        let found = await router.respond(to: HTTPRequest(method: "GET", target: "/health"))
        #expect(found.headers.values(for: "x-trace") == ["inner", "outer"])
        let missing = await router.respond(to: HTTPRequest(method: "GET", target: "/missing"))
        #expect(missing.status == 404)
        #expect(missing.headers.values(for: "X-Trace") == ["inner", "outer"])
    }

    private enum Caller: RequestContextKey { typealias Value = String }

    @Test func groupMiddlewareGuardsOnlyItsRoutesAndPassesContext() async {
        var router = Router()
        router.get("/open") { _, _ in .text("open") }
        let requireToken = MiddlewareClosure { request, context, next in
            guard let token = request.headers["Authorization"] else {
                throw HTTPError(status: .unauthorized, code: "Unauthorized", message: "missing bearer token")
            }
            var context = context
            context[Caller.self] = token
            return try await next(request, context)
        }
        router.group("/admin", middleware: [requireToken]) { admin in
            admin.get("/whoami") { _, context in .text(context[Caller.self] ?? "nobody") }
        }
        #expect(await router.respond(to: HTTPRequest(method: "GET", target: "/open")).status == 200)
        #expect(await router.respond(to: HTTPRequest(method: "GET", target: "/admin/whoami")).status == 401)
        let allowed = await router.respond(
            to: HTTPRequest(method: "GET", target: "/admin/whoami", headers: ["Authorization": "Bearer abc"])
        )
        #expect(allowed.bodyText == "Bearer abc")
    }

    @Test func copyingARouterKeepsRoutesIndependent() async {
        let original = makeRouter()
        var extended = original
        extended.get("/extra") { _, _ in .text("extra") }
        #expect(await extended.respond(to: HTTPRequest(method: "GET", target: "/extra")).status == 200)
        #expect(await original.respond(to: HTTPRequest(method: "GET", target: "/extra")).status == 404)
    }

    @Test func inProcessClientHandsRequestToResponder() async throws {
        let client = InProcessClient(responder: makeRouter())
        let response = try await client.send(HTTPRequest(method: "GET", target: "/health"))
        #expect(response.bodyText == "ok")
    }
}
