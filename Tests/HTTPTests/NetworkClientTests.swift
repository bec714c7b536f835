import Glibc
import Testing
@testable import HTTP

/// The network client against the real server and against scripted misbehaving servers.
@Suite struct NetworkClientTests {
    @Test func roundTripsARequestWithABody() async throws {
        try await withServer { _, port in
            let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)")
            let response = try await client.send(HTTPRequest(method: "POST", target: "/echo?x=1", headers: ["X-Test": "yes"], text: "hello"))
            #expect(response.status == 200)
            #expect(response.bodyText == "hello")
            #expect(response.headers["X-Method"] == "POST")
            #expect(response.headers["X-Target"] == "/echo?x=1")
            #expect(response.headers["X-Host"] == "127.0.0.1:\(port)")
            #expect(response.headers["Server"] == "saaslab")
        }
    }

    @Test func reusesAKeptAliveConnection() async throws {
        try await withServer { server, port in
            let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)/")
            for index in 1...5 {
                let response = try await client.send(HTTPRequest(method: "GET", target: "/echo/\(index)"))
                #expect(response.headers["X-Target"] == "/echo/\(index)")
            }
            let head = try await client.send(HTTPRequest(method: "HEAD", target: "/health"))
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(try await client.send(HTTPRequest(method: "GET", target: "/health")).bodyText == "{\"status\":\"ok\"}")
            #expect(client.connectionsOpened.load(ordering: .relaxed) == 1)
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test func sendsConcurrentRequests() async throws {
        try await withServer { _, port in
            let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...16 {
                    group.addTask {
                        let response = try await client.send(HTTPRequest(method: "GET", target: "/slow?ms=\(index * 5)"))
                        #expect(response.bodyText == "slept \(index * 5) ms")
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func reconnectsAfterTheServerClosedAnIdleConnection() async throws {
        // One second: long enough that a loaded machine can't let it expire between connect and send.
        try await withServer(HTTPServer.Configuration(idleTimeout: 1)) { server, port in
            let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)")
            #expect(try await client.send(HTTPRequest(method: "GET", target: "/health")).status == 200)
            try await eventually { server.openConnections == 0 }
            #expect(try await client.send(HTTPRequest(method: "POST", target: "/echo", text: "again")).bodyText == "again")
            #expect(client.connectionsOpened.load(ordering: .relaxed) == 2)
        }
    }

    @Test func reconnectsWhenTheServerAsksToClose() async throws {
        try await withServer { _, port in
            let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)")
            #expect(try await client.send(HTTPRequest(method: "GET", target: "/close")).bodyText == "bye")
            #expect(try await client.send(HTTPRequest(method: "GET", target: "/health")).status == 200)
            #expect(client.connectionsOpened.load(ordering: .relaxed) == 2)
        }
    }

    @Test(arguments: ["GET", "POST"])
    func retriesOnceWhenAReusedConnectionDropsTheRequest(_ method: String) async throws {
        let server = try await ScriptedServer([
            { connection in
                try connection.readRequest()
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst")
                // The next request is read and dropped without a byte of response.
                try connection.readRequest()
            },
            { connection in
                try connection.readRequest()
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond")
            },
        ])
        let client = try NetworkClient(baseURL: "http://127.0.0.1:\(server.port)", timeout: 30)
        #expect(try await client.send(HTTPRequest(method: method, target: "/", text: "1")).bodyText == "first")
        #expect(try await client.send(HTTPRequest(method: method, target: "/", text: "2")).bodyText == "second")
        #expect(client.connectionsOpened.load(ordering: .relaxed) == 2)
        try await server.waitUntilDone()
    }

    @Test func doesNotRetryAPostWhoseResponseWasCutOff() async throws {
        let server = try await ScriptedServer([
            { connection in
                try connection.readRequest()
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst")
                try connection.readRequest()
                connection.write("HTTP/1.1 200 OK\r\nContent-Len")
            },
        ])
        let client = try NetworkClient(baseURL: "http://127.0.0.1:\(server.port)", timeout: 30)
        #expect(try await client.send(HTTPRequest(method: "POST", target: "/", text: "1")).bodyText == "first")
        let error = await #expect(throws: NetworkClientError.self) {
            _ = try await client.send(HTTPRequest(method: "POST", target: "/", text: "2"))
        }
        #expect(error?.kind == .connectionClosed)
        #expect(error?.message == "connection to 127.0.0.1:\(server.port) closed before a complete response")
        try await server.waitUntilDone()
    }

    @Test func readsChunkedInterimAndCloseDelimitedResponses() async throws {
        let server = try await ScriptedServer([
            { connection in
                try connection.readRequest()
                connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
                try connection.readRequest()
                connection.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 201 Created\r\nX-A: b\r\n\r\nuntil the end")
            },
        ])
        let client = try NetworkClient(baseURL: "http://127.0.0.1:\(server.port)", timeout: 30)
        let chunked = try await client.send(HTTPRequest(method: "GET", target: "/one"))
        #expect(chunked.bodyText == "hello world")
        let delimited = try await client.send(HTTPRequest(method: "GET", target: "/two"))
        #expect(delimited.status == 201)
        #expect(delimited.headers["X-A"] == "b")
        #expect(delimited.bodyText == "until the end")
        #expect(client.connectionsOpened.load(ordering: .relaxed) == 1)
        try await server.waitUntilDone()
    }

    @Test func reportsARefusedConnection() async throws {
        // A bound socket that never listens: connecting to its port is refused, deterministically.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let port = try #require(SocketAddress.localPort(of: fd))
        let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)")
        let error = await #expect(throws: NetworkClientError.self) {
            _ = try await client.send(HTTPRequest(method: "GET", target: "/health"))
        }
        #expect(error?.kind == .connectionRefused)
        #expect(error?.message == "connection refused to 127.0.0.1:\(port): is saaslab serve running?")
    }

    @Test func timesOut() async throws {
        try await withServer(HTTPServer.Configuration(shutdownTimeout: 0.2)) { _, port in
            let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)", timeout: 0.3)
            let error = await #expect(throws: NetworkClientError.self) {
                _ = try await client.send(HTTPRequest(method: "GET", target: "/slow?ms=3000"))
            }
            #expect(error?.kind == .timedOut)
            #expect(error?.message == "request to http://127.0.0.1:\(port) timed out after 0.3 s")
        }
    }

    @Test func stopsWaitingWhenTheTaskIsCancelled() async throws {
        let responder = TestResponder()
        try await withServer(HTTPServer.Configuration(shutdownTimeout: 0.2), responder: responder) { _, port in
            let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)")
            let request = Task { try await client.send(HTTPRequest(method: "GET", target: "/slow?ms=5000")) }
            try await eventually { responder.slowStarted.load(ordering: .relaxed) == 1 }
            request.cancel()
            await #expect(throws: CancellationError.self) { _ = try await request.value }
        }
    }

    @Test func prefixesTheBaseURLPath() async throws {
        try await withServer { _, port in
            let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)/prefix/")
            let response = try await client.send(HTTPRequest(method: "GET", target: "/x?y=1"))
            #expect(response.headers["X-Target"] == "/prefix/x?y=1")
        }
    }

    @Test func rejectsHTTPS() {
        let error = #expect(throws: NetworkClientError.self) { _ = try NetworkClient(baseURL: "https://example.test") }
        #expect(error?.kind == .invalidURL)
        #expect(error?.message.contains("https is not supported") == true)
    }

    @Test(arguments: ["ftp://host", "127.0.0.1:8080", "http://", "http://host:0", "http://host:99999", "http://host:x",
                      "http://h/p?q=1", "http://user@host", "http://[::1"])
    func rejectsMalformedBaseURLs(_ url: String) {
        let error = #expect(throws: NetworkClientError.self) { _ = try NetworkClient(baseURL: url) }
        #expect(error?.kind == .invalidURL)
    }

    @Test func refusesHeadersThatWouldBreakTheRequest() async throws {
        let client = try NetworkClient(baseURL: "http://127.0.0.1:1")
        let error = await #expect(throws: NetworkClientError.self) {
            _ = try await client.send(HTTPRequest(method: "GET", target: "/", headers: ["X-Evil": "a\r\nInjected: 1"]))
        }
        #expect(error?.kind == .invalidRequest)
    }
}
