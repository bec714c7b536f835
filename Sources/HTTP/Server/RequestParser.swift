import Core
/// A complete request plus what the server needs to frame its response.
struct ParsedRequest: Sendable {
    var request: HTTPRequest
    var keepAlive: Bool
    var isHTTP10: Bool
    var isHead: Bool
    /// The bytes of `BodyBudget` its body holds, returned once the response is back.
    var reservedBodyBytes = 0
}

/// An incremental, byte-level HTTP/1.x request parser.
///
/// Call `parse` whenever bytes arrive; it consumes what it can and says what happened. It
/// never reads past the end of one request, so pipelined requests wait in the buffer until the
/// server asks for the next one (after queuing the previous response, which keeps them in order).
///
/// A body is reserved in the shared `BodyBudget` before it is buffered; the reservation travels
/// with the complete request (`ParsedRequest.reservedBodyBytes`), and a refused or abandoned
/// request gives its reservation back (`fail`, `releaseReservation`).
struct RequestParser {
    struct Limits: Sendable {
        var maxHeaderBytes: Int
        var maxBodyBytes: Int
    }

    enum Event {
        /// The buffer ends inside a request.
        case needMoreData
        /// The head asked for `Expect: 100-continue` and the client is presumably waiting for it.
        case continueExpected
        case complete(ParsedRequest)
        /// The request is unacceptable; the parser stays failed because framing is lost.
        case failed(HTTPError)
    }

    private enum State {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(seen: Int)
        case failed(HTTPError)
    }

    /// A chunk-size line longer than this is hostile: sizes are at most 15 hex digits.
    static let maxChunkSizeLine = 4096

    let limits: Limits
    private var state = State.head
    /// How far into the unread bytes the search for the head's blank line has got.
    private var scanned = 0
    /// Where the line being scanned starts.
    private var lineStart = 0
    private var head: RequestHead?
    private var body: [UInt8] = []
    private let budget: BodyBudget
    /// What the request being read holds of `budget`.
    private(set) var reservedBodyBytes = 0

    /// A parser drawing on `budget` for bodies; without one (tests of framing alone), bodies are
    /// bounded only by `limits`.
    init(limits: Limits, budget: BodyBudget = BodyBudget(limit: .max)) {
        self.limits = limits
        self.budget = budget
    }

    /// Whether the head of the current request has been read and its body has not.
    var isReadingBody: Bool {
        switch state {
        case .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailers: true
        case .head, .failed: false
        }
    }

    /// Body bytes of the current request received so far.
    var bodyBytesReceived: Int { body.count }

    /// Gives back the reservation of a request that will never complete (its connection closed).
    mutating func releaseReservation() {
        budget.release(reservedBodyBytes)
        reservedBodyBytes = 0
    }

    mutating func parse(_ input: inout InputBuffer) -> Event {
        while true {
            switch state {
            case .failed(let error):
                return .failed(error)
            case .head:
                switch scanHead(&input) {
                case nil: return .needMoreData
                case .failure(let error): return fail(error)
                case .success(let parsed):
                    if let event = begin(parsed, input) { return event }
                }
            case .fixedBody(let remaining):
                let count = min(remaining, input.count)
                guard count > 0 else { return .needMoreData }
                // The budget holds the whole declared length: grow to exactly that, once, rather
                // than doubling past it.
                if body.count + count > body.capacity { body.reserveCapacity(body.count + remaining) }
                input.move(count, into: &body)
                if count == remaining { return finish() }
                state = .fixedBody(remaining: remaining - count)
            case .chunkSize:
                guard let lineFeed = input.firstLineFeed() else {
                    if input.count > Self.maxChunkSizeLine { return fail(.badRequest("chunk size line is too long")) }
                    return .needMoreData
                }
                guard let size = Self.chunkSize(input, lineFeed) else {
                    let line = input.withUnreadBytes { Array($0[0..<lineFeed]) }
                    return fail(.badRequest("invalid chunk size \(HTTPError.quote(line.trimmingSpaceBytes().filter { $0 != HTTPASCII.cr }))"))
                }
                input.consume(lineFeed + 1)
                if size == 0 {
                    state = .trailers(seen: 0)
                } else if size > limits.maxBodyBytes - body.count {
                    return fail(.bodyTooLarge("chunked request body exceeds the limit of \(limits.maxBodyBytes) bytes"))
                } else if let refusal = reserve(size) {
                    return fail(refusal)
                } else {
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let count = min(remaining, input.count)
                guard count > 0 else { return .needMoreData }
                input.move(count, into: &body)
                state = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)
            case .chunkDataEnd:
                guard input.count > 0 else { return .needMoreData }
                if input[0] == HTTPASCII.lf {
                    input.consume(1)
                } else if input[0] == HTTPASCII.cr {
                    guard input.count > 1 else { return .needMoreData }
                    guard input[1] == HTTPASCII.lf else { return fail(.badRequest("chunk data is not followed by CRLF")) }
                    input.consume(2)
                } else {
                    return fail(.badRequest("chunk data is longer than its declared size"))
                }
                state = .chunkSize
            case .trailers(let seen):
                // Trailer fields are tolerated and dropped: nothing here needs them.
                guard let lineFeed = input.firstLineFeed() else {
                    if seen + input.count > limits.maxHeaderBytes { return fail(.headersTooLarge(limit: limits.maxHeaderBytes)) }
                    return .needMoreData
                }
                let blank = lineFeed == 0 || (lineFeed == 1 && input[0] == HTTPASCII.cr)
                input.consume(lineFeed + 1)
                if blank { return finish() }
                if seen + lineFeed + 1 > limits.maxHeaderBytes { return fail(.headersTooLarge(limit: limits.maxHeaderBytes)) }
                state = .trailers(seen: seen + lineFeed + 1)
            }
        }
    }

