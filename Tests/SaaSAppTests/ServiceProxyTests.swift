import Core
import Foundation
import HTTP
import SaaSApp
import Synchronization
import Testing

/// A service on a real socket that records what reaches it and answers as told.
final class RecordingService: HTTPResponder {
    let received = Mutex<[HTTPRequest]>([])
    let answer: @Sendable (HTTPRequest) async -> HTTPResponse
    private let server = Mutex<HTTPServer?>(nil)

    init(answer: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        self.answer = answer
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        received.withLock { $0.append(request) }
        return await answer(request)
    }

    /// Listens on 127.0.0.1; the service's URL.
    func start() throws -> String {
        let server = HTTPServer(configuration: .init(shutdownTimeout: 1), responder: self)
        let port = try server.start()
        self.server.withLock { $0 = server }
        return "http://127.0.0.1:\(port)"
    }

    func stop() async {
        if let server = server.withLock({ $0 }) { await server.shutdown() }
    }

    var requests: [HTTPRequest] { received.withLock { $0 } }
}

extension SaaSAppSuite {
    /// The gateway in front of a product service that runs elsewhere (the code track): the
    /// caller verified first, the authoriser's context added, the answer passed back as it came.
    @Suite struct ServiceProxyTests {
        static func request(_ method: String, _ target: String, token: String?, headers extra: [(String, String)] = [], body: String = "") -> HTTPRequest {
            var headers: HTTPHeaders = ["Host": "localhost"]
            if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
            for (name, value) in extra { headers.add(name: name, value: value) }
            return HTTPRequest(method: method, target: target, headers: headers, text: body)
        }

        static func authorizer(_ request: HTTPRequest?) -> JSON? {
            guard let header = request?.headers["X-SaaSLab-Authorizer"], let bytes = Base64URL.decode(header) else { return nil }
            return try? JSON.parse(bytes: bytes)
        }

        @Test func unauthenticatedCallersNeverReachTheService() async throws {
            let client = try await AppClient.start()
            let service = RecordingService { _ in .json(text: "[]") }
            let url = try service.start()
            try client.backend.app.setServiceURL(url, for: "product")
            let one = try await client.registerTenant("one")
            for token in [nil, "not-a-token", AppClient.flippedTenantByte(one.token)] {
                for (method, path) in [("GET", "/products"), ("GET", "/product/p1"), ("POST", "/product"), ("PUT", "/product"), ("DELETE", "/product/p1")] {
                    let response = await client.backend.router.respond(to: Self.request(method, path, token: token, body: method == "POST" ? "{}" : ""))
                    #expect(response.status == 401 || response.status == 403, "\(method) \(path): \(response.status)")
                }
            }
            #expect(service.requests.isEmpty)
            await service.stop()
        }

        @Test func theServiceGetsTheRequestTheTokenAndTheVerifiedClaims() async throws {
            let client = try await AppClient.start()
            let service = RecordingService { _ in .json(text: "{}") }
            let url = try service.start()
            let one = try await client.registerTenant("one")
            let admin = try await client.systemAdminToken()
            let set = try await client.send("PUT", "/admin/services/product", ["serviceURL": .string(url)], token: admin)
            #expect(set.status == 200 && set["serviceURL"] == .string(url), "\(set.body)")
            let response = await client.backend.router.respond(to: Self.request(
                "PUT", "/product?x=1&y=two%20words", token: one.token,
                headers: [("Content-Type", "application/json"), ("X-SaaSLab-Authorizer", "forged"), ("x-saaslab-authorizer", "forged too"), ("X-Trace", "t1")],
                body: #"{"product_id": "p1", "title": "kettle"}"#
            ))
            #expect(response.status == 200)
            let received = try #require(service.requests.first)
            #expect(received.method == "PUT")
            #expect(received.target == "/product?x=1&y=two%20words")
            #expect(received.bodyText == #"{"product_id": "p1", "title": "kettle"}"#)
            #expect(received.headers["Authorization"] == "Bearer \(one.token)")
            #expect(received.headers["Content-Type"] == "application/json")
            #expect(received.headers["X-Trace"] == "t1")
            #expect(received.headers.values(for: "X-SaaSLab-Authorizer").count == 1)
            let context = try #require(Self.authorizer(received))
            #expect(context["claims"] == AppClient.claims(of: one.token))
            #expect(context["tenantId"] == .string(one.tenantId))
            #expect(context["claims"]?["custom:tenant_id"] == .string(one.tenantId))
            #expect(context["role"] == "TenantAdmin")
            #expect(context["userName"] == .string("admin@one.example"))
            #expect(context["userPoolId"] == .string(one.pool))
            #expect(context["providerName"] == .string("cognito-idp.us-east-1.amazonaws.com/\(one.pool)"))
            #expect(context["identityPoolId"]?.stringValue?.hasPrefix("us-east-1:") == true)
            await service.stop()
        }

