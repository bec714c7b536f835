import Core
import HTTP

/// `GET /logs` and `GET /metering`: each tenant sees only its own requests and meters;
/// system roles see every tenant's (and may narrow with `?tenant=`).
struct TelemetryRoutes: Sendable {
    let app: AppServices

    var routes: AppRoutes {
        var routes = AppRoutes(service: "telemetry")
        routes.add("GET", "/logs", .signedIn) { request, _, claims in try logs(request, claims) }
        routes.add("GET", "/metering", .signedIn) { request, _, claims in metering(request, claims) }
        return routes
    }

    /// The tenant whose telemetry the caller may see: their own, or for system roles the one
    /// they name (nil: all).
    private func scope(_ request: HTTPRequest, _ claims: VerifiedClaims) -> String? {
        claims.role.isSystem ? request.query("tenant") : claims.tenantId
    }

    func logs(_ request: HTTPRequest, _ claims: VerifiedClaims) throws(AppError) -> HTTPResponse {
        var entries = app.telemetry.entries(tenant: scope(request, claims))
        if let service = request.query("service") { entries = entries.filter { $0.service == service } }
        let limitText = request.query("limit") ?? "100"
        guard let limit = Int(limitText), limit > 0 else { throw AppError.badRequest("limit must be a positive whole number, not '\(limitText)'") }
        let newest = entries.suffix(limit).map { entry -> JSON in
            [
                "time": .string(AWSTimestamp.iso8601(entry.time)), "requestId": .string(entry.requestId),
                "tenantId": entry.tenantId.map(JSON.string) ?? .null, "userName": entry.userName.map(JSON.string) ?? .null,
                "role": entry.role.map(JSON.string) ?? .null, "service": .string(entry.service), "method": .string(entry.method),
                "path": .string(entry.path), "status": .number(entry.status),
                "latencyMs": .number((entry.latencyMilliseconds * 1000).rounded() / 1000),
            ]
        }
        return HTTPResponse.json(["entries": .array(Array(newest))])
    }

    func metering(_ request: HTTPRequest, _ claims: VerifiedClaims) -> HTTPResponse {
        var tenants = JSONObject()
        for (tenant, services) in app.telemetry.meters(tenant: scope(request, claims)).sorted(by: { $0.key < $1.key }) {
            var total = Telemetry.Meter()
            var perService = JSONObject()
            for (service, meter) in services.sorted(by: { $0.key < $1.key }) {
                perService[service] = Self.json(meter)
                total.requests += meter.requests
                total.itemsRead += meter.itemsRead
                total.itemsWritten += meter.itemsWritten
                total.capacityUnits += meter.capacityUnits
            }
            tenants[tenant] = ["services": .object(perService), "total": Self.json(total)]
        }
        return HTTPResponse.json(["tenants": .object(tenants)])
    }

    private static func json(_ meter: Telemetry.Meter) -> JSON {
        [
            "requests": .number(meter.requests), "itemsRead": .number(meter.itemsRead),
            "itemsWritten": .number(meter.itemsWritten), "capacityUnits": .number(meter.capacityUnits),
        ]
    }
}
