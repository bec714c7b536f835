#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One accepted socket and everything the server knows about it.
///
/// Only the event loop's thread touches it, so it needs no lock and is deliberately not Sendable.
final class ServerConnection {
    let id: UInt64
    let fd: Int32
    var parser: RequestParser
    var input = InputBuffer()
    private var output: [UInt8] = []
    private var written = 0
    /// When bytes last moved either way; the idle timeout counts from here.
    var lastActivity: UInt64
    /// When the request being received began: its first byte arrived, or (pipelined) the
    /// previous response was queued with its bytes already waiting. Nil between requests.
    var requestStartedAt: UInt64?
    /// When the current request's head ended and its body began.
    var bodyStartedAt: UInt64?
    /// A request is with the responder; later pipelined bytes wait in `input`.
    var inFlight = false
    /// What the request with the responder holds of the body budget.
    var inFlightReservation = 0
    /// Close once the queued output is written (Connection: close, HTTP/1.0, errors, shutdown).
    var closeAfterWrite = false
    /// The last request was refused: the client may still be sending, so linger before closing.
    var refused = false
    /// The client has shut down its sending side.
    var peerClosed = false
    /// Set while lingering: our side is shut down for writing and input is read and dropped.
    private(set) var lingerDeadline: UInt64?
    private var lingerDiscarded = 0
    private(set) var isClosed = false

    init(id: UInt64, fd: Int32, limits: RequestParser.Limits, budget: BodyBudget, now: UInt64) {
        self.id = id
        self.fd = fd
        self.parser = RequestParser(limits: limits, budget: budget)
        self.lastActivity = now
    }

    var hasPendingOutput: Bool { written < output.count }
    var pendingOutputCount: Int { output.count - written }
    var isLingering: Bool { lingerDeadline != nil }

    /// Appends bytes to send after whatever is still queued.
    func queue(_ bytes: [UInt8]) {
        if hasPendingOutput {
            output.append(contentsOf: bytes)
        } else {
            // The usual case: adopt the response buffer as is, no copy.
            output = bytes
            written = 0
        }
    }

    enum ReceiveResult {
        case data
        case wouldBlock
        case endOfStream
        case failed
    }

    /// One `recv` into `scratch`; the bytes go to `input`, or nowhere while lingering.
    func receive(into scratch: UnsafeMutableRawBufferPointer) -> ReceiveResult {
        let count = recv(fd, scratch.baseAddress, scratch.count, 0)
        if count > 0 {
            if isLingering {
                lingerDiscarded += count
                // A client that keeps streaming after being refused gets cut off.
                return lingerDiscarded > 1 << 20 ? .failed : .data
            }
            input.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
            return .data
        }
        if count == 0 { return .endOfStream }
        let code = errno
        return POSIX.isWouldBlock(code) || code == EINTR ? .wouldBlock : .failed
    }

    enum FlushResult {
        case done
        case wouldBlock
        case failed
    }

    /// Writes as much queued output as the socket accepts right now.
    func flush() -> FlushResult {
        while written < output.count {
            let sent = output.withUnsafeBytes { POSIX.send(fd, UnsafeRawBufferPointer(rebasing: $0[written...])) }
            if sent > 0 {
                written += sent
                continue
            }
            let code = errno
            if sent < 0 && code == EINTR { continue }
            return sent < 0 && POSIX.isWouldBlock(code) ? .wouldBlock : .failed
        }
        output = []
        written = 0
        return .done
    }

    /// Shuts our side for writing and keeps reading for a while before closing.
    ///
    /// Closing a socket with unread input makes the kernel send a reset, which can destroy the
    /// error response before the client reads it; draining the client's leftovers avoids that.
    func startLingering(until deadline: UInt64) {
        _ = shutdown(fd, Int32(SHUT_WR))
        lingerDeadline = deadline
        input = InputBuffer()
    }

    /// Stops the request clocks: the request went to the responder, or was refused.
    func endRequest() {
        requestStartedAt = nil
        bodyStartedAt = nil
    }

    /// Whether part of a request has arrived and nothing has answered it yet: a timeout can
    /// still be told to the client.
    var awaitsRestOfRequest: Bool {
        requestStartedAt != nil && !inFlight && !hasPendingOutput && !closeAfterWrite && !isLingering
    }

    /// When the connection must be cut, or nil while the responder works: the linger period;
    /// else the idle timeout, and while a request arrives, its head's deadline or its body's.
    func deadline(_ timeouts: ConnectionTimeouts) -> UInt64? {
        if let lingerDeadline { return lingerDeadline }
        if inFlight && !hasPendingOutput { return nil }
        let idle = lastActivity &+ timeouts.idle
        if let bodyStartedAt { return min(idle, bodyStartedAt &+ timeouts.bodyAllowance(received: parser.bodyBytesReceived)) }
        if let requestStartedAt { return min(idle, requestStartedAt &+ timeouts.head) }
        return idle
    }

    /// What to tell a client whose request `deadline` cut short at `now`.
    func timeoutRefusal(_ timeouts: ConnectionTimeouts, now: UInt64) -> HTTPError {
        if now < lastActivity &+ timeouts.idle, let bodyStartedAt {
            return .timedOut("the request body arrived too slowly: \(parser.bodyBytesReceived) bytes in "
                + "\(ConnectionTimeouts.seconds(now - bodyStartedAt)) s, where a body has \(timeouts.bodyAllowanceText)")
        }
        if now < lastActivity &+ timeouts.idle, requestStartedAt != nil {
            return .timedOut("the request head did not arrive within \(ConnectionTimeouts.seconds(timeouts.head)) s")
        }
        return .timedOut("the request stalled: nothing arrived for \(ConnectionTimeouts.seconds(timeouts.idle)) s")
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }
}
