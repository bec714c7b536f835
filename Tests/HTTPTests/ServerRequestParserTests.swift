import Testing
@testable import HTTP

/// The incremental parser on its own: resumption at any byte, pipelining, limits, trailers.
@Suite struct ServerRequestParserTests {
    static let limits = RequestParser.Limits(maxHeaderBytes: 256, maxBodyBytes: 64)

    /// Feeds `text` one byte at a time and collects every event except `needMoreData`.
    private func feedBytewise(_ text: String, limits: RequestParser.Limits = limits) -> [RequestParser.Event] {
        var parser = RequestParser(limits: limits)
        var input = InputBuffer()
        var events: [RequestParser.Event] = []
        for byte in text.utf8 {
            input.append([byte])
            while true {
                let event = parser.parse(&input)
                if case .needMoreData = event { break }
                events.append(event)
                if case .failed = event { return events }
            }
        }
        return events
    }

    private func requests(_ events: [RequestParser.Event]) -> [ParsedRequest] {
        events.compactMap { if case .complete(let parsed) = $0 { parsed } else { nil } }
    }

    private func refusal(_ events: [RequestParser.Event]) -> HTTPError? {
        events.lazy.compactMap { if case .failed(let refusal) = $0 { refusal } else { nil } }.first
    }

    @Test func parsesARequestFedOneByteAtATime() throws {
        let events = feedBytewise("POST /items?a=1 HTTP/1.1\r\nHost: h\r\nX-Two: a\r\nx-two:  b \r\nContent-Length: 4\r\n\r\nbody")
        let parsed = try #require(requests(events).first)
        #expect(parsed.request.method == "POST")
        #expect(parsed.request.target == "/items?a=1")
        #expect(parsed.request.headers.values(for: "X-Two") == ["a", "b"])
        #expect(parsed.request.bodyText == "body")
        #expect(parsed.keepAlive)
        #expect(!parsed.isHTTP10)
    }

    @Test func decodesChunksWithExtensionsAndTrailersFedOneByteAtATime() throws {
        let events = feedBytewise("PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n3;a=b\r\nabc\r\n02\r\nde\r\n0;last\r\nX-T: 1\r\n\r\n")
        #expect(try #require(requests(events).first).request.bodyText == "abcde")
    }

    @Test func keepsPipelinedRequestsApartAndInOrder() {
        var parser = RequestParser(limits: Self.limits)
        var input = InputBuffer(Array("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx\r\nGET /3 HTTP/1.0\r\n\r\n".utf8))
        var targets: [String] = []
        while case .complete(let parsed) = parser.parse(&input) { targets.append(parsed.request.target) }
        // The stray CRLF after /2's body is skipped as an empty line before a request line.
        #expect(targets == ["/1", "/2", "/3"])
        #expect(input.isEmpty)
    }

    @Test func announcesAnExpectedContinueOnlyBeforeTheBodyArrives() {
        var parser = RequestParser(limits: Self.limits)
        var input = InputBuffer(Array("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .continueExpected = parser.parse(&input) else { Issue.record("no continueExpected"); return }
        guard case .needMoreData = parser.parse(&input) else { Issue.record("parsed without a body"); return }
        input.append(Array("ok".utf8))
        guard case .complete(let parsed) = parser.parse(&input) else { Issue.record("no request"); return }
        #expect(parsed.request.bodyText == "ok")

        var eager = RequestParser(limits: Self.limits)
        var both = InputBuffer(Array("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok".utf8))
        guard case .complete = eager.parse(&both) else { Issue.record("a client that sent the body at once still got 100"); return }
    }

    @Test func enforcesTheHeaderLimitExactly() {
        let base = "GET / HTTP/1.1\r\nHost: h\r\nX: "
        let filler = String(repeating: "a", count: 256 - base.utf8.count - 4)
        #expect(requests(feedBytewise(base + filler + "\r\n\r\n")).count == 1)
        #expect(refusal(feedBytewise(base + filler + "a\r\n\r\n"))?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func enforcesTheBodyLimitForBothFramings() {
        #expect(refusal(feedBytewise("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 65\r\n\r\n"))?.status == .contentTooLarge)
        #expect(requests(feedBytewise("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 64\r\n\r\n" + String(repeating: "z", count: 64))).count == 1)
        let chunk = "20\r\n" + String(repeating: "c", count: 32) + "\r\n"
        #expect(requests(feedBytewise("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n")).count == 1)
        #expect(refusal(feedBytewise("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "1\r\n"))?.status == .contentTooLarge)
    }

    @Test func reservesBodiesFromTheSharedBudgetAndHandsTheReservationOn() throws {
        let budget = BodyBudget(limit: 100)
        var first = RequestParser(limits: Self.limits, budget: budget)
        var firstInput = InputBuffer(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 60\r\n\r\n".utf8))
        guard case .needMoreData = first.parse(&firstInput) else { Issue.record("no body awaited"); return }
        #expect(budget.reserved == 60)

        var second = RequestParser(limits: Self.limits, budget: budget)
        var secondInput = InputBuffer(Array("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n".utf8))
        guard case .needMoreData = second.parse(&secondInput) else { Issue.record("the first chunk did not fit"); return }
        #expect(budget.reserved == 92)
        secondInput.append(Array((String(repeating: "c", count: 32) + "\r\n9\r\n").utf8))
        guard case .failed(let refusal) = second.parse(&secondInput) else { Issue.record("the second chunk fitted"); return }
        #expect(refusal.status == .serviceUnavailable)
        #expect(refusal.headers["Retry-After"] == "2")
        #expect(budget.reserved == 60)

        firstInput.append([UInt8](repeating: 65, count: 60))
        guard case .complete(let parsed) = first.parse(&firstInput) else { Issue.record("no request"); return }
        #expect(parsed.reservedBodyBytes == 60)
        #expect(first.reservedBodyBytes == 0)
        #expect(budget.reserved == 60)
        budget.release(parsed.reservedBodyBytes)
        #expect(budget.reserved == 0)
    }

    @Test func derivesKeepAliveFromVersionAndConnection() throws {
        let cases: [(String, Bool)] = [
            ("GET / HTTP/1.1\r\nHost: h\r\n\r\n", true),
            ("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n", false),
            ("GET / HTTP/1.0\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
            ("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n", false),
        ]
        for (text, keepAlive) in cases {
            #expect(try #require(requests(feedBytewise(text)).first).keepAlive == keepAlive, "\(text.debugDescription)")
        }
    }

    @Test func acceptsBareLineFeedsAndLaterMinorVersions() throws {
        let parsed = try #require(requests(feedBytewise("GET /lf HTTP/1.1\nHost: h\n\n")).first)
        #expect(parsed.request.headers["Host"] == "h")
        #expect(try #require(requests(feedBytewise("GET / HTTP/1.2\r\nHost: h\r\n\r\n")).first).keepAlive)
    }

    @Test func staysFailedAfterAnError() {
        var parser = RequestParser(limits: Self.limits)
        var input = InputBuffer(Array("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        guard case .failed(let first) = parser.parse(&input), case .failed(let second) = parser.parse(&input) else {
            Issue.record("expected the parser to stay failed")
            return
        }
        #expect(first == second)
        #expect(first.body == Array("{\"error\":\"BadRequest\",\"message\":\"malformed request line \\\"BAD\\\": expected \\\"METHOD /target HTTP/1.1\\\"\"}".utf8))
    }
}
