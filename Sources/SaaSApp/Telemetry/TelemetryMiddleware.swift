import Core
import HTTP

/// The request context's ``UsageMeter``.
enum UsageMeterKey: RequestContextKey {
    typealias Value = UsageMeter
}

/// Logs and meters every request to the app, whatever its outcome: the router renders
/// errors before middleware sees them, so a refused request is logged with the status the
/// client got. One per service, which names the requests' service in the log and the meters,
/// as the route declared it (see ``AppRoutes``).
struct TelemetryMiddleware: Middleware {
    let telemetry: Telemetry
    let clock: any WallClock
    /// The service of the routes this middleware runs around.
    let service: String

    func handle(_ request: HTTPRequest, context: RequestContext, next: RouteHandler) async throws -> HTTPResponse {
        let meter = UsageMeter()
        var context = context
        context[UsageMeterKey.self] = meter
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let usage = meter.usage
        telemetry.record(
            Telemetry.LogEntry(
                time: clock.now(), requestId: context.requestID, tenantId: usage.tenantId, userName: usage.userName,
                role: usage.role, service: service, method: request.method, path: Self.logged(request.path),
                status: response.status,
                latencyMilliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            ),
            usage: usage
        )
        return response
    }

    /// The most of a path the log keeps. The log holds its newest entries whoever sent them,
    /// refused anonymous requests included, so whole paths (up to the 64 KiB head limit) would
    /// let anyone who reaches the port make the server hold hundreds of megabytes; real paths
    /// (a route and an id) are far shorter.
    static let loggedPathLimit = 256

    /// `path`, cut to at most ``loggedPathLimit`` bytes (never inside a character's UTF-8
    /// sequence) with `…` when longer.
    static func logged(_ path: String) -> String {
        let bytes = path.utf8
        guard bytes.count > loggedPathLimit else { return path }
        var end = bytes.index(bytes.startIndex, offsetBy: loggedPathLimit)
        while end > bytes.startIndex, bytes[end] & 0xC0 == 0x80 { end = bytes.index(before: end) }
        return String(decoding: bytes[..<end], as: UTF8.self) + "…"
    }
}
