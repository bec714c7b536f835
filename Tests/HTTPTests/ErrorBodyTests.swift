import Core
import Testing
@testable import HTTP

/// The one error body, `{"error": ..., "message": ...}`, as each kind of error renders it:
/// a handler's ``HTTPError`` (with details), the router's 404 and 405, the server's refusals.
/// Clients and lab steps read these bytes, so they are pinned exactly.
@Suite struct ErrorBodyTests {
    @Test func anHTTPErrorRendersItsCodeMessageAndDetailsInOrder() {
        let error = HTTPError(
            status: .forbidden, code: "AccessDeniedException", message: "no \"quotes\" \\ here",
            details: ["explanation": "policy X", "extra": 1], headers: ["X-A": "1"]
        )
        let response = error.response
        #expect(response.status == 403)
        #expect(response.headers.fields.map(\.name) == ["Content-Type", "X-A"])
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.bodyText == #"{"error":"AccessDeniedException","message":"no \"quotes\" \\ here","explanation":"policy X","extra":1}"#)
        #expect(error.description == "403 AccessDeniedException: no \"quotes\" \\ here")
    }

    @Test func detailsCannotReplaceTheErrorOrTheMessage() {
        let error = HTTPError(status: .badRequest, code: "A", message: "m", details: ["error": "B", "message": "n"])
        #expect(error.response.bodyText == #"{"error":"A","message":"m"}"#)
    }

    @Test func theRouters404And405() async {
        var router = Router()
        router.get("/items/:id") { _, _ in .text("ok") }
        let missing = await router.respond(to: HTTPRequest(method: "GET", target: "/nothing%20here"))
        #expect(missing.status == 404)
        #expect(missing.headers["Content-Type"] == "application/json")
        #expect(missing.bodyText == #"{"error":"NotFound","message":"no route for GET /nothing%20here"}"#)

        let wrong = await router.respond(to: HTTPRequest(method: "POST", target: "/items/1"))
        #expect(wrong.status == 405)
        #expect(wrong.headers.fields.map(\.name) == ["Content-Type", "Allow"])
        #expect(wrong.headers["Allow"] == "GET, HEAD")
        #expect(wrong.bodyText == #"{"error":"MethodNotAllowed","message":"POST is not supported on /items/1; use GET, HEAD"}"#)
    }

    /// Every refusal of the socket server, on the wire: status line, JSON body, then the close.
    @Test(arguments: [
        (HTTPError.badRequest("malformed request line \"GET\": expected \"METHOD /target HTTP/1.1\""), "400 Bad Request",
         #"{"error":"BadRequest","message":"malformed request line \"GET\": expected \"METHOD /target HTTP/1.1\""}"#),
        (HTTPError.timedOut("the request head did not arrive within 10 s"), "408 Request Timeout",
         #"{"error":"RequestTimeout","message":"the request head did not arrive within 10 s"}"#),
        (HTTPError.bodyTooLarge("request body of 5000 bytes exceeds the limit of 1000 bytes"), "413 Content Too Large",
         #"{"error":"ContentTooLarge","message":"request body of 5000 bytes exceeds the limit of 1000 bytes"}"#),
        (HTTPError.expectationFailed("unsupported expectation \"x\"; only 100-continue is"), "417 Expectation Failed",
         #"{"error":"ExpectationFailed","message":"unsupported expectation \"x\"; only 100-continue is"}"#),
        (HTTPError.headersTooLarge(limit: 1024), "431 Request Header Fields Too Large",
         #"{"error":"RequestHeaderFieldsTooLarge","message":"request header block exceeds the limit of 1024 bytes"}"#),
        (HTTPError.notImplemented("Transfer-Encoding \"gzip\" is not supported; only chunked is"), "501 Not Implemented",
         #"{"error":"NotImplemented","message":"Transfer-Encoding \"gzip\" is not supported; only chunked is"}"#),
        (HTTPError.bodyBudgetExhausted("the server is buffering too many request bodies"), "503 Service Unavailable",
         #"{"error":"ServiceUnavailable","message":"the server is buffering too many request bodies"}"#),
        (HTTPError.versionNotSupported("HTTP version \"HTTP/2.0\" is not supported; use HTTP/1.1"), "505 HTTP Version Not Supported",
         #"{"error":"HTTPVersionNotSupported","message":"HTTP version \"HTTP/2.0\" is not supported; use HTTP/1.1"}"#),
    ])
    func aServerRefusal(_ refusal: HTTPError, statusLine: String, body: String) {
        let text = String(decoding: ResponseWriter.serialize(refusal), as: UTF8.self)
        let head = text.prefix { $0 != "{" }
        #expect(head.hasPrefix("HTTP/1.1 \(statusLine)\r\nContent-Type: application/json\r\n"), "\(head)")
        #expect(head.contains("\r\nConnection: close\r\n"))
        #expect(head.contains("\r\nRetry-After: 2\r\n") == (refusal.status == .serviceUnavailable))
        #expect(text.hasSuffix("\r\n\r\n" + body), "\(text)")
    }

    @Test func quotedClientBytesStayPrintableASCII() {
        #expect(HTTPError.quote(Array("a\"b\\c\u{1}é".utf8)) == #""a'b'c???""#)
        #expect(HTTPError.quote([UInt8](repeating: 65, count: 41)) == "\"" + String(repeating: "A", count: 40) + "...\"")
    }

    @Test func statusesHaveTheirReasonPhrases() {
        #expect(HTTPStatus.notFound.code == 404)
        #expect(HTTPStatus.notFound.reasonPhrase == "Not Found")
        #expect(HTTPStatus(413).reasonPhrase == "Content Too Large")
        #expect(HTTPStatus(418).reasonPhrase == "Status 418")
        #expect(HTTPStatus(503).isServerError && !HTTPStatus.notFound.isServerError)
        #expect("\(HTTPStatus.created)" == "201")
    }
}
