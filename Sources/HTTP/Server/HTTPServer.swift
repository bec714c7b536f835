import Synchronization

/// Serves an `HTTPResponder` over HTTP/1.1 on a TCP port: what `saaslab serve` runs.
///
/// One dedicated I/O thread polls non-blocking sockets; each complete request is answered by
/// the responder in a Task, and responses go back out in request order per connection.
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
        /// Seconds a connection may sit silent (between requests, or inside a stalled one) before it is closed.
        public var idleTimeout: Double
        /// Seconds `shutdown()` waits for in-flight requests before closing their connections anyway.
        public var shutdownTimeout: Double

        public init(host: String = "127.0.0.1", port: Int = 0, backlog: Int = 512,
                    maxHeaderBytes: Int = 64 * 1024, maxBodyBytes: Int = 16 * 1024 * 1024,
                    idleTimeout: Double = 60, shutdownTimeout: Double = 10) {
            self.host = host
            self.port = port
            self.backlog = backlog
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
            self.idleTimeout = idleTimeout
            self.shutdownTimeout = shutdownTimeout
        }
    }

    private enum Phase {
        case idle
        case running(LoopMailbox, port: Int)
        case stopped
    }

    private struct State {
        var phase = Phase.idle
        var waiters: [CheckedContinuation<Void, Never>] = []
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
        guard config.maxHeaderBytes > 0, config.maxBodyBytes >= 0, config.idleTimeout > 0, config.shutdownTimeout >= 0 else {
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
            let settings = EventLoop.Settings(
                limits: RequestParser.Limits(maxHeaderBytes: config.maxHeaderBytes, maxBodyBytes: config.maxBodyBytes),
                idleTimeout: config.idleTimeout, shutdownTimeout: config.shutdownTimeout)
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
