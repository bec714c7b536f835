/// Where a responder reports the errors it did not expect: a handler's error that is no
/// deliberate refusal (not an ``HTTPResponseError``), which the client gets as a 500 naming
/// the request id. The report carries that id, so the two can be matched.
///
/// `saaslab serve` prints each report on standard error; tests collect them. A ``Router``
/// without a sink still answers 500, and its message then claims no log.
public struct ErrorSink: Sendable {
    /// One unexpected error, with what it interrupted.
    public struct Report: Sendable, CustomStringConvertible {
        /// The id the client's 500 names: the router's `req-N`, or the AWS request id.
        public let requestID: String
        /// What was being answered: `GET /product/42`, or an AWS operation such as
        /// `dynamodb PutItem`.
        public let request: String
        public let error: any Error

        /// One line: `request req-7 (GET /user/bob) failed unexpectedly: ...`. Control
        /// characters become `?` and the request is cut to ``requestLimit`` bytes, because
        /// both may hold what a client sent and the line goes to a terminal.
        public var description: String {
            "request \(requestID) (\(Self.printable(request, limit: Self.requestLimit))) failed unexpectedly: "
                + Self.printable(String(describing: error), limit: Self.errorLimit)
        }

        /// The most of the request (method and path) a report line keeps.
        static let requestLimit = 256
        /// The most of the error's description a report line keeps.
        static let errorLimit = 2048

        /// `text` on one line, safe for a terminal, at most `limit` bytes plus `…`.
        static func printable(_ text: String, limit: Int) -> String {
            var line = ""
            var bytes = 0
            for scalar in text.unicodeScalars {
                let safe: Unicode.Scalar = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar
                bytes += UTF8.width(safe)
                guard bytes <= limit else { return line + "…" }
                line.unicodeScalars.append(safe)
            }
            return line
        }
    }

    private let receive: @Sendable (Report) -> Void

    /// A sink that hands each report to `receive`, from whichever task hit the error.
    public init(_ receive: @escaping @Sendable (Report) -> Void) {
        self.receive = receive
    }

    /// Reports `error`, hit while answering `request` (e.g. `GET /path`) under `requestID`.
    public func report(_ error: any Error, requestID: String, request: String) {
        receive(Report(requestID: requestID, request: request, error: error))
    }
}
