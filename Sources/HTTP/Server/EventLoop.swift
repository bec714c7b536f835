#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The server's single I/O thread: one `poll(2)` loop over the wake-up pipe, the listener and
/// every connection, all non-blocking.
///
/// Complete requests go to the responder in Tasks; their serialised responses come back through
/// the mailbox. So no socket call ever runs on Swift's cooperative pool, and no connection state
/// is shared between threads. It is created and run on the I/O thread and never leaves it.
final class EventLoop {
    struct Settings {
        var limits: RequestParser.Limits
        var timeouts: ConnectionTimeouts
        var shutdownTimeout: Double
        /// The most bytes of request bodies held at once (see `BodyBudget`).
        var bodyBudget: Int
        /// The most connections open at once.
        var connectionLimit: Int
    }

    /// Stop reading from a connection that has this much buffered while a request is in flight
    /// or output is unsent: the client then waits in its own socket buffer, not in our memory.
    private static let readAheadLimit = 256 * 1024
    private static let acceptPause: UInt64 = 100_000_000

    private let listener: SocketListener
    private let mailbox: LoopMailbox
    private let responder: any HTTPResponder
    private let limits: RequestParser.Limits
    private let timeouts: ConnectionTimeouts
    private let shutdownNanos: UInt64
    private let budget: BodyBudget
    private let connectionLimit: Int

    private var connections: [UInt64: ServerConnection] = [:]
    /// Reservations of requests still with the responder whose connection has closed: the
    /// responder holds their bodies until it answers, so the budget does too.
    private var orphanedReservations: [UInt64: Int] = [:]
    private var nextID: UInt64 = 1
    private var pollSet: [pollfd] = []
    private var polled: [ServerConnection] = []
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private var listening = true
    private var acceptPausedUntil: UInt64 = 0
    private var drainDeadline: UInt64?
    private var nextTimeout = UInt64.max
    private var now: UInt64 = 0

    init(listener: SocketListener, mailbox: LoopMailbox, responder: any HTTPResponder, settings: Settings) {
        self.listener = listener
        self.mailbox = mailbox
        self.responder = responder
        self.limits = settings.limits
        self.timeouts = settings.timeouts
        self.shutdownNanos = POSIX.nanos(seconds: settings.shutdownTimeout)
        self.budget = BodyBudget(limit: settings.bodyBudget)
        self.connectionLimit = settings.connectionLimit
    }

    deinit {
        scratch.deallocate()
    }

    /// Serves until shutdown has drained every connection (or its time ran out), then closes all.
    func run() {
        while true {
            now = POSIX.monotonicNanos()
            if let drainDeadline, connections.isEmpty || now >= drainDeadline { break }
            let timeout = preparePollSet()
            let ready = poll(&pollSet, nfds_t(pollSet.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                // Only EFAULT/EINVAL/ENOMEM remain: the loop cannot go on, so stop the server
                // (waitUntilStopped returns) rather than spin.
                break
            }
            now = POSIX.monotonicNanos()
            if pollSet[0].revents != 0 { receiveMail() }
            if pollSet[1].revents != 0 && listening { acceptConnections() }
            for index in polled.indices where pollSet[index + 2].revents != 0 {
                handle(polled[index], events: pollSet[index + 2].revents)
            }
            if now >= nextTimeout { expireTimeouts() }
            mailbox.reservedBodyBytes.store(budget.reserved, ordering: .relaxed)
        }
        for connection in Array(connections.values) { close(connection) }
        polled = []
        if listening { listener.close() }
    }

    // MARK: Polling

    /// Rebuilds the poll set (wake pipe, listener, connections) and returns the poll timeout.
    private func preparePollSet() -> Int32 {
        pollSet.removeAll(keepingCapacity: true)
        polled.removeAll(keepingCapacity: true)
        pollSet.append(pollfd(fd: mailbox.wakeReadFD, events: Int16(POLLIN), revents: 0))
        let accepting = listening && now >= acceptPausedUntil
        // A negative descriptor is skipped by poll, which keeps the indices fixed.
        pollSet.append(pollfd(fd: accepting ? listener.fd : -1, events: Int16(POLLIN), revents: 0))
        var nearest = listening && !accepting ? acceptPausedUntil : UInt64.max
        if let drainDeadline { nearest = min(nearest, drainDeadline) }
        for connection in connections.values {
            var events: Int16 = 0
            if wantsInput(connection) { events |= Int16(POLLIN) }
            if connection.hasPendingOutput { events |= Int16(POLLOUT) }
            pollSet.append(pollfd(fd: connection.fd, events: events, revents: 0))
            polled.append(connection)
            if let deadline = connection.deadline(timeouts) { nearest = min(nearest, deadline) }
        }
        nextTimeout = nearest
        return nearest == .max ? -1 : POSIX.pollTimeout(until: nearest, now: now)
    }

    private func wantsInput(_ connection: ServerConnection) -> Bool {
        if connection.peerClosed { return false }
        if connection.isLingering { return true }
        if connection.closeAfterWrite { return false }
        if connection.inFlight || connection.hasPendingOutput {
            return connection.input.count < Self.readAheadLimit && connection.pendingOutputCount < Self.readAheadLimit
        }
        return true
    }

    private func handle(_ connection: ServerConnection, events: Int16) {
        guard !connection.isClosed else { return }
        // POLLHUP on TCP means both directions are gone (a reset, or their FIN after our
        // shutdown while lingering): nothing more can be said on this socket.
        if events & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
            close(connection)
            return
        }
        if events & Int16(POLLOUT) != 0 { writeOutput(connection) }
        if !connection.isClosed && events & Int16(POLLIN) != 0 { readInput(connection) }
    }

