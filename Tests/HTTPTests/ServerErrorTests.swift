import Testing
@testable import HTTP

/// Every way a request can be refused: each answers with the right status line and a JSON
/// error, closes that connection, and leaves the server serving new ones.
@Suite struct ServerErrorTests {
    static let small = HTTPServer.Configuration(maxHeaderBytes: 1024, maxBodyBytes: 1000)

    /// Sends `request`, expects `statusLine` and a message containing `message`, then a close.
    private func expectRefusal(_ request: [UInt8], statusLine: String, message: String,
                               configuration: HTTPServer.Configuration = small,
                               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await withServer(configuration) { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            try await client.send(request)
            let response = try await client.readResponse()
            #expect(response.statusLine == statusLine, sourceLocation: sourceLocation)
            #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
            #expect(response.header("Connection") == "close", sourceLocation: sourceLocation)
            #expect(response.bodyText.hasPrefix("{\"error\":\""), sourceLocation: sourceLocation)
            #expect(response.bodyText.contains(message), "body: \(response.bodyText)", sourceLocation: sourceLocation)
            _ = try await client.readUntilClosed()
            try await expectServesNewConnection(port, sourceLocation: sourceLocation)
        }
    }

    private func expectRefusal(_ request: String, statusLine: String, message: String,
                               configuration: HTTPServer.Configuration = small,
                               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await expectRefusal(Array(request.utf8), statusLine: statusLine, message: message,
                                configuration: configuration, sourceLocation: sourceLocation)
    }

