/// Hands requests straight to a responder: no socket, no serialisation, no copy of the body.
///
/// The labs use this against the embedded backend; `--target` swaps in ``NetworkClient``.
public struct InProcessClient: HTTPClient {
    public let responder: any HTTPResponder

    public init(responder: any HTTPResponder) {
        self.responder = responder
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        await responder.respond(to: request)
    }
}
