import Glibc
import Synchronization
import Testing
@testable import HTTP

/// Slow and greedy clients: the budget for buffered bodies, the head and body deadlines that
/// trickled bytes do not extend, the open-file limit, and the connection limit.
@Suite struct ServerSlowClientTests {
    private static func post(_ length: Int, _ body: String = "") -> String {
        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: \(length)\r\n\r\n" + body
    }

    /// Sends `request` on a new connection and expects the budget's 503, then a close.
    private func expectBudgetRefusal(_ port: Int, _ request: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let client = try await RawClient.connect(port: port, sending: request)
        defer { client.close() }
        let response = try await client.readResponse()
        #expect(response.statusLine == "HTTP/1.1 503 Service Unavailable", sourceLocation: sourceLocation)
        #expect(response.header("Retry-After") == "2", sourceLocation: sourceLocation)
        #expect(response.header("Connection") == "close", sourceLocation: sourceLocation)
        #expect(response.bodyText.contains("\"error\":\"ServiceUnavailable\""), sourceLocation: sourceLocation)
        #expect(response.bodyText.contains("too many request bodies"), "\(response.bodyText)", sourceLocation: sourceLocation)
        _ = try await client.readUntilClosed()
    }

    /// Sends `request` on a new connection and expects its body echoed.
    private func expectEcho(_ port: Int, _ request: String, body: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let client = try await RawClient.connect(port: port, sending: request)
        defer { client.close() }
        let response = try await client.readResponse()
        #expect(response.status == 200, sourceLocation: sourceLocation)
        #expect(response.bodyText == body, sourceLocation: sourceLocation)
    }

    @Test func theBodyBudgetRefusesWith503OnceReservedAndAcceptsAgainAfterRelease() async throws {
        // The stalled body must outlast the test however busy the machine: at its deadline it
        // would be cut with a 408 and its reservation returned early.
        let configuration = HTTPServer.Configuration(
            maxBodyBytes: 1000, maxBufferedBodyBytes: 1500, idleTimeout: 600, requestHeadTimeout: 600, requestBodyTimeout: 600
        )
        try await withServer(configuration) { server, port in
            // A stalls inside a 1000-byte body: its whole Content-Length is reserved.
            let stalled = try await RawClient.connect(port: port, sending: Self.post(1000, "abc"))
            defer { stalled.close() }
            try await eventually { server.reservedBodyBytes == 1000 }

            try await expectBudgetRefusal(port, Self.post(600))
            // 0x258 = 600: a chunk is reserved when its size is announced.
            try await expectBudgetRefusal(port, "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n")
            // What still fits is served, and given back once answered.
            try await expectEcho(port, Self.post(500, String(repeating: "f", count: 500)), body: String(repeating: "f", count: 500))
            try await eventually { server.reservedBodyBytes == 1000 }

            try await stalled.send(String(repeating: "z", count: 997))
            let response = try await stalled.readResponse()
            #expect(response.status == 200)
            #expect(response.body.count == 1000)
            try await eventually { server.reservedBodyBytes == 0 }
            try await expectEcho(port, Self.post(600, String(repeating: "x", count: 600)), body: String(repeating: "x", count: 600))
            // One body over the per-request limit is still a 413, whatever the budget.
            let large = try await RawClient.connect(port: port, sending: Self.post(1001))
            defer { large.close() }
            #expect(try await large.readResponse().status == 413)
        }
    }

    @Test func aDeadConnectionGivesItsBodyBackToTheBudget() async throws {
        let configuration = HTTPServer.Configuration(
            maxBodyBytes: 1000, maxBufferedBodyBytes: 1000, idleTimeout: 600, requestHeadTimeout: 600, requestBodyTimeout: 600
        )
        try await withServer(configuration) { server, port in
            let stalled = try await RawClient.connect(port: port, sending: Self.post(1000, "abc"))
            try await eventually { server.reservedBodyBytes == 1000 }
            try await expectBudgetRefusal(port, Self.post(10))
            stalled.close()
            try await eventually { server.reservedBodyBytes == 0 }
            try await expectEcho(port, Self.post(1000, String(repeating: "y", count: 1000)), body: String(repeating: "y", count: 1000))
        }
    }

    /// Sends `piece` every 50 ms until the server stops taking them (or 30 s pass).
    private func trickle(_ piece: String, to client: RawClient) -> Task<Void, Never> {
        Task {
            for _ in 0..<600 where !Task.isCancelled {
                do {
                    try await client.send(piece)
                    try await Task.sleep(for: .milliseconds(50))
                } catch {
                    return
                }
            }
        }
    }

