/// Why a request over the network failed, in words fit for the command line.
public struct NetworkClientError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The base URL is not `http://host[:port][/path]` (https is not supported).
        case invalidURL
        /// The request cannot be written as HTTP/1.1 (e.g. a CR or LF inside a header).
        case invalidRequest
        /// Nothing listens on the port.
        case connectionRefused
        /// The host does not resolve or the connection fails for another reason.
        case cannotConnect
        /// No complete response within the client's timeout.
        case timedOut
        /// The server closed or reset the connection before the response was complete.
        case connectionClosed
        /// The server's bytes are not an HTTP/1.x response.
        case malformedResponse
    }

    public let kind: Kind
    /// For example "connection refused to 127.0.0.1:9: is saaslab serve running?".
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// What went wrong at the socket level, before the client adds which server and request.
enum ClientIOFailure: Error {
    case timedOut
    case closed
    case refused
    case resolve(String)
    case connect(Int32)
    case io(Int32)
    case malformed(String)
    case cancelled
}
