#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A bound, listening, non-blocking TCP socket.
///
/// Opening it happens on the caller's thread so `HTTPServer.start()` can report bind errors
/// synchronously; accepting happens only on the event loop's thread.
struct SocketListener: Sendable {
    let fd: Int32
    let port: Int

    /// Binds `host:port` (port 0 picks a free one) and starts listening.
    static func open(host: String, port: Int, backlog: Int32) throws(HTTPServerError) -> SocketListener {
        guard (0...65535).contains(port) else {
            throw HTTPServerError("cannot bind \(host):\(port): port must be between 0 and 65535")
        }
        let addresses: [SocketAddress]
        switch SocketAddress.resolve(host: host, port: port, passive: true) {
        case .success(let resolved): addresses = resolved
        case .failure(let failure): throw HTTPServerError("cannot bind \(host):\(port): \(failure.message)")
        }
        var lastError: Int32 = 0
        for address in addresses {
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            let fd = socket(address.family, type, 0)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            // Lets `saaslab serve` restart at once on the same port while old connections sit in
            // TIME_WAIT; on Linux it still refuses a port that another socket is listening on.
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            let bound = address.withSockaddr { bind(fd, $0, $1) } == 0 && listen(fd, backlog) == 0
            guard bound else {
                lastError = errno
                Glibc.close(fd)
                continue
            }
            return SocketListener(fd: fd, port: SocketAddress.localPort(of: fd) ?? port)
        }
        throw HTTPServerError("cannot bind \(host):\(port): \(POSIX.errorText(lastError))")
    }

    enum AcceptResult {
        case accepted(Int32)
        case wouldBlock
        /// EMFILE/ENFILE: the caller should stop accepting for a moment instead of spinning.
        case outOfDescriptors
        /// A per-connection failure (e.g. ECONNABORTED): skip it and keep accepting.
        case failed
    }

    /// Accepts one pending connection and makes it non-blocking, close-on-exec and no-delay.
    func accept() -> AcceptResult {
        let client = Glibc.accept(fd, nil, nil)
        guard client >= 0 else {
            let code = errno
            if POSIX.isWouldBlock(code) || code == EINTR { return code == EINTR ? .failed : .wouldBlock }
            if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM { return .outOfDescriptors }
            return .failed
        }
        POSIX.setNonBlocking(client)
        POSIX.setCloseOnExec(client)
        POSIX.setNoDelay(client)
        return .accepted(client)
    }

    func close() {
        Glibc.close(fd)
    }
}

/// Why the server could not start, in words fit for the command line.
public struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    /// For example "cannot bind 127.0.0.1:8080: Address already in use".
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
