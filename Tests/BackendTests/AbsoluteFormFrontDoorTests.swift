import Backend
import Core
import Foundation
import HTTP
import SigV4
import Testing

/// The front door behind the socket server, reached with an absolute-form request line, as an
/// SDK sends it through a proxy: the SDK signs the URL's path and host, so the server must
/// verify the origin-form path under the target's authority.
@Suite struct AbsoluteFormFrontDoorTests {
    /// A seeded backend served on a free port for `body`, with its clock.
    private func served(_ body: (Int, ManualClock) async throws -> Void) async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_764_000_000))
        let backend = Backend(BackendConfig(clock: clock, random: SeededRandomSource(seed: 1)))
        let server = HTTPServer(configuration: .init(port: 0), responder: backend.router)
        let port = try server.start()
        do {
            try await body(port, clock)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// GetCallerIdentity signed by the operator for `http://<signedHost>/`, sent over a socket to
    /// `port` with request target `target` and, when given, another `Host` header.
    private func callerIdentity(signedFor signedHost: String, target: String, hostHeader: String? = nil,
                                port: Int, at date: Date) async throws -> HTTPResponse {
        var request = HTTPRequest(
            method: "POST", target: "/",
            headers: ["Host": signedHost, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
            text: "Action=GetCallerIdentity&Version=2011-06-15"
        )
        let key = BackendConfig.exampleOperatorKey
        try SigV4Signer(credentials: AWSCredentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey),
                        region: "us-east-1", service: "sts").sign(&request, at: date)
        request.target = target
        if let hostHeader { request.headers["Host"] = hostHeader }
        return try await Self.client(port).send(request)
    }

    /// A client patient enough for a full parallel test run, in which the cooperative pool the
    /// in-process responder needs can be busy for a minute or more.
    static func client(_ port: Int) throws -> NetworkClient {
        try NetworkClient(baseURL: "http://127.0.0.1:\(port)", timeout: 300)
    }

    @Test func aRequestSignedOverItsPathVerifiesInAbsoluteForm() async throws {
        try await served { port, clock in
            let response = try await callerIdentity(signedFor: "127.0.0.1:\(port)", target: "http://127.0.0.1:\(port)/", port: port, at: clock.now())
            #expect(response.status == 200, "\(response.bodyText)")
            #expect(response.bodyText.contains("<Arn>arn:aws:iam::123456789012:user/operator</Arn>"), "\(response.bodyText)")
        }
    }

    @Test func theTargetsAuthorityNotTheHostHeaderIsTheSignedHost() async throws {
        try await served { port, clock in
            // Signed for the authority the target names; the Host header says otherwise and is ignored.
            let response = try await callerIdentity(signedFor: "proxy.example:4566", target: "http://proxy.example:4566/",
                                                    hostHeader: "127.0.0.1:\(port)", port: port, at: clock.now())
            #expect(response.status == 200, "\(response.bodyText)")

            // Signed for one host, sent in absolute-form to another: the signature covers the host.
            let refused = try await callerIdentity(signedFor: "127.0.0.1:\(port)", target: "http://elsewhere.example/", port: port, at: clock.now())
            #expect(refused.status == 403, "\(refused.bodyText)")
            #expect(refused.bodyText.contains("<Code>SignatureDoesNotMatch</Code>"), "\(refused.bodyText)")
        }
    }

    @Test func theSaaSAppsRoutesAreServedInAbsoluteFormToo() async throws {
        try await served { port, _ in
            let health = try await Self.client(port).send(HTTPRequest(method: "GET", target: "http://127.0.0.1:\(port)/product/health"))
            #expect(health.status == 200, "\(health.bodyText)")
            #expect(health.bodyText.contains("Product Manager"), "\(health.bodyText)")
        }
    }
}
