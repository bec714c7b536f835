import SigV4
import Synchronization

/// Which pools each tenant owns, from its tenant record: what the gateway and sign-in hold a
/// token or a user record against. The provisioned fields of a tenant record never change
/// (`PUT /tenant` leaves them alone), so a tenant's pools are read once and kept until the
/// record is deleted.
final class TenantPools: Sendable {
    struct Pools: Sendable, Equatable {
        let userPoolId: String
        let identityPoolId: String
        let clientId: String
    }

    private let tenants: DynamoTable
    private let roles: ServiceRoles
    private let known = Mutex<[String: Pools]>([:])

    init(tenants: DynamoTable, roles: ServiceRoles) {
        self.tenants = tenants
        self.roles = roles
    }

    /// The pools of `tenantId`, or nil for a tenant without provisioned pools (or none at all).
    func pools(of tenantId: String) async throws(AppError) -> Pools? {
        if let pools = known.withLock({ $0[tenantId] }) { return pools }
        let record = try await tenants.get(["tenant_id": .string(tenantId)], credentials: try await roles.credentials(.tenant), meter: nil)
        guard let userPool = record?["UserPoolId"]?.stringValue, let identityPool = record?["IdentityPoolId"]?.stringValue,
              let client = record?["ClientId"]?.stringValue else { return nil }
        let pools = Pools(userPoolId: userPool, identityPoolId: identityPool, clientId: client)
        known.withLock { cache in
            if cache.count >= 10_000 { cache.removeAll() }
            cache[tenantId] = pools
        }
        return pools
    }

    /// Forgets a deleted tenant.
    func forget(_ tenantId: String) {
        _ = known.withLock { $0.removeValue(forKey: tenantId) }
    }

    /// Takes the pools `other` knows.
    func copyState(from other: TenantPools) {
        let pools = other.known.withLock { $0 }
        known.withLock { $0 = pools }
    }
}