    /// Finds the blank line ending the head and parses the head; nil while it is incomplete.
    private mutating func scanHead(_ input: inout InputBuffer) -> Result<RequestHead, HTTPError>? {
        while true {
            var headEnd: Int?
            input.withUnreadBytes { unread in
                var index = scanned
                while index < unread.count {
                    if unread[index] == HTTPASCII.lf {
                        let length = index - lineStart
                        if length == 0 || (length == 1 && unread[lineStart] == HTTPASCII.cr) {
                            headEnd = index + 1
                            break
                        }
                        lineStart = index + 1
                    }
                    index += 1
                }
                scanned = index
            }
            guard let end = headEnd else {
                if input.count > limits.maxHeaderBytes { return .failure(.headersTooLarge(limit: limits.maxHeaderBytes)) }
                return nil
            }
            let contentEnd = lineStart
            scanned = 0
            lineStart = 0
            if contentEnd == 0 {
                // An empty line before the request line (e.g. a CRLF after a previous body) is ignored.
                input.consume(end)
                continue
            }
            if end > limits.maxHeaderBytes { return .failure(.headersTooLarge(limit: limits.maxHeaderBytes)) }
            let result = input.withUnreadBytes { RequestHead.parse(UnsafeBufferPointer(rebasing: $0[0..<contentEnd])) }
            input.consume(end)
            return result
        }
    }

    /// Sets up body reading for `parsed`; returns an event when the caller should hear one now.
    private mutating func begin(_ parsed: RequestHead, _ input: InputBuffer) -> Event? {
        head = parsed
        body = []
        if parsed.chunked {
            state = .chunkSize
        } else if let length = parsed.contentLength, length > 0 {
            guard length <= limits.maxBodyBytes else {
                return fail(.bodyTooLarge("request body of \(length) bytes exceeds the limit of \(limits.maxBodyBytes) bytes"))
            }
            if let refusal = reserve(length) { return fail(refusal) }
            // Allocate what was declared, but not megabytes on the word of a client who may never send them.
            body.reserveCapacity(min(length, 1 << 20))
            state = .fixedBody(remaining: length)
        } else {
            return finish()
        }
        // HTTP/1.0 clients don't know 100 Continue; a client that already sent body bytes isn't waiting.
        if parsed.expectContinue && parsed.minorVersion >= 1 && input.isEmpty { return .continueExpected }
        return nil
    }

    private mutating func finish() -> Event {
        guard let parsed = head else { return fail(.badRequest("request body without a head")) }
        head = nil
        state = .head
        let request = HTTPRequest(method: parsed.method, target: parsed.target, headers: parsed.headers, body: body)
        body = []
        let reserved = reservedBodyBytes
        reservedBodyBytes = 0
        return .complete(ParsedRequest(request: request, keepAlive: parsed.keepAlive,
                                       isHTTP10: parsed.minorVersion == 0, isHead: parsed.method == "HEAD",
                                       reservedBodyBytes: reserved))
    }

    private mutating func fail(_ error: HTTPError) -> Event {
        state = .failed(error)
        head = nil
        body = []
        releaseReservation()
        return .failed(error)
    }

    /// Reserves `count` more body bytes, or says why the request cannot have them.
    private mutating func reserve(_ count: Int) -> HTTPError? {
        guard budget.reserve(count) else {
            return .bodyBudgetExhausted("the server is holding too many request bodies to take \(count) more bytes; try again shortly")
        }
        reservedBodyBytes += count
        return nil
    }

    /// `1*HEXDIG [BWS] [; extensions]` before the CR LF; extensions are ignored.
    private static func chunkSize(_ input: InputBuffer, _ lineFeed: Int) -> Int? {
        var end = lineFeed
        if end > 0 && input[end - 1] == HTTPASCII.cr { end -= 1 }
        var index = 0
        var size = 0
        while index < end, let digit = ASCII.hexValue(input[index]) {
            size = size << 4 | Int(digit)
            index += 1
        }
        // 15 hex digits stay below Int.max; more would overflow and is absurd anyway.
        guard index > 0, index <= 15 else { return nil }
        while index < end && (input[index] == HTTPASCII.space || input[index] == HTTPASCII.tab) { index += 1 }
        guard index == end || input[index] == HTTPASCII.semicolon else { return nil }
        return size
    }
}