    // MARK: Connections

    /// Accepts what is pending. At the connection limit, or out of descriptors, a new
    /// connection takes the place of the one whose deadline is nearest; when every connection
    /// is with the responder, the new one is closed and accepting pauses, because
    /// level-triggered poll would report the listener again at once.
    private func acceptConnections() {
        var evictedForDescriptor = false
        for _ in 0..<256 {
            switch listener.accept() {
            case .accepted(let fd):
                guard connections.count < connectionLimit || evictNearestDeadline() else {
                    Glibc.close(fd)
                    acceptPausedUntil = now + Self.acceptPause
                    return
                }
                let connection = ServerConnection(id: nextID, fd: fd, limits: limits, budget: budget, now: now)
                nextID += 1
                connections[connection.id] = connection
                mailbox.acceptedConnections.add(1, ordering: .relaxed)
                mailbox.openConnections.add(1, ordering: .relaxed)
            case .wouldBlock:
                return
            case .outOfDescriptors:
                // One eviction frees a descriptor; if the process is still out, something else holds them.
                if !evictedForDescriptor && evictNearestDeadline() {
                    evictedForDescriptor = true
                    continue
                }
                acceptPausedUntil = now + Self.acceptPause
                return
            case .failed:
                continue
            }
        }
    }

    /// Closes the connection the timers would cut first (lingering ones, then the slowest
    /// heads and bodies, then the longest idle): the one least likely to be a client being
    /// served. False when every connection is with the responder.
    private func evictNearestDeadline() -> Bool {
        var victim: ServerConnection?
        var nearest = UInt64.max
        for connection in connections.values {
            if let deadline = connection.deadline(timeouts), deadline <= nearest {
                nearest = deadline
                victim = connection
            }
        }
        guard let victim else { return false }
        close(victim)
        return true
    }

    private func readInput(_ connection: ServerConnection) {
        switch connection.receive(into: scratch) {
        case .wouldBlock:
            return
        case .failed:
            close(connection)
        case .endOfStream:
            connection.peerClosed = true
            if connection.isLingering { close(connection) } else { settle(connection) }
        case .data:
            connection.lastActivity = now
            guard !connection.isLingering else { return }
            // The head's clock starts at its first byte, even a blank line the parser skips.
            if connection.requestStartedAt == nil && !connection.inFlight { connection.requestStartedAt = now }
            process(connection)
        }
    }

    /// Parses and dispatches buffered requests, one at a time, then writes what is queued.
    private func process(_ connection: ServerConnection) {
        parsing: while !connection.inFlight && !connection.closeAfterWrite && !connection.isClosed
            && connection.pendingOutputCount < Self.readAheadLimit {
            switch connection.parser.parse(&connection.input) {
            case .needMoreData:
                break parsing
            case .continueExpected:
                connection.queue(ResponseWriter.continueBytes)
            case .complete(let parsed):
                dispatch(parsed, on: connection)
            case .failed(let error):
                refuse(connection, error)
            }
        }
        if !connection.inFlight && !connection.closeAfterWrite {
            if connection.requestStartedAt == nil && !connection.input.isEmpty { connection.requestStartedAt = now }
            if connection.bodyStartedAt == nil && connection.parser.isReadingBody { connection.bodyStartedAt = now }
        }
        writeOutput(connection)
    }

