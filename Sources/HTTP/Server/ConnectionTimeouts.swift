/// The deadlines the event loop holds each connection to, in monotonic nanoseconds; the
/// seconds come from `HTTPServer.Configuration`.
///
/// Silence is bounded by `idle`, but a client that keeps sending a byte now and then is never
/// silent, so a request is also bounded as a whole: its head by `head` from its first byte, its
/// body by `body` from the end of the head plus one second for every `minBodyBytesPerSecond`
/// bytes received. A client sending slower than that rate falls behind and is cut off.
struct ConnectionTimeouts {
    let idle: UInt64
    let head: UInt64
    let body: UInt64
    let minBodyBytesPerSecond: Int
    /// How long a refused connection is drained before it is closed: long enough for a client
    /// to read the error, short enough not to hold shutdown.
    let linger: UInt64

    init(idle: Double, head: Double, body: Double, minBodyBytesPerSecond: Int) {
        self.idle = POSIX.nanos(seconds: idle)
        self.head = POSIX.nanos(seconds: head)
        self.body = POSIX.nanos(seconds: body)
        self.minBodyBytesPerSecond = max(minBodyBytesPerSecond, 1)
        self.linger = POSIX.nanos(seconds: min(idle, 2))
    }

    /// The time a body may take, from the end of its head, once `received` of its bytes are in.
    func bodyAllowance(received: Int) -> UInt64 {
        body &+ POSIX.nanos(seconds: Double(received) / Double(minBodyBytesPerSecond))
    }

    /// For messages: "20 s plus 1 s for each 262144 bytes received".
    var bodyAllowanceText: String {
        "\(Self.seconds(body)) s plus 1 s for each \(minBodyBytesPerSecond) bytes received"
    }

    /// Nanoseconds as seconds to a tenth, for messages: "20", "0.3".
    static func seconds(_ nanos: UInt64) -> String {
        let tenths = (nanos + 50_000_000) / 100_000_000
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