    @Test(arguments: ["GARBAGE\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "GET /\r\n\r\n", "GET /a b HTTP/1.1\r\n\r\n", "G@T / HTTP/1.1\r\n\r\n"])
    func malformedRequestLine(_ request: String) async throws {
        try await expectRefusal(request, statusLine: "HTTP/1.1 400 Bad Request", message: "malformed request line")
    }

    @Test(arguments: ["GET / HTTP/1.x\r\n\r\n", "GET / HTTP/1.10\r\n\r\n", "GET / http/1.1\r\n\r\n"])
    func badVersion(_ request: String) async throws {
        try await expectRefusal(request, statusLine: "HTTP/1.1 400 Bad Request", message: "invalid HTTP version")
    }

    @Test func unsupportedMajorVersion() async throws {
        try await expectRefusal("GET / HTTP/2.0\r\n\r\n", statusLine: "HTTP/1.1 505 HTTP Version Not Supported",
                                message: "is not supported")
    }

    @Test(arguments: ["Host test\r\n", "Bad Name: x\r\n", ": empty\r\n", " folded: x\r\n", "X: a\u{7}b\r\n"])
    func malformedHeaderLine(_ line: String) async throws {
        try await expectRefusal("GET / HTTP/1.1\r\n" + line + "\r\n", statusLine: "HTTP/1.1 400 Bad Request", message: "header")
    }

    @Test func oversizeHeaderBlock() async throws {
        let request = "GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + String(repeating: "a", count: 2000) + "\r\n\r\n"
        try await expectRefusal(request, statusLine: "HTTP/1.1 431 Request Header Fields Too Large",
                                message: "exceeds the limit of 1024 bytes")
    }

    @Test func oversizeHeaderBlockNeverTerminated() async throws {
        // No blank line ever comes: the limit must trip on what is buffered.
        let request = "GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 3000)
        try await expectRefusal(request, statusLine: "HTTP/1.1 431 Request Header Fields Too Large", message: "1024")
    }

    @Test func oversizeBodyDeclaredByContentLength() async throws {
        try await expectRefusal("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n",
                                statusLine: "HTTP/1.1 413 Content Too Large",
                                message: "request body of 5000 bytes exceeds the limit of 1000 bytes")
    }

    @Test func oversizeBodyStillBeingSent() async throws {
        // The body follows at once; the error must still reach the client intact (no reset).
        let request = Array("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 50000\r\n\r\n".utf8) + [UInt8](repeating: 65, count: 50000)
        try await expectRefusal(request, statusLine: "HTTP/1.1 413 Content Too Large", message: "exceeds the limit")
    }

    @Test func oversizeExpectContinueGets413InsteadOf100() async throws {
        try await expectRefusal("PUT / HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n",
                                statusLine: "HTTP/1.1 413 Content Too Large", message: "5000 bytes")
    }

    @Test func oversizeChunkedBodyStream() async throws {
        // Four chunks of 300 bytes: only the fourth crosses the 1000-byte limit.
        var request = Array("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for _ in 1...4 { request += Array("12c\r\n".utf8) + [UInt8](repeating: 66, count: 300) + Array("\r\n".utf8) }
        request += Array("0\r\n\r\n".utf8)
        try await expectRefusal(request, statusLine: "HTTP/1.1 413 Content Too Large",
                                message: "chunked request body exceeds the limit of 1000 bytes")
    }

    @Test(arguments: ["zz\r\nhello\r\n0\r\n\r\n", "\r\n", "-5\r\n", "5 x\r\nhello\r\n", "fffffffffffffffff\r\n"])
    func badChunkSize(_ chunks: String) async throws {
        try await expectRefusal("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks,
                                statusLine: "HTTP/1.1 400 Bad Request", message: "invalid chunk size")
    }

    @Test func chunkDataLongerThanDeclared() async throws {
        try await expectRefusal("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
                                statusLine: "HTTP/1.1 400 Bad Request", message: "chunk data")
    }

    @Test(arguments: ["abc", "-1", "1.5", "", "12 34", "1, 2", "99999999999999999999"])
    func invalidContentLength(_ value: String) async throws {
        try await expectRefusal("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: \(value)\r\n\r\n",
                                statusLine: "HTTP/1.1 400 Bad Request", message: "invalid Content-Length")
    }

    @Test func conflictingContentLengthHeaders() async throws {
        try await expectRefusal("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                                statusLine: "HTTP/1.1 400 Bad Request", message: "invalid Content-Length")
    }

    @Test func bothContentLengthAndTransferEncoding() async throws {
        try await expectRefusal("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                                statusLine: "HTTP/1.1 400 Bad Request", message: "both Content-Length and Transfer-Encoding")
    }

    @Test(arguments: ["gzip", "gzip, chunked", "identity"])
    func unsupportedTransferEncoding(_ coding: String) async throws {
        try await expectRefusal("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: \(coding)\r\n\r\n",
                                statusLine: "HTTP/1.1 501 Not Implemented", message: "is not supported")
    }

    @Test func unsupportedExpectation() async throws {
        try await expectRefusal("POST / HTTP/1.1\r\nHost: test\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx",
                                statusLine: "HTTP/1.1 417 Expectation Failed", message: "unsupported expectation")
    }

    /// Three seconds, as below: after the silent connection closes, the check that a new one is
    /// served must get its request in before the timer; with 0.3 s a loaded CI machine did not.
    @Test func idleTimeoutClosesASilentConnection() async throws {
        try await withServer(HTTPServer.Configuration(idleTimeout: 3)) { _, port in
            let client = try await RawClient.connect(port: port)
            defer { client.close() }
            #expect(try await client.readUntilClosed().isEmpty)
            try await expectServesNewConnection(port)
        }
    }

    @Test func idleTimeoutClosesAfterAKeptAliveRequest() async throws {
        // Three seconds: the timer starts at accept, and a machine busy compiling has been seen
        // to stall the client for over a second between connect and send.
        try await withServer(HTTPServer.Configuration(idleTimeout: 3)) { _, port in
            let client = try await RawClient.connect(port: port, sending: "GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
            defer { client.close() }
            #expect(try await client.readResponse().status == 200)
            #expect(try await client.readUntilClosed().isEmpty)
            try await expectServesNewConnection(port)
        }
    }

    @Test func idleTimeoutClosesAStalledHalfSentRequest() async throws {
        try await withServer(HTTPServer.Configuration(idleTimeout: 3)) { _, port in
            // Sent with the connect: a connection that is still silent when its idle time runs
            // out is closed without a word, and a busy machine can stall a separate send.
            let client = try await RawClient.connect(port: port, sending: "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nhal")
            defer { client.close() }
            let response = try await client.readResponse()
            #expect(response.statusLine == "HTTP/1.1 408 Request Timeout")
            #expect(response.bodyText.contains("the request stalled: nothing arrived for 3 s"), "\(response.bodyText)")
            _ = try await client.readUntilClosed()
            try await expectServesNewConnection(port)
        }
    }
}
