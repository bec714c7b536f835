import Backend
import Core
import Foundation
import HTTP
import SigV4
import Testing
@testable import SaaSLabCLI

/// A participant's service behind the app's gateway, end to end: started from its folder
/// against the platform on a real socket, reached through the gateway, and whatever it does
/// wrong (crash, hang, garbage) answered by the gateway without hanging the run.
@Suite struct CodeTrackSessionTests {
    struct Setup {
        let session: CodeTrackSession
        let folder: ServiceFolder
        let token: String

        func send(_ method: String, _ target: String) async -> HTTPResponse {
            await session.backend.router.respond(to: HTTPRequest(
                method: method, target: target, headers: ["Host": "localhost", "Authorization": "Bearer \(token)"]))
        }

        func close() async {
            await session.shutdown()
            folder.remove()
        }
    }

    static func setUp(mode: String) async throws -> Setup {
        var config = LabBackend.config(seed: 5)
        config.passwordIterations = 2
        let backend = try await Backend.start(config)
        let session = try CodeTrackSession(backend: backend)
        let folder = try ServiceFolder(procfile: "web: FAKE_MODE=\(mode) exec python3 app.py\n", files: ["app.py": ServiceFolder.fakeService])
        let admin = backend.config.systemAdmin
        let signIn = await backend.router.respond(to: HTTPRequest(
            method: "POST", target: "/auth", headers: ["Host": "localhost", "Content-Type": "application/json"],
            text: #"{"userName": "\#(admin.userName)", "password": "\#(admin.password)"}"#))
        let token = try #require(try JSON.parse(bytes: signIn.body)["token"]?.stringValue)
        return Setup(session: session, folder: folder, token: token)
    }

    @Test func aHealthyServiceIsReachedThroughTheGatewayWithTheProductRolesCredentials() async throws {
        let setup = try await Self.setUp(mode: "ok")
        let service = try await setup.session.startService(folder: setup.folder.path, lab: "lab2")
        let response = await setup.send("GET", "/products?limit=3")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/vnd.fake+json")
        let echoed = try JSON.parse(bytes: response.body)
        #expect(echoed["path"] == "/products?limit=3")
        #expect(echoed["headers"]?["X-SaaSLab-Authorizer"]?.stringValue?.isEmpty == false)

        // The platform answers on its socket, and the service's credentials are the product
        // service role's.
        let platform = try NetworkClient(baseURL: setup.session.endpointURL, timeout: 5)
        let credentials = try await setup.session.backend.app.serviceRoleCredentials("product")
        var identity = HTTPRequest(method: "POST", target: "/", headers: ["Content-Type": "application/x-www-form-urlencoded", "Host": "127.0.0.1"],
                                   text: "Action=GetCallerIdentity&Version=2011-06-15")
        _ = try SigV4Signer(credentials: credentials, region: "us-east-1", service: "sts").sign(&identity, at: setup.session.backend.config.clock.now())
        let caller = try await platform.send(identity)
        #expect(caller.status == 200 && caller.bodyText.contains("assumed-role/ProductManager/"), "\(caller.bodyText)")

        await setup.session.stopService(service)
        #expect(ProcessTable.livingMembers(ofGroup: service.pid).isEmpty)
        // The built-in service answers again.
        #expect(await setup.send("GET", "/products").status == 404)
        await setup.close()
    }

    @Test func aServiceThatCrashesMidRunIs502AndItsExitAndOutputAreKept() async throws {
        let setup = try await Self.setUp(mode: "crash")
        let service = try await setup.session.startService(folder: setup.folder.path, lab: "lab2")
        let response = await setup.send("GET", "/products")
        #expect(response.status == 502)
        #expect(try JSON.parse(bytes: response.body)["error"] == "BadGateway")
        for _ in 0..<100 where service.exitStatus == nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(service.exitStatus == .exited(7))
        #expect(await setup.send("GET", "/product/p1").status == 502, "gone for good: connection refused")
        await setup.session.stopService(service)
        #expect(service.output.lastLines(5).contains("crashing on /products"))
        await setup.close()
    }

    @Test func aServiceThatHangsIs504WithinTheTimeoutAndIsStillStopped() async throws {
        let setup = try await Self.setUp(mode: "hang")
        setup.session.backend.app.serviceTimeout = 1
        let service = try await setup.session.startService(folder: setup.folder.path, lab: "lab3")
        let started = ContinuousClock.now
        let response = await setup.send("DELETE", "/product/p1")
        #expect(ContinuousClock.now - started < .seconds(8))
        #expect(response.status == 504)
        #expect(try JSON.parse(bytes: response.body)["error"] == "GatewayTimeout")
        await setup.session.stopService(service)
        #expect(ProcessTable.livingMembers(ofGroup: service.pid).isEmpty)
        await setup.close()
    }

    @Test func aServiceThatAnswersGarbageIs502() async throws {
        let setup = try await Self.setUp(mode: "garbage")
        let service = try await setup.session.startService(folder: setup.folder.path, lab: "lab2")
        let response = await setup.send("GET", "/products")
        #expect(response.status == 502)
        let message = try JSON.parse(bytes: response.body)["message"]?.stringValue ?? ""
        #expect(message.contains("did not answer GET /products in HTTP"), "\(message)")
        await setup.session.stopService(service)
        await setup.close()
    }

    @Test func aServiceThatNeverComesUpFailsWithItsOutputAndLeavesNothingBehind() async throws {
        let setup = try await Self.setUp(mode: "ok")
        try "web: echo 'listening soon'; sleep 300\n".write(toFile: setup.folder.path + "/Procfile", atomically: true, encoding: .utf8)
        do {
            _ = try await setup.session.startService(folder: setup.folder.path, lab: "lab2", healthTimeout: 1)
            Issue.record("a silent service was started")
        } catch {
            #expect(error.description.contains("did not answer GET /product/health with 200 within 1 s"))
            #expect(error.description.hasSuffix("the last lines it printed:\nlistening soon"))
        }
        #expect(await setup.send("GET", "/products").status == 404, "the gateway was not pointed at it")
        await setup.close()
    }

    @Test func aWorkspaceWithAServiceFolderIsFound() throws {
        let folder = try ServiceFolder(procfile: nil)
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/lab2/product-service", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.path + "/lab3/product-service", withIntermediateDirectories: true)
        try "web: python3 server.py\n".write(toFile: folder.path + "/lab2/product-service/Procfile", atomically: true, encoding: .utf8)
        #expect(CodeTrackSession.serviceFolder(workspace: folder.path, lab: "lab2") == folder.path + "/lab2/product-service")
        #expect(CodeTrackSession.serviceFolder(workspace: folder.path, lab: "lab3") == nil, "a folder without a Procfile is not the code track")
        #expect(CodeTrackSession.serviceFolder(workspace: folder.path, lab: "lab4") == nil)
    }
}
