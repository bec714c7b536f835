import Glibc
import Synchronization
import Testing
@testable import HTTP

/// A failure inside the test helpers, with what went wrong.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs blocking socket work on a thread of its own, so tests never park the cooperative pool's
/// threads (the server's responder Tasks need them) nor Dispatch's slowly growing pool.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        BlockingWorkers.shared.run {
            continuation.resume(with: Result { try body() })
        }
    }
}

/// Polls `condition` every 10 ms for up to `seconds`; a generous bound, not a timing assertion.
func eventually(within seconds: Double = 30, _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("condition not met within \(seconds) s") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// The responder the server tests run against.
///
/// `/health` → `{"status":"ok"}`; `/slow?ms=N` sleeps N ms; `/close` asks to close the
/// connection; anything else echoes the body, with the method, target and Host as headers.
final class TestResponder: HTTPResponder {
    /// How many `/slow` requests have reached the responder.
    let slowStarted = Atomic<Int>(0)

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch request.rawPath {
        case "/health":
            return .json(text: "{\"status\":\"ok\"}")
        case "/slow":
            slowStarted.add(1, ordering: .relaxed)
            let millis = Int(request.query("ms") ?? "") ?? 200
            try? await Task.sleep(for: .milliseconds(millis))
            return .text("slept \(millis) ms")
        case "/close":
            return HTTPResponse(status: 200, headers: ["Connection": "close"], body: Array("bye".utf8))
        default:
            var headers: HTTPHeaders = ["Content-Type": "application/octet-stream"]
            headers.add(name: "X-Method", value: request.method)
            headers.add(name: "X-Target", value: request.target)
            headers.add(name: "X-Host", value: request.headers["Host"] ?? "")
            return HTTPResponse(status: 200, headers: headers, body: request.body)
        }
    }
}

/// Starts a server on port 0 with `configuration`, runs `body`, and shuts the server down.
func withServer(_ configuration: HTTPServer.Configuration = HTTPServer.Configuration(),
                responder: TestResponder = TestResponder(),
                _ body: (HTTPServer, Int) async throws -> Void) async throws {
    var configuration = configuration
    configuration.port = 0
    let server = HTTPServer(configuration: configuration, responder: responder)
    let port = try server.start()
    do {
        try await body(server, port)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// Checks that a fresh connection still gets `GET /health` answered.
func expectServesNewConnection(_ port: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    // Connected and sent in one go: a server with a short idle timeout must not see a gap.
    let client = try await RawClient.connect(port: port, sending: "GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
    defer { client.close() }
    let response = try await client.readResponse()
    #expect(response.statusLine == "HTTP/1.1 200 OK", sourceLocation: sourceLocation)
    #expect(response.bodyText == "{\"status\":\"ok\"}", sourceLocation: sourceLocation)
}

/// A response as read off the wire by `RawClient`.
struct RawResponse: Sendable {
    let statusLine: String
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    var status: Int { Int(statusLine.split(separator: " ")[1]) ?? 0 }
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
