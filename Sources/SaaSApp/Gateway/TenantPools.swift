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
    /// Pools by tenant id, and a counter that moves when a tenant is forgotten: a lookup that
    /// was under way while a tenant was deleted must not put it back.
    private let known = Mutex<(pools: [String: Pools], generation: UInt64)>(([:], 0))

    init(tenants: DynamoTable, roles: ServiceRoles) {
        self.tenants = tenants
        self.roles = roles
    }

    /// The pools of `tenantId`, or nil for a tenant without provisioned pools (or none at all).
    func pools(of tenantId: String) async throws(AppError) -> Pools? {
        let (cached, generation) = known.withLock { ($0.pools[tenantId], $0.generation) }
        if let cached { return cached }
        let record = try await tenants.get(["tenant_id": .string(tenantId)], credentials: try await roles.credentials(.tenant), meter: nil)
        guard let userPool = record?["UserPoolId"]?.stringValue, let identityPool = record?["IdentityPoolId"]?.stringValue,
              let client = record?["ClientId"]?.stringValue else { return nil }
        let pools = Pools(userPoolId: userPool, identityPoolId: identityPool, clientId: client)
        known.withLock { cache in
            guard cache.generation == generation else { return }
            if cache.pools.count >= 10_000 { cache.pools.removeAll() }
            cache.pools[tenantId] = pools
        }
        return pools
    }

    /// Forgets a deleted tenant.
    func forget(_ tenantId: String) {
        known.withLock { cache in
            cache.pools.removeValue(forKey: tenantId)
            cache.generation &+= 1
        }
    }

    /// Takes the pools `other` knows.
    func copyState(from other: TenantPools) {
        let pools = other.known.withLock { $0 }
        known.withLock { $0 = pools }
    }
}
