import Testing
@testable import HTTP

/// The Host header and the request-target's forms (RFC 9112 §3.2): what the parser refuses,
/// and what the responder sees of what it accepts.
@Suite struct ServerRequestTargetTests {
    static let limits = RequestParser.Limits(maxHeaderBytes: 1024, maxBodyBytes: 64)

    /// The request parsed from `text`, or the refusal.
    private func parse(_ text: String) -> Result<HTTPRequest, HTTPError> {
        var parser = RequestParser(limits: Self.limits)
        var input = InputBuffer(Array(text.utf8))
        switch parser.parse(&input) {
        case .complete(let parsed): return .success(parsed.request)
        case .failed(let refusal): return .failure(refusal)
        case .needMoreData, .continueExpected: return .failure(HTTPError.badRequest("incomplete"))
        }
    }

    private func refusal(_ text: String) -> HTTPError? {
        if case .failure(let refusal) = parse(text) { refusal } else { nil }
    }

    @Test func anHTTP11RequestWithoutHostIsRefused() throws {
        let refused = try #require(refusal("GET /items HTTP/1.1\r\nAccept: */*\r\n\r\n"))
        #expect(refused.status == .badRequest)
        #expect(refused.message.contains("must have a Host header"), "\(refused.message)")
        // A later 1.x minor is 1.1 for this purpose too.
        #expect(refusal("GET / HTTP/1.5\r\n\r\n")?.status == .badRequest)
    }

    @Test func anHTTP10RequestWithoutHostIsServed() throws {
        let request = try parse("GET /items HTTP/1.0\r\n\r\n").get()
        #expect(request.target == "/items")
        #expect(request.headers["Host"] == nil)
    }

    @Test(arguments: ["HTTP/1.1", "HTTP/1.0"])
    func twoHostHeadersAreRefusedWhateverTheVersion(_ version: String) throws {
        let refused = try #require(refusal("GET / \(version)\r\nHost: a\r\nhost: a\r\n\r\n"))
        #expect(refused.status == .badRequest)
        #expect(refused.message.contains("2 Host headers"), "\(refused.message)")
    }

    @Test(arguments: ["a b", "exa mple.com", "host:port", "host:123456", "user@host", "[::1", "[]", "h/x", "h%zz", "a,b\u{80}"])
    func anInvalidHostIsRefused(_ host: String) throws {
        let refused = try #require(refusal("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n"), "\(host)")
        #expect(refused.status == .badRequest)
        #expect(refused.message.contains("invalid Host header"), "\(host): \(refused.message)")
    }

    @Test(arguments: ["", "example.com", "127.0.0.1:8080", "[::1]:4566", "[v1.fe80::a+en1]", "my-host_1.local", "h%41:", "LOCALHOST:80"])
    func aValidHostIsServed(_ host: String) throws {
        let request = try parse("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n").get()
        #expect(request.headers["Host"] == host)
    }

    @Test func anAbsoluteFormTargetIsServedAsItsOriginFormUnderItsAuthority() throws {
        let request = try parse("GET http://127.0.0.1:4566/users/7?a=1&b=%2F HTTP/1.1\r\nHost: ignored.example\r\n\r\n").get()
        #expect(request.target == "/users/7?a=1&b=%2F")
        #expect(request.rawPath == "/users/7")
        #expect(request.query("b") == "/")
        // RFC 9112 §3.2.2: the target's authority, not the Host header, names the server.
        #expect(request.headers.values(for: "Host") == ["127.0.0.1:4566"])

        #expect(try parse("GET HTTP://Example.com HTTP/1.1\r\nHost: x\r\n\r\n").get().target == "/")
        #expect(try parse("GET https://example.com?x=1 HTTP/1.1\r\nHost: x\r\n\r\n").get().target == "/?x=1")
        let old = try parse("POST http://[::1]:80/ HTTP/1.0\r\nContent-Length: 2\r\n\r\nok").get()
        #expect(old.target == "/")
        #expect(old.headers["Host"] == "[::1]:80")
        #expect(old.bodyText == "ok")
    }

