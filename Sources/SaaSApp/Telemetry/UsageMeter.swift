import Synchronization

/// What one request did, filled in as it runs: who made it (once the gateway or the handler
/// knows) and what it read and wrote in the data store. The telemetry middleware creates one
/// per request, puts it in the request context, and records it when the response is ready.
final class UsageMeter: Sendable {
    struct Usage: Sendable {
        var tenantId: String?
        var userName: String?
        var role: String?
        var itemsRead = 0
        var itemsWritten = 0
        var capacityUnits = 0.0
    }

    private let state = Mutex(Usage())

    var usage: Usage { state.withLock { $0 } }

    /// Names who the request acts for; the gateway calls this once the token is verified, and
    /// sign-in and registration once they know the tenant.
    func attribute(tenantId: String?, userName: String?, role: String?) {
        state.withLock { usage in
            usage.tenantId = tenantId
            usage.userName = userName
            usage.role = role
        }
    }

    func read(items: Int) { state.withLock { $0.itemsRead += items } }
    func wrote(items: Int) { state.withLock { $0.itemsWritten += items } }
    func consumed(units: Double) { state.withLock { $0.capacityUnits += units } }
}
