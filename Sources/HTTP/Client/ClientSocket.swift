#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// When a request gives up: at its timeout, or as soon as its Task is cancelled.
struct RequestDeadline: Sendable {
    /// Monotonic nanoseconds, as `POSIX.monotonicNanos()`.
    let nanos: UInt64
    let cancellation: RequestCancellation
}

/// Set from a Task's cancellation handler, read by the worker thread doing the request's I/O.
final class RequestCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    var isCancelled: Bool { flag.load(ordering: .acquiring) }

    func cancel() {
        flag.store(true, ordering: .releasing)
    }
}

/// A client TCP connection whose every wait is a `poll` bounded by the request's deadline.
///
/// It runs on the client's own dispatch threads, never on the cooperative pool. It is a value
/// so the idle pool (a mutex-guarded array) can hold it and one request can own it outright.
struct ClientSocket: Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Whether any byte arrived since the request was written: decides whether a retry is safe.
    private(set) var receivedAny = false

    private init(fd: Int32) {
        self.fd = fd
    }

    /// Connects to the first address of `host` that accepts, within `deadline`.
    static func connect(host: String, port: Int, until deadline: RequestDeadline) throws(ClientIOFailure) -> ClientSocket {
        let addresses: [SocketAddress]
        switch SocketAddress.resolve(host: host, port: port, passive: false) {
        case .success(let resolved): addresses = resolved
        case .failure(let failure): throw .resolve(failure.message)
        }
        var refused = false
        var lastError: Int32 = ECONNREFUSED
        for address in addresses {
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            let fd = socket(address.family, type, 0)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            var failure: Int32 = 0
            if address.withSockaddr({ Glibc.connect(fd, $0, $1) }) != 0 {
                failure = errno
                if failure == EINPROGRESS || failure == EINTR {
                    do {
                        _ = try wait(fd, for: Int16(POLLOUT), until: deadline)
                    } catch {
                        Glibc.close(fd)
                        throw error
                    }
                    var pending: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    failure = getsockopt(fd, SOL_SOCKET, SO_ERROR, &pending, &length) == 0 ? pending : errno
                }
            }
            if failure == 0 {
                POSIX.setNoDelay(fd)
                return ClientSocket(fd: fd)
            }
            Glibc.close(fd)
            refused = refused || failure == ECONNREFUSED
            lastError = failure
        }
        throw refused ? .refused : .connect(lastError)
    }

    /// Writes all of `bytes`, waiting for buffer space as needed.
    mutating func write(_ bytes: [UInt8], until deadline: RequestDeadline) throws(ClientIOFailure) {
        receivedAny = false
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { POSIX.send(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if sent > 0 {
                offset += sent
                continue
            }
            let code = errno
            if code == EINTR { continue }
            guard POSIX.isWouldBlock(code) else { throw Self.failure(code) }
            _ = try Self.wait(fd, for: Int16(POLLOUT), until: deadline)
        }
    }

    /// The next line without its CR LF, or nil if the peer closed before sending anything more.
    mutating func readLine(maxLength: Int, until deadline: RequestDeadline) throws(ClientIOFailure) -> [UInt8]? {
        var scanned = start
        while true {
            if let lineFeed = buffer[scanned...].firstIndex(of: HTTPASCII.lf) {
                var end = lineFeed
                if end > start && buffer[end - 1] == HTTPASCII.cr { end -= 1 }
                let line = Array(buffer[start..<end])
                consume(lineFeed + 1 - start)
                return line
            }
            scanned = buffer.count
            if buffer.count - start > maxLength { throw .malformed("a header or chunk line is longer than \(maxLength) bytes") }
            if try !fill(until: deadline) {
                if buffer.count == start { return nil }
                throw .closed
            }
        }
    }

    /// Exactly `count` bytes; the peer closing earlier is an error.
    mutating func read(count: Int, until deadline: RequestDeadline) throws(ClientIOFailure) -> [UInt8] {
        while buffer.count - start < count {
            if try !fill(until: deadline) { throw .closed }
        }
        let bytes = Array(buffer[start..<(start + count)])
        consume(count)
        return bytes
    }

    /// Everything until the peer closes: the body of a response with no declared length.
    mutating func readToEnd(maxLength: Int, until deadline: RequestDeadline) throws(ClientIOFailure) -> [UInt8] {
        while try fill(until: deadline) {
            if buffer.count - start > maxLength { throw .malformed("response body is larger than \(maxLength) bytes") }
        }
        let bytes = Array(buffer[start...])
        consume(bytes.count)
        return bytes
    }

    /// Whether an idle pooled connection still looks open: nothing to read, no hang-up.
    ///
    /// A server that closed it (idle timeout) makes it readable with EOF. This can't catch a
    /// close that races with the next request; the client retries those.
    var isReusable: Bool {
        guard start == buffer.count else { return false }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 0
    }

    func close() {
        Glibc.close(fd)
    }

    /// Receives what is available, waiting until `deadline`; false at end of stream.
    private mutating func fill(until deadline: RequestDeadline) throws(ClientIOFailure) -> Bool {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        while true {
            let received = withUnsafeTemporaryAllocation(byteCount: 32 * 1024, alignment: 16) { scratch in
                let count = recv(fd, scratch.baseAddress, scratch.count, 0)
                if count > 0 { buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<count])) }
                return count
            }
            if received > 0 {
                receivedAny = true
                return true
            }
            if received == 0 { return false }
            let code = errno
            if code == EINTR { continue }
            guard POSIX.isWouldBlock(code) else { throw Self.failure(code) }
            _ = try Self.wait(fd, for: Int16(POLLIN), until: deadline)
        }
    }

    private mutating func consume(_ count: Int) {
        start += count
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            start = 0
        }
    }

    private static func failure(_ code: Int32) -> ClientIOFailure {
        code == EPIPE || code == ECONNRESET || code == ECONNABORTED ? .closed : .io(code)
    }

    /// Polls `fd` for `events` until `deadline`; returns the events that fired.
    private static func wait(_ fd: Int32, for events: Int16, until deadline: RequestDeadline) throws(ClientIOFailure) -> Int16 {
        while true {
            if deadline.cancellation.isCancelled { throw .cancelled }
            let now = POSIX.monotonicNanos()
            guard now < deadline.nanos else { throw .timedOut }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            // Wake at least every 50 ms to notice cancellation, which cannot interrupt poll itself.
            let ready = poll(&entry, 1, min(POSIX.pollTimeout(until: deadline.nanos, now: now), 50))
            if ready > 0 { return entry.revents }
            if ready < 0 && errno != EINTR { throw .io(errno) }
        }
    }
}
