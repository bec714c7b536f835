import Glibc
import Synchronization
@testable import HTTP

/// A fake HTTP server that plays a fixed script, one closure per accepted connection, so
/// tests can make the server misbehave in exact ways (drop a request, stream until close).
final class ScriptedServer: Sendable {
    typealias Script = @Sendable (ScriptedConnection) throws -> Void

    let port: Int
    private let fd: Int32
    private let finished: Task<Void, any Error>

    init(_ scripts: [Script]) async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0, let port = SocketAddress.localPort(of: fd) else {
            throw TestFailure("cannot start the scripted server")
        }
        var wait = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
        self.port = port
        // The scripts start on a worker thread at once, not from a Task: a Task waits for a
        // cooperative thread, and while other suites keep both busy the server would not even
        // accept, and the client's request would time out.
        let (done, finish) = AsyncThrowingStream<Void, any Error>.makeStream()
        BlockingWorkers.shared.run {
            defer { Glibc.close(fd) }
            do {
                for script in scripts {
                    let client = accept(fd, nil, nil)
                    guard client >= 0 else { throw TestFailure("scripted server: accept failed, errno \(errno)") }
                    let connection = ScriptedConnection(fd: client)
                    defer { connection.close() }
                    try script(connection)
                }
                finish.finish()
            } catch {
                finish.finish(throwing: error)
            }
        }
        finished = Task { for try await _ in done {} }
    }

    /// Waits until every script has run.
    func waitUntilDone() async throws {
        try await finished.value
    }
}

/// One connection of a `ScriptedServer`, with blocking reads bounded by a 30 s timeout (a
/// failure detector only: a loaded machine must not trip it).
final class ScriptedConnection: Sendable {
    let fd: Int32
    private let pending = Mutex<[UInt8]>([])

    init(fd: Int32) {
        self.fd = fd
        var wait = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads one request (head plus a Content-Length body) and returns its request line.
    @discardableResult
    func readRequest() throws -> String {
        var bytes = pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if bytes.count >= 4, let index = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == separator }) {
                let head = String(decoding: bytes[0..<index], as: UTF8.self)
                let lines = head.splitting(on: "\r\n")
                let length = lines.dropFirst().compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].drop { $0 == " " })
                }.first ?? 0
                while bytes.count < index + 4 + length { bytes += try receive() }
                let rest = Array(bytes[(index + 4 + length)...])
                pending.withLock { $0 = rest }
                return lines[0]
            }
            bytes += try receive()
        }
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func close() {
        Glibc.close(fd)
    }

    private func receive() throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw TestFailure("scripted server: the client went away (\(count))") }
        return Array(chunk[0..<count])
    }
}