    @Test func aTricklingHeadIsCutAtItsDeadline() async throws {
        // The idle timeout is far off and every byte would reset it: only the head's deadline can end this.
        try await withServer(HTTPServer.Configuration(idleTimeout: 60, requestHeadTimeout: 0.5)) { _, port in
            let client = try await RawClient.connect(port: port, sending: "GET /health HTTP/1.1\r\n")
            defer { client.close() }
            let trickler = trickle("X: y\r\n", to: client)
            defer { trickler.cancel() }
            let response = try await client.readResponse()
            #expect(response.statusLine == "HTTP/1.1 408 Request Timeout")
            #expect(response.header("Connection") == "close")
            #expect(response.bodyText.contains("the request head did not arrive within 0.5 s"), "\(response.bodyText)")
            _ = try await client.readUntilClosed()
            try await expectServesNewConnection(port)
        }
    }

    @Test func aTricklingBodyIsCutAtItsDeadline() async throws {
        let configuration = HTTPServer.Configuration(idleTimeout: 60, requestBodyTimeout: 0.5, minBodyBytesPerSecond: 1_000_000)
        try await withServer(configuration) { server, port in
            let client = try await RawClient.connect(port: port, sending: Self.post(1000, "a"))
            defer { client.close() }
            let trickler = trickle("b", to: client)
            defer { trickler.cancel() }
            let response = try await client.readResponse()
            #expect(response.statusLine == "HTTP/1.1 408 Request Timeout")
            #expect(response.bodyText.contains("the request body arrived too slowly"), "\(response.bodyText)")
            #expect(response.bodyText.contains("a body has 0.5 s plus 1 s for each 1000000 bytes received"), "\(response.bodyText)")
            _ = try await client.readUntilClosed()
            try await eventually { server.reservedBodyBytes == 0 }
        }
    }

    @Test func anIdleKeptAliveConnectionKeepsItsIdleTimeout() async throws {
        // The head's deadline starts at a request's first byte, not when the last response went out.
        try await withServer(HTTPServer.Configuration(idleTimeout: 30, requestHeadTimeout: 0.2)) { _, port in
            let client = try await RawClient.connect(port: port, sending: "GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
            defer { client.close() }
            #expect(try await client.readResponse().status == 200)
            try await Task.sleep(for: .milliseconds(600))
            try await client.send("GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
        }
    }

    @Test func startRaisesTheSoftOpenFileLimitToTheHardLimit() async throws {
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        var limit = rlimit()
        try #require(getrlimit(resource, &limit) == 0)
        // Lowering the limit here to watch it rise would starve every other test of this
        // process of descriptors: the rise from a low soft limit is checked on `saaslab serve`
        // started under one (ServeProcessTests).
        _ = limit
        try await withServer { server, _ in
            var after = rlimit()
            _ = getrlimit(resource, &after)
            #expect(after.rlim_cur == after.rlim_max)
            let capacity = try #require(server.capacity)
            #expect(capacity.openFiles.after == Int(clamping: after.rlim_cur))
            #expect(capacity.connections == min(4096, capacity.openFiles.after - HTTPServer.reservedDescriptors))
        }
        #expect(ProcessResources.OpenFileLimit(before: 1024, after: 1_048_576).description == "1024 -> 1048576")
        #expect(ProcessResources.OpenFileLimit(before: 20000, after: 20000).description == "20000")
    }

    @Test func manySlowConnectionsAtTheLimitDoNotCrowdOutANormalRequest() async throws {
        // The heads' deadline is far off: the connection limit alone must make room.
        let configuration = HTTPServer.Configuration(idleTimeout: 60, requestHeadTimeout: 60, maxConnections: 50)
        try await withServer(configuration) { server, port in
            var slow: [RawClient] = []
            defer { for client in slow { client.close() } }
            for _ in 0..<200 {
                slow.append(try await RawClient.connect(port: port, sending: "GET /health HTTP/1.1\r\n"))
            }
            let stop = Atomic<Bool>(false)
            let held = slow
            let trickler = Task {
                while !stop.load(ordering: .relaxed) {
                    for client in held { try? await client.send("X") }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            try await eventually { server.acceptedConnections == 200 }
            #expect(server.openConnections <= 50)
            try await expectServesNewConnection(port)
            try await expectEcho(port, Self.post(4, "ping"), body: "ping")
            stop.store(true, ordering: .relaxed)
            await trickler.value
        }
    }
}
