import Core
import Foundation
import HTTP
import Testing
@testable import SaaSLabCLI

/// `saaslab serve --product-service URL`: the gateway proxies the product routes to a service
/// the participant started by hand.
@Suite(.serialized) struct ServeProductServiceTests {
    /// Answers every request with what reached it.
    struct Echo: HTTPResponder {
        func respond(to request: HTTPRequest) async -> HTTPResponse {
            .json(text: JSON.object(["target": .string(request.target), "authorized": .bool(request.headers["X-SaaSLab-Authorizer"] != nil)]).serialized())
        }
    }

    @Test func aURLThatIsNotHTTPIsAUsageError() async {
        for url in ["https://127.0.0.1:8001", "localhost:8001"] {
            let console = Console.capturing()
            let code = await SaaSLabCommandLine.run(arguments: ["serve", "--product-service", url], console: console)
            #expect(code == 64)
            #expect(console.capturedError.contains("--product-service expects an http:// URL such as http://127.0.0.1:8001, got '\(url)'"))
        }
    }

    @Test(.enabled(if: ServeProcessTests.binary != nil, "the saaslab executable is built beside the tests"))
    func theGatewayProxiesTheProductRoutesToTheGivenService() async throws {
        let echo = HTTPServer(configuration: .init(shutdownTimeout: 1), responder: Echo())
        let echoURL = "http://127.0.0.1:\(try echo.start())"
        let served = try await ServeProcessTests.serve(["--product-service", echoURL])
        defer { served.stop() }
        let client = try NetworkClient(baseURL: served.url)
        let signIn = try await client.send(HTTPRequest(
            method: "POST", target: "/auth", headers: ["Content-Type": "application/json"],
            text: #"{"userName": "admin", "password": "Admin-Passw0rd!"}"#))
        let token = try #require(try JSON.parse(bytes: signIn.body)["token"]?.stringValue)
        let products = try await client.send(HTTPRequest(method: "GET", target: "/products?a=1", headers: ["Authorization": "Bearer \(token)"]))
        #expect(products.status == 200)
        #expect(try JSON.parse(bytes: products.body) == ["target": "/products?a=1", "authorized": true])
        let anonymous = try await client.send(HTTPRequest(method: "GET", target: "/products"))
        #expect(anonymous.status == 401)
        served.process.interrupt()
        served.process.waitUntilExit()
        let output = String(decoding: served.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output.contains("  product     \(echoURL)"), "\(output)")
        await echo.shutdown()
    }
}