    @Test func anAbsoluteFormTargetStillNeedsExactlyOneValidHost() throws {
        #expect(refusal("GET http://h/ HTTP/1.1\r\n\r\n")?.message.contains("must have a Host header") == true)
        #expect(refusal("GET http://h/ HTTP/1.1\r\nHost: h\r\nHost: h\r\n\r\n")?.status == .badRequest)
    }

    @Test(arguments: [
        ("GET http:///x HTTP/1.1", "invalid authority"), ("GET http://user@h/x HTTP/1.1", "invalid authority"),
        ("GET http://h:99999999/ HTTP/1.1", "invalid authority"), ("GET ftp://h/x HTTP/1.1", "scheme \"ftp\""),
        ("GET urn:isbn:1 HTTP/1.1", "invalid request target"), ("GET items HTTP/1.1", "invalid request target"),
        ("GET 1http://h/ HTTP/1.1", "invalid request target"), ("GET * HTTP/1.1", "only for OPTIONS"),
    ])
    func anUnservableTargetIsRefused(_ line: String, _ words: String) throws {
        let refused = try #require(refusal(line + "\r\nHost: h\r\n\r\n"), "\(line)")
        #expect(refused.status == .badRequest)
        #expect(refused.message.contains(words), "\(line): \(refused.message)")
    }

    @Test func connectIsNotImplemented() throws {
        let refused = try #require(refusal("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n"))
        #expect(refused.status == .notImplemented)
        #expect(refused.message.contains("not a proxy"))
    }

    @Test func asteriskFormIsParsedForOptions() throws {
        #expect(try parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").get().target == "*")
    }

    // MARK: - Over the socket

    @Test func aMissingHostIs400AndClosesTheConnectionLikeOther400s() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send("GET /health HTTP/1.1\r\nAccept: */*\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.statusLine == "HTTP/1.1 400 Bad Request")
            #expect(response.header("Connection") == "close")
            #expect(response.bodyText.contains("\"error\":\"BadRequest\""), "\(response.bodyText)")
            #expect(response.bodyText.contains("Host header"), "\(response.bodyText)")
            _ = try await client.readUntilClosed()
            try await expectServesNewConnection(port)
        }
    }

    @Test func http10WithoutHostIsServed() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send("GET /health HTTP/1.0\r\n\r\n")
            #expect(try await client.readResponse().statusLine == "HTTP/1.1 200 OK")
        }
    }

    @Test func theResponderSeesAnAbsoluteFormRequestInOriginFormAndKeepsTheConnection() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send("POST http://127.0.0.1:\(port)/echo?x=1 HTTP/1.1\r\nHost: elsewhere\r\nContent-Length: 2\r\n\r\nhi")
            let response = try await client.readResponse()
            #expect(response.statusLine == "HTTP/1.1 200 OK")
            #expect(response.header("X-Target") == "/echo?x=1")
            #expect(response.header("X-Host") == "127.0.0.1:\(port)")
            #expect(response.bodyText == "hi")
            try await client.send("GET http://127.0.0.1:\(port)/health HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
            #expect(try await client.readResponse().statusLine == "HTTP/1.1 200 OK")
        }
    }

    @Test func optionsAsteriskIsAnsweredWithAllowAndKeepsTheConnection() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send("OPTIONS * HTTP/1.1\r\nHost: test\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.statusLine == "HTTP/1.1 200 OK")
            #expect(response.header("Allow")?.contains("GET") == true)
            #expect(response.header("Allow")?.contains("OPTIONS") == true)
            #expect(response.header("Content-Length") == "0")
            #expect(response.header("Connection") == nil)
            try await client.send("GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(try await client.readResponse().statusLine == "HTTP/1.1 200 OK")
        }
    }
}
