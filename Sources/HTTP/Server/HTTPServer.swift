import Synchronization

/// Serves an `HTTPResponder` over HTTP/1.1 on a TCP port: what `saaslab serve` runs.
///
/// One dedicated I/O thread polls non-blocking sockets; each complete request is answered by
/// the responder in a Task, and responses go back out in request order per connection.
///
/// Slow or stalling clients are bounded (see `Configuration`): silence by `idleTimeout`, a
/// trickled head by `requestHeadTimeout`, a trickled body by `requestBodyTimeout` and
/// `minBodyBytesPerSecond` (each answered 408), the memory of all buffered bodies together by
/// `maxBufferedBodyBytes` (503), and the number of connections by `maxConnections`, at which a
/// new connection replaces the one the timers would cut first. `start()` raises the process's
/// open-file limit to its hard limit.
///
/// ```swift
/// let server = HTTPServer(responder: backend)
/// let port = try server.start()
/// print("listening on http://127.0.0.1:\(port)")
/// await server.waitUntilStopped()
/// ```
public final class HTTPServer: Sendable {
    /// Where to listen and how much to accept.
    public struct Configuration: Sendable {
        /// The address to bind: a numeric IPv4/IPv6 address or a host name.
        public var host: String
        /// The port to bind; 0 picks a free one (see `start()`'s result).
        public var port: Int
        /// The kernel's queue of connections not yet accepted.
        public var backlog: Int
        /// The most bytes a request line plus headers (or a chunked body's trailers) may take; more is a 431.
        public var maxHeaderBytes: Int
        /// The largest request body accepted, declared or streamed; more is a 413.
        public var maxBodyBytes: Int
        /// The most bytes of request bodies buffered at once, over all connections together.
        /// A body is reserved when its head ends (its Content-Length) or as its chunks are
        /// announced; one that does not fit is refused with 503 and `Retry-After`, and its
        /// connection closed. Reservations are returned when the response is back, the request
        /// refused or the connection gone.
        public var maxBufferedBodyBytes: Int
        /// Seconds a connection may sit silent (between requests, or inside a stalled one) before
        /// it is closed; inside a request, with a 408.
        public var idleTimeout: Double
        /// Seconds from a request's first byte to the end of its head; bytes trickling in do not
        /// extend it. Past it: 408, then close.
        public var requestHeadTimeout: Double
        /// Seconds from the end of a head for its body to arrive, plus one second for each
        /// `minBodyBytesPerSecond` bytes received: a client sending slower falls behind. Past it:
        /// 408, then close.
        public var requestBodyTimeout: Double
        /// The body rate a client must keep up after `requestBodyTimeout`'s grace.
        public var minBodyBytesPerSecond: Int
        /// The most connections open at once (and never more than the open-file limit less 64,
        /// kept for the rest of the process). At the limit, a new connection takes the place of
        /// the one whose deadline is nearest (lingering, the slowest head or body, the longest
        /// idle); when all are with the responder, the new one is closed and accepting pauses
        /// for 100 ms.
        public var maxConnections: Int
        /// Seconds `shutdown()` waits for in-flight requests before closing their connections anyway.
        public var shutdownTimeout: Double

        public init(host: String = "127.0.0.1", port: Int = 0, backlog: Int = 512,
                    maxHeaderBytes: Int = 64 * 1024, maxBodyBytes: Int = 16 * 1024 * 1024,
                    maxBufferedBodyBytes: Int = 128 * 1024 * 1024,
                    idleTimeout: Double = 60, requestHeadTimeout: Double = 20,
                    requestBodyTimeout: Double = 20, minBodyBytesPerSecond: Int = 256 * 1024,
                    maxConnections: Int = 4096, shutdownTimeout: Double = 10) {
            self.host = host
            self.port = port
            self.backlog = backlog
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
            self.maxBufferedBodyBytes = maxBufferedBodyBytes
            self.idleTimeout = idleTimeout
            self.requestHeadTimeout = requestHeadTimeout
            self.requestBodyTimeout = requestBodyTimeout
            self.minBodyBytesPerSecond = minBodyBytesPerSecond
            self.maxConnections = maxConnections
            self.shutdownTimeout = shutdownTimeout
        }
    }

    /// Descriptors the connection limit leaves to the rest of the process: the listener, the
    /// wake-up pipe, files the labs read, whatever else the process opens.
    static let reservedDescriptors = 64

    /// What `start()` settled on, for `serve` to report.
    public struct Capacity: Sendable {
        /// The process's open-file limit, before and after `start()` raised it.
        public let openFiles: ProcessResources.OpenFileLimit
        /// `maxConnections`, lowered to fit the open-file limit if need be.
        public let connections: Int
    }

    private enum Phase {
        case idle
        case running(LoopMailbox, port: Int)
        case stopped
    }

