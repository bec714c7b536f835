import Glibc
import Synchronization
@testable import HTTP

/// A blocking TCP test client that speaks raw bytes, so tests control exactly what is sent.
///
/// Every receive has a timeout (30 s by default: a failure detector, which a loaded machine must
/// not trip) and every call runs off the cooperative pool.
final class RawClient: Sendable {
    let fd: Int32
    /// Bytes received but not yet returned (e.g. the start of the next pipelined response).
    private let pending = Mutex<[UInt8]>([])

    private init(fd: Int32) {
        self.fd = fd
    }

    static func connect(port: Int, timeout: Double = 30) async throws -> RawClient {
        try await offPool { try connectBlocking(port: port, timeout: timeout) }
    }

    private static func connectBlocking(port: Int, timeout: Double = 30) throws -> RawClient {
        do {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw TestFailure("socket: errno \(errno)") }
            var wait = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard status == 0 else {
                let code = errno
                Glibc.close(fd)
                throw TestFailure("connect to port \(port): \(String(cString: strerror(code)))")
            }
            return RawClient(fd: fd)
        }
    }

    /// Connects and sends `text` in one job off the pool, so no scheduling delay falls between
    /// the two: tests of the idle timer need the request to arrive right after the accept.
    static func connect(port: Int, sending text: String) async throws -> RawClient {
        try await offPool {
            let client = try connectBlocking(port: port)
            try client.sendBlocking(Array(text.utf8))
            return client
        }
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        try await offPool { try self.sendBlocking(bytes) }
    }

    /// Sends `bytes` in pieces of `size`, pausing a millisecond between them so the server
    /// sees them arrive separately.
    func sendFragmented(_ bytes: [UInt8], size: Int) async throws {
        try await offPool {
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + size, bytes.count)
                try self.sendBlocking(Array(bytes[offset..<end]))
                offset = end
                usleep(1000)
            }
        }
    }

    /// Reads one response: head, then a Content-Length body (none for 1xx or `head`).
    func readResponse(head: Bool = false) async throws -> RawResponse {
        try await offPool { try self.readResponseBlocking(head: head) }
    }

    /// Reads until the server closes; returns what arrived first. Throws if it stays open.
    func readUntilClosed() async throws -> [UInt8] {
        try await offPool {
            var bytes = self.pending.withLock { pending in
                defer { pending = [] }
                return pending
            }
            while let chunk = try self.receive() { bytes += chunk }
            return bytes
        }
    }

    func close() {
        Glibc.close(fd)
    }

    private func sendBlocking(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestFailure("send: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }

    /// One `recv`: bytes, or nil at end of stream (a reset counts as the end too).
    private func receive() throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return Array(chunk[0..<count]) }
        if count == 0 { return nil }
        let code = errno
        if code == ECONNRESET { return nil }
        if code == EAGAIN || code == EWOULDBLOCK { throw TestFailure("timed out waiting for the server") }
        throw TestFailure("recv: \(String(cString: strerror(code)))")
    }

    private func readResponseBlocking(head: Bool) throws -> RawResponse {
        var bytes = pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if bytes.count >= 4, let index = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == separator }) {
                headEnd = index + 4
                break
            }
            guard let chunk = try receive() else {
                throw TestFailure("connection closed before a response head; got \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            }
            bytes += chunk
        }
        let end = headEnd!
        let lines = String(decoding: bytes[0..<(end - 4)], as: UTF8.self).splitting(on: "\r\n")
        let headers = lines.dropFirst().map { line -> (name: String, value: String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1].drop { $0 == " " }) : "")
        }
        var response = RawResponse(statusLine: lines[0], headers: headers, body: [])
        let length = head || response.status < 200 ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        while bytes.count < end + length {
            guard let chunk = try receive() else { throw TestFailure("connection closed inside a response body") }
            bytes += chunk
        }
        response = RawResponse(statusLine: response.statusLine, headers: headers, body: Array(bytes[end..<(end + length)]))
        let rest = Array(bytes[(end + length)...])
        pending.withLock { $0 = rest + $0 }
        return response
    }
}

extension String {
    /// Splits on a multi-character separator without Foundation.
    func splitting(on separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
