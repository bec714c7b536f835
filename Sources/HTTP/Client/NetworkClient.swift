import Synchronization

/// Sends requests to a saaslab server (or any HTTP/1.1 server) over TCP: `--target http://...`.
///
/// Connections are kept alive and reused from a small pool. A request that fails on a reused
/// connection because the server had closed it is retried once on a fresh connection, if it
/// is idempotent or the failure came before any byte of the response. Blocking socket work runs
/// on the client's own worker threads (`BlockingWorkers`), never on Swift's cooperative pool.
public final class NetworkClient: HTTPClient {
    /// The base URL given at creation, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    /// Seconds one `send` may take in all: connecting, writing and reading the response.
    public let timeout: Double

    private static let maxIdleConnections = 8
    private static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]

    private let endpoint: NetworkClientEndpoint
    private let idle = Mutex<[ClientSocket]>([])
    /// TCP connections opened so far; tests read it to observe reuse.
    let connectionsOpened = Atomic<Int>(0)

    /// A client for `baseURL` (`http://host[:port][/path]`). Throws `NetworkClientError` for a
    /// malformed URL or an `https://` one, which this client does not support.
    public init(baseURL: String, timeout: Double = 30) throws {
        endpoint = try NetworkClientEndpoint(parsing: baseURL)
        self.baseURL = baseURL
        self.timeout = timeout
    }

    deinit {
        idle.withLock { sockets in
            for socket in sockets { socket.close() }
            sockets = []
        }
    }

    /// Sends `request` (its target is appended to the base URL's path) and returns the response.
    ///
    /// `Host` is added, and `Content-Length` too when the request has a body and no framing
    /// header. Throws `NetworkClientError`, or `CancellationError` when the Task is cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let wire = try encode(request)
        let method = request.method
        let cancellation = RequestCancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                BlockingWorkers.shared.run {
                    continuation.resume(with: Result { try self.exchange(wire, method: method, cancellation: cancellation) })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Runs one request to completion on the calling (worker) thread.
    private func exchange(_ wire: [UInt8], method: String, cancellation: RequestCancellation) throws -> HTTPResponse {
        let deadline = RequestDeadline(nanos: POSIX.monotonicNanos() + POSIX.nanos(seconds: timeout), cancellation: cancellation)
        var retried = false
        while true {
            let (fresh, reused) = try checkout(until: deadline)
            var socket = fresh
            do throws(ClientIOFailure) {
                try socket.write(wire, until: deadline)
                let (response, keepAlive) = try ResponseReader.read(from: &socket, method: method, until: deadline)
                if keepAlive { checkin(socket) } else { socket.close() }
                return response
            } catch {
                socket.close()
                let staleConnection: Bool
                switch error {
                case .closed, .io: staleConnection = true
                default: staleConnection = false
                }
                if reused && !retried && staleConnection
                    && (!socket.receivedAny || Self.idempotentMethods.contains(method)) {
                    retried = true
                    continue
                }
                throw describe(error)
            }
        }
    }

    private func checkout(until deadline: RequestDeadline) throws -> (ClientSocket, reused: Bool) {
        while let pooled = idle.withLock({ $0.popLast() }) {
            if pooled.isReusable { return (pooled, true) }
            pooled.close()
        }
        do throws(ClientIOFailure) {
            let socket = try ClientSocket.connect(host: endpoint.host, port: endpoint.port, until: deadline)
            connectionsOpened.add(1, ordering: .relaxed)
            return (socket, false)
        } catch {
            throw describe(error)
        }
    }

    private func checkin(_ socket: ClientSocket) {
        let kept = idle.withLock { sockets in
            guard sockets.count < Self.maxIdleConnections else { return false }
            sockets.append(socket)
            return true
        }
        if !kept { socket.close() }
    }

    /// The request as HTTP/1.1 bytes.
    private func encode(_ request: HTTPRequest) throws(NetworkClientError) -> [UInt8] {
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(HTTPASCII.isToken) else {
            throw NetworkClientError(.invalidRequest, "invalid HTTP method \"\(request.method)\"")
        }
        var target = request.target.isEmpty ? "/" : request.target
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw NetworkClientError(.invalidRequest, "request target \"\(target)\" must be percent-encoded ASCII without spaces")
        }
        if !endpoint.basePath.isEmpty && target.hasPrefix("/") { target = endpoint.basePath + target }
        var out: [UInt8] = []
        out.reserveCapacity(256 + request.body.count)
        out.append(contentsOf: "\(request.method) \(target) HTTP/1.1\r\n".utf8)
        if !request.headers.contains("Host") { out.append(contentsOf: "Host: \(endpoint.hostHeader)\r\n".utf8) }
        for field in request.headers {
            guard !(field.name + field.value).utf8.contains(where: { $0 == HTTPASCII.cr || $0 == HTTPASCII.lf }) else {
                throw NetworkClientError(.invalidRequest, "header \"\(field.name)\" contains a line break")
            }
            out.append(contentsOf: "\(field.name): \(field.value)\r\n".utf8)
        }
        let framed = request.headers.contains("Content-Length") || request.headers.contains("Transfer-Encoding")
        if !framed && (!request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method)) {
            out.append(contentsOf: "Content-Length: \(request.body.count)\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: request.body)
        return out
    }

    private func describe(_ failure: ClientIOFailure) -> any Error {
        let authority = endpoint.authority
        switch failure {
        case .cancelled:
            return CancellationError()
        case .refused:
            return NetworkClientError(.connectionRefused, "connection refused to \(authority): is saaslab serve running?")
        case .resolve(let message):
            return NetworkClientError(.cannotConnect, "cannot resolve \(endpoint.host): \(message)")
        case .connect(let code):
            return NetworkClientError(.cannotConnect, "cannot connect to \(authority): \(POSIX.errorText(code))")
        case .timedOut:
            let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
            return NetworkClientError(.timedOut, "request to http://\(authority) timed out after \(seconds) s")
        case .closed:
            return NetworkClientError(.connectionClosed, "connection to \(authority) closed before a complete response")
        case .io(let code):
            return NetworkClientError(.connectionClosed, "connection to \(authority) failed: \(POSIX.errorText(code))")
        case .malformed(let detail):
            return NetworkClientError(.malformedResponse, "malformed response from \(authority): \(detail)")
        }
    }
}