    /// Answers with `refusal` and closes once it is written: framing is lost, or time ran out.
    private func refuse(_ connection: ServerConnection, _ refusal: HTTPError) {
        connection.parser.releaseReservation()
        connection.endRequest()
        connection.queue(ResponseWriter.serialize(refusal))
        connection.closeAfterWrite = true
        connection.refused = true
    }

    /// The answer to `OPTIONS *`: the methods the server passes to its responder.
    static let serverOptions = HTTPResponse(status: 200, headers: ["Allow": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"])

    private func dispatch(_ parsed: ParsedRequest, on connection: ServerConnection) {
        connection.inFlight = true
        connection.inFlightReservation = parsed.reservedBodyBytes
        connection.endRequest()
        let id = connection.id
        let mailbox = mailbox
        let responder = responder
        // `OPTIONS *` asks about the server, not a resource (RFC 9110 §9.3.7): no route can answer it.
        let serverOptions = parsed.request.target == "*" ? Self.serverOptions : nil
        Task {
            let response: HTTPResponse
            if let serverOptions { response = serverOptions } else { response = await responder.respond(to: parsed.request) }
            let draining = mailbox.draining.load(ordering: .relaxed)
            let (bytes, close) = ResponseWriter.serialize(response, for: parsed, draining: draining)
            mailbox.post(LoopMailbox.Completion(connection: id, bytes: bytes, close: close))
        }
    }

    private func writeOutput(_ connection: ServerConnection) {
        if connection.hasPendingOutput {
            let before = connection.pendingOutputCount
            let result = connection.flush()
            if connection.pendingOutputCount != before { connection.lastActivity = now }
            switch result {
            case .failed: close(connection); return
            case .wouldBlock: return
            case .done: break
            }
        }
        settle(connection)
    }

    /// Closes (or starts lingering on) a connection that has nothing left to do.
    private func settle(_ connection: ServerConnection) {
        guard !connection.isClosed, !connection.inFlight, !connection.hasPendingOutput, !connection.isLingering else { return }
        if connection.peerClosed {
            // Everything complete in the buffer was answered; a partial request can't finish.
            close(connection)
        } else if connection.closeAfterWrite {
            if connection.refused || !connection.input.isEmpty {
                connection.startLingering(until: now + timeouts.linger)
            } else {
                close(connection)
            }
        }
    }

    private func close(_ connection: ServerConnection) {
        guard !connection.isClosed else { return }
        connection.parser.releaseReservation()
        if connection.inFlight {
            orphanedReservations[connection.id] = connection.inFlightReservation
        } else {
            budget.release(connection.inFlightReservation)
        }
        connection.inFlightReservation = 0
        connection.close()
        connections[connection.id] = nil
        mailbox.openConnections.subtract(1, ordering: .relaxed)
    }

    // MARK: Mail, timeouts, shutdown

    private func receiveMail() {
        mailbox.drainWakePipe()
        let (completions, shutdown) = mailbox.take()
        for completion in completions {
            guard let connection = connections[completion.connection], !connection.isClosed else {
                if let reserved = orphanedReservations.removeValue(forKey: completion.connection) { budget.release(reserved) }
                continue
            }
            connection.inFlight = false
            budget.release(connection.inFlightReservation)
            connection.inFlightReservation = 0
            connection.lastActivity = now
            connection.queue(completion.bytes)
            if completion.close { connection.closeAfterWrite = true }
            // Writes this response, then starts on the next pipelined request if there is one.
            process(connection)
        }
        if shutdown && drainDeadline == nil { beginDrain() }
    }

    /// Stops accepting, closes idle connections and lets busy ones finish their response.
    private func beginDrain() {
        drainDeadline = now + shutdownNanos
        mailbox.draining.store(true, ordering: .relaxed)
        if listening {
            listener.close()
            listening = false
        }
        for connection in Array(connections.values) {
            if connection.inFlight || connection.hasPendingOutput {
                connection.closeAfterWrite = true
            } else {
                close(connection)
            }
        }
    }

    /// Cuts connections whose time is up; one still waiting for the rest of its request is
    /// told so with a 408 (then lingers briefly so the client can read it).
    private func expireTimeouts() {
        for connection in Array(connections.values) {
            guard let deadline = connection.deadline(timeouts), deadline <= now else { continue }
            if connection.awaitsRestOfRequest {
                refuse(connection, connection.timeoutRefusal(timeouts, now: now))
                connection.lastActivity = now
                writeOutput(connection)
            } else {
                close(connection)
            }
        }
    }
}