    private struct State {
        var phase = Phase.idle
        var waiters: [CheckedContinuation<Void, Never>] = []
        var capacity: Capacity?
    }

    public let configuration: Configuration
    private let responder: any HTTPResponder
    private let state = Mutex(State())

    public init(configuration: Configuration = Configuration(), responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    /// Binds and listens, then serves on the I/O thread until `shutdown()`; returns the port
    /// actually bound. A host name binds the first of its addresses that works.
    ///
    /// Throws `HTTPServerError` with a message such as
    /// "cannot bind 127.0.0.1:8080: Address already in use". A server starts at most once.
    @discardableResult
    public func start() throws -> Int {
        let config = configuration
        guard config.maxHeaderBytes > 0, config.maxBodyBytes >= 0, config.maxBufferedBodyBytes >= 0,
              config.idleTimeout > 0, config.requestHeadTimeout > 0, config.requestBodyTimeout > 0,
              config.minBodyBytesPerSecond > 0, config.maxConnections > 0, config.shutdownTimeout >= 0 else {
            throw HTTPServerError("invalid server configuration: limits and timeouts must be positive")
        }
        return try state.withLock { state throws(HTTPServerError) -> Int in
            guard case .idle = state.phase else { throw HTTPServerError("the server has already been started") }
            let listener = try SocketListener.open(host: config.host, port: config.port,
                                                   backlog: Int32(clamping: max(config.backlog, 1)))
            let mailbox: LoopMailbox
            do throws(HTTPServerError) {
                mailbox = try LoopMailbox()
            } catch {
                listener.close()
                throw error
            }
            ProcessResources.unmapLargeBuffersWhenFreed()
            let openFiles = ProcessResources.raiseOpenFileLimit()
            let capacity = Capacity(openFiles: openFiles,
                                    connections: max(1, min(config.maxConnections, openFiles.after - Self.reservedDescriptors)))
            let settings = EventLoop.Settings(
                limits: RequestParser.Limits(maxHeaderBytes: config.maxHeaderBytes, maxBodyBytes: config.maxBodyBytes),
                timeouts: ConnectionTimeouts(idle: config.idleTimeout, head: config.requestHeadTimeout,
                                             body: config.requestBodyTimeout, minBodyBytesPerSecond: config.minBodyBytesPerSecond),
                shutdownTimeout: config.shutdownTimeout, bodyBudget: config.maxBufferedBodyBytes,
                connectionLimit: capacity.connections)
            let responder = responder
            do throws(HTTPServerError) {
                try IOThread.start { [self] in
                    EventLoop(listener: listener, mailbox: mailbox, responder: responder, settings: settings).run()
                    mailbox.close()
                    didStop()
                }
            } catch {
                listener.close()
                mailbox.close()
                throw error
            }
            state.phase = .running(mailbox, port: listener.port)
            state.capacity = capacity
            return listener.port
        }
    }

    /// The bound port while running, else nil.
    public var port: Int? {
        state.withLock { state in
            if case .running(_, let port) = state.phase { return port }
            return nil
        }
    }

    /// Stops gracefully: no new connections, idle ones closed, in-flight requests answered
    /// (for up to `shutdownTimeout` seconds), then everything closed. Returns once stopped.
    public func shutdown() async {
        let mailbox: LoopMailbox? = state.withLock { state in
            switch state.phase {
            case .running(let mailbox, _):
                return mailbox
            case .idle:
                state.phase = .stopped
                return nil
            case .stopped:
                return nil
            }
        }
        mailbox?.requestShutdown()
        await waitUntilStopped()
    }

    /// Returns once the server has stopped (at once if it never started or already stopped).
    public func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let running = state.withLock { state in
                guard case .running = state.phase else { return false }
                state.waiters.append(continuation)
                return true
            }
            if !running { continuation.resume() }
        }
    }

    /// The open-file limit and connection limit `start()` settled on; nil before it.
    public var capacity: Capacity? {
        state.withLock { $0.capacity }
    }

    /// Bytes of request bodies reserved right now: lets tests see the budget taken and returned.
    var reservedBodyBytes: Int {
        state.withLock { state in
            if case .running(let mailbox, _) = state.phase { return mailbox.reservedBodyBytes.load(ordering: .relaxed) }
            return 0
        }
    }

    /// Connections accepted since start: lets tests observe keep-alive reuse.
    var acceptedConnections: Int {
        state.withLock { state in
            if case .running(let mailbox, _) = state.phase { return mailbox.acceptedConnections.load(ordering: .relaxed) }
            return 0
        }
    }

    /// Connections open right now: lets tests see the server close one.
    var openConnections: Int {
        state.withLock { state in
            if case .running(let mailbox, _) = state.phase { return mailbox.openConnections.load(ordering: .relaxed) }
            return 0
        }
    }

    private func didStop() {
        let waiters = state.withLock { state in
            state.phase = .stopped
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
