import Synchronization
import Testing
@testable import HTTP

/// The socket server's happy paths: framing, keep-alive, pipelining, Expect, shutdown.
@Suite struct ServerTests {
    @Test func answersGetWithFramingHeaders() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send("GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.statusLine == "HTTP/1.1 200 OK")
            #expect(response.header("Content-Length") == "15")
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Server") == "saaslab")
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            #expect(response.header("Connection") == nil)
            #expect(response.bodyText == "{\"status\":\"ok\"}")
        }
    }

    @Test func keepsTheConnectionAliveAcrossRequests() async throws {
        try await withServer { server, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            for index in 1...5 {
                try await client.send("POST /echo/\(index) HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nab\(index)")
                let response = try await client.readResponse()
                #expect(response.status == 200)
                #expect(response.header("X-Target") == "/echo/\(index)")
                #expect(response.bodyText == "ab\(index)")
            }
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test func honoursConnectionClose() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send("GET /health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(try await client.readUntilClosed().isEmpty)
        }
    }

    @Test func closesWhenTheResponderAsksTo() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send("GET /close HTTP/1.1\r\nHost: test\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.header("Connection") == "close")
            #expect(response.bodyText == "bye")
            #expect(try await client.readUntilClosed().isEmpty)
        }
    }

    @Test func echoesAChunkedBodyWithExtensionsAndTrailers() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            let request = "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6\r\n world\r\nA \r\n, chunked!\r\n0\r\nX-Checksum: abc\r\n\r\n"
            // Three bytes at a time: the parser must resume at any byte boundary.
            try await client.sendFragmented(Array(request.utf8), size: 3)
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "hello world, chunked!")
            try await client.send("GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
        }
    }

    @Test func sendsContinueBeforeReadingTheBody() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send("PUT /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
            let interim = try await client.readResponse()
            #expect(interim.statusLine == "HTTP/1.1 100 Continue")
            try await client.send("hello world")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("X-Method") == "PUT")
            #expect(response.bodyText == "hello world")
        }
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            // The first takes longest, so an out-of-order server would answer /b or /c first.
            try await client.send("GET /slow?ms=150 HTTP/1.1\r\nHost: test\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: test\r\nContent-Length: 1\r\n\r\nB"
                + "GET /c HTTP/1.1\r\nHost: test\r\n\r\n")
            let first = try await client.readResponse()
            let second = try await client.readResponse()
            let third = try await client.readResponse()
            #expect(first.bodyText == "slept 150 ms")
            #expect(second.header("X-Target") == "/b")
            #expect(second.bodyText == "B")
            #expect(third.header("X-Target") == "/c")
        }
    }

    @Test func closesHTTP10ConnectionsUnlessAskedToKeepThem() async throws {
        try await withServer { _, port in
            let plain = try await RawClient.connect(port: port)
            defer { plain.close() }
            try await plain.send("GET /health HTTP/1.0\r\n\r\n")
            let closing = try await plain.readResponse()
            #expect(closing.status == 200)
            #expect(closing.header("Connection") == "close")
            #expect(try await plain.readUntilClosed().isEmpty)

            let kept = try await RawClient.connect(port: port)
            defer { kept.close() }
            for _ in 1...2 {
                try await kept.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let response = try await kept.readResponse()
                #expect(response.status == 200)
                #expect(response.header("Connection") == "keep-alive")
            }
        }
    }

    @Test func answersHeadWithoutABody() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send("HEAD /health HTTP/1.1\r\nHost: test\r\n\r\n")
            let head = try await client.readResponse(head: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "15")
            // No body bytes may follow, or this next response would start with them.
            try await client.send("GET /next HTTP/1.1\r\nHost: test\r\n\r\n")
            let next = try await client.readResponse()
            #expect(next.statusLine == "HTTP/1.1 200 OK")
            #expect(next.header("X-Target") == "/next")
        }
    }

    @Test func shutdownLetsAnInFlightRequestFinish() async throws {
        let responder = TestResponder()
        let server = HTTPServer(responder: responder)
        let port = try server.start()
        let client = try await RawClient.connect(port: port)
        defer { client.close() }
        // Long enough that the shutdown, a task of its own, has begun before the answer is
        // written, however busy the machine running the suite.
        try await client.send("GET /slow?ms=3000 HTTP/1.1\r\nHost: test\r\n\r\n")
        try await eventually { responder.slowStarted.load(ordering: .relaxed) == 1 }
        let stopping = Task { await server.shutdown() }
        let response = try await client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "slept 3000 ms")
        #expect(response.header("Connection") == "close")
        #expect(try await client.readUntilClosed().isEmpty)
        await stopping.value
        #expect(server.port == nil)
        await #expect(throws: TestFailure.self) { _ = try await RawClient.connect(port: port) }
    }

    @Test func shutdownClosesIdleConnectionsAndReturns() async throws {
        let server = HTTPServer(responder: TestResponder())
        let port = try server.start()
        let client = try await RawClient.connect(port: port)
        defer { client.close() }
        try await client.send("GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
        #expect(try await client.readResponse().status == 200)
        let waiter = Task { await server.waitUntilStopped() }
        await server.shutdown()
        await waiter.value
        #expect(try await client.readUntilClosed().isEmpty)
        await server.shutdown()
    }

    @Test func reportsABusyPortClearly() async throws {
        try await withServer { _, port in
            let second = HTTPServer(configuration: HTTPServer.Configuration(port: port), responder: TestResponder())
            let error = #expect(throws: HTTPServerError.self) { try second.start() }
            #expect(error?.message == "cannot bind 127.0.0.1:\(port): Address already in use")
            #expect(throws: HTTPServerError.self) {
                try HTTPServer(configuration: .init(host: "no-such-host.invalid"), responder: TestResponder()).start()
            }
        }
    }

    @Test func startsOnlyOnce() async throws {
        try await withServer { server, _ in
            #expect(throws: HTTPServerError.self) { try server.start() }
        }
    }
}
