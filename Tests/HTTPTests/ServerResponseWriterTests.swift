import Testing
@testable import HTTP

/// How responses are framed on the wire.
@Suite struct ServerResponseWriterTests {
    private func wire(_ response: HTTPResponse, method: String = "GET", keepAlive: Bool = true, http10: Bool = false) -> (String, Bool) {
        let parsed = ParsedRequest(request: HTTPRequest(method: method, target: "/"), keepAlive: keepAlive,
                                   isHTTP10: http10, isHead: method == "HEAD")
        let (bytes, close) = ResponseWriter.serialize(response, for: parsed, draining: false)
        // Drop the Date line: it changes every second.
        let text = String(decoding: bytes, as: UTF8.self).splitting(on: "\r\n").filter { !$0.hasPrefix("Date: ") }.joined(separator: "\r\n")
        return (text, close)
    }

    @Test func replacesFramingHeadersAndAddsServer() {
        let response = HTTPResponse(status: 201, headers: ["Content-Length": "999", "Transfer-Encoding": "chunked", "X-A": "1"], body: Array("hi".utf8))
        let (text, close) = wire(response)
        #expect(text == "HTTP/1.1 201 Created\r\nX-A: 1\r\nServer: saaslab\r\nContent-Length: 2\r\n\r\nhi")
        #expect(!close)
    }

    @Test func dropsHeadersWithLineBreaks() {
        let (text, _) = wire(HTTPResponse(status: 200, headers: ["X-Evil": "a\r\nSet-Cookie: x"]))
        #expect(!text.contains("Set-Cookie"))
    }

    @Test func framesHeadNoContentAndNotModified() {
        #expect(wire(HTTPResponse(status: 200, body: Array("abc".utf8)), method: "HEAD").0.hasSuffix("Content-Length: 3\r\n\r\n"))
        #expect(wire(HTTPResponse(status: 200, headers: ["Content-Length": "42"]), method: "HEAD").0.hasSuffix("Content-Length: 42\r\n\r\n"))
        #expect(!wire(HTTPResponse(status: 204, body: Array("x".utf8))).0.contains("Content-Length"))
        #expect(wire(HTTPResponse(status: 204, body: Array("x".utf8))).0.hasSuffix("\r\n\r\n"))
        #expect(!wire(HTTPResponse(status: 304)).0.contains("Content-Length"))
    }

    @Test func saysWhenItCloses() {
        #expect(wire(HTTPResponse(status: 200), keepAlive: false).0.contains("Connection: close\r\n"))
        #expect(wire(HTTPResponse(status: 200), keepAlive: false).1)
        #expect(wire(HTTPResponse(status: 200), http10: true).0.contains("Connection: keep-alive\r\n"))
        #expect(wire(HTTPResponse(status: 200, headers: ["connection": "Close"])).1)
        #expect(wire(HTTPResponse(status: 0)).0.hasPrefix("HTTP/1.1 500 "))
    }

    @Test func formatsTheDateAsIMFFixdate() {
        #expect(DateHeader.format(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}