        @Test func answersPassBackUnchangedAndAreLoggedAndMeteredUnderTheCallersTenant() async throws {
            let client = try await AppClient.start()
            let service = RecordingService { request in
                var response = HTTPResponse(status: request.method == "DELETE" ? 418 : 201, body: Array("not json \u{1}\u{ff}".utf8))
                response.headers.add(name: "Content-Type", value: "text/x-odd; charset=latin1")
                response.headers.add(name: "X-Service", value: "mine")
                return response
            }
            try client.backend.app.setServiceURL(try service.start(), for: "product")
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            for (method, path, token) in [("POST", "/product", one.token), ("DELETE", "/product/p9", one.token), ("GET", "/products", two.token)] {
                let response = await client.backend.router.respond(to: Self.request(method, path, token: token, body: method == "POST" ? "{}" : ""))
                #expect(response.status == (method == "DELETE" ? 418 : 201))
                #expect(response.body == Array("not json \u{1}\u{ff}".utf8))
                #expect(response.headers["Content-Type"] == "text/x-odd; charset=latin1")
                #expect(response.headers["X-Service"] == "mine")
            }
            let logged = client.backend.app.telemetry.entries(tenant: one.tenantId).filter { $0.service == "product" }
            #expect(logged.map(\.status) == [201, 418])
            #expect(logged.map(\.path) == ["/product", "/product/p9"])
            #expect(client.backend.app.telemetry.meters(tenant: one.tenantId)[one.tenantId]?["product"]?.requests == 2)
            #expect(client.backend.app.telemetry.meters(tenant: two.tenantId)[two.tenantId]?["product"]?.requests == 1)
            await service.stop()
        }

        @Test func aServiceThatIsNotThereIs502AndOneThatHangsIs504() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            // A port that was just free: nothing listens there.
            let gone = RecordingService { _ in .json(text: "{}") }
            let goneURL = try gone.start()
            await gone.stop()
            try client.backend.app.setServiceURL(goneURL, for: "product")
            let refused = try await client.send("GET", "/products", token: one.token)
            #expect(refused.status == 502 && refused["error"] == "BadGateway", "\(refused.body)")
            #expect(refused["message"]?.stringValue?.contains("the product service at \(goneURL) could not be reached for GET /products") == true)

            let hanging = RecordingService { _ in
                try? await Task.sleep(for: .seconds(5))
                return .json(text: "{}")
            }
            try client.backend.app.setServiceURL(try hanging.start(), for: "product")
            client.backend.app.serviceTimeout = 0.5
            let started = ContinuousClock.now
            let timedOut = try await client.send("GET", "/product/p1", token: one.token)
            #expect(ContinuousClock.now - started < .seconds(8))
            #expect(timedOut.status == 504 && timedOut["error"] == "GatewayTimeout", "\(timedOut.body)")
            #expect(timedOut["message"]?.stringValue?.contains("did not answer GET /product/p1 within 0.5 s") == true)
            #expect(client.backend.app.serviceTimeout == 0.5)
            await hanging.stop()
        }

        @Test func theSettingTakesOnlyHTTPURLsAndNullRestoresTheBuiltInService() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            for bad in ["https://127.0.0.1:1", "127.0.0.1:8001", "http://"] as [JSON] {
                let reply = try await client.send("PUT", "/admin/services/product", ["serviceURL": bad], token: admin)
                #expect(reply.status == 400 && reply["message"]?.stringValue?.hasPrefix("serviceURL must be an http:// URL") == true, "\(bad): \(reply.body)")
            }
            let number = try await client.send("PUT", "/admin/services/product", ["serviceURL": 8001], token: admin)
            #expect(number.status == 400)
            let misspelt = try await client.send("PUT", "/admin/services/product", ["serviceUrl": "http://127.0.0.1:1"], token: admin)
            #expect(misspelt["message"]?.stringValue?.contains("did you mean 'serviceURL'?") == true)
            _ = try await client.send("PUT", "/admin/services/product", ["serviceURL": "http://127.0.0.1:1"], token: admin)
            let reset = try await client.send("PUT", "/admin/services/product", ["serviceURL": .null], token: admin)
            #expect(reset.status == 200 && reset["serviceURL"] == .null)
            let one = try await client.registerTenant("one")
            let builtIn = try await client.send("GET", "/products", token: one.token)
            #expect(builtIn.status == 404 && builtIn["error"] == "ResourceNotFoundException", "the built-in service answers: \(builtIn.body)")
            #expect(throws: AppError.self) { try client.backend.app.setServiceURL("ftp://x", for: "product") }
            #expect(throws: AppError.self) { try client.backend.app.setServiceURL("http://127.0.0.1:1", for: "tenant") }
        }
    }
}
