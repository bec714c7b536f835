import Core

/// The access probe's identity-pool requests: every signed operation on every other
/// tenant's identity pool, the account-wide ones once, and on the tenant's own pool the
/// reads (as what the app may need) and the changes, which decide the roles its users get and
/// so the tenant's own permissions: allowed, they are leaks too.
extension CognitoIdentityService {
    public func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall] {
        let account: [String: JSON] = [
            "CreateIdentityPool": ["IdentityPoolName": "saaslab_probe", "AllowUnauthenticatedIdentities": false],
            "ListIdentityPools": ["MaxResults": 1],
        ]
        var calls = account.keys.sorted().map { AccessProbeCall($0, account[$0] ?? [:], reach: .beyond, target: "the account's identity pools", action: "cognito-identity:\($0)") }
        let perPool = operations.subtracting(allowsAnonymous).subtracting(account.keys).sorted()
        for other in scope.namedOthers {
            guard let pool = other.holdings.identityPoolId else { continue }
            calls += perPool.map { AccessProbeCall($0, probeInput($0, pool: pool), reach: .beyond, target: "\(other.name)'s identity pool", action: "cognito-identity:\($0)") }
        }
        if let own = scope.own.identityPoolId {
            calls += perPool.map { operation in
                let reads = operation.hasPrefix("Describe") || operation.hasPrefix("Get") || operation.hasPrefix("List")
                return AccessProbeCall(
                    operation, probeInput(operation, pool: own), reach: reads ? .own : .beyond,
                    target: reads ? "the own identity pool" : "the own identity pool's configuration", action: "cognito-identity:\(operation)"
                )
            }
        }
        return calls
    }

    /// The input of a per-pool probe: the pool, and what the operation needs besides. An
    /// identity is named by its id alone, so DescribeIdentity asks for the pool's first
    /// identity, or for a made-up one of the pool when it has none (authorised on every pool).
    private func probeInput(_ operation: String, pool: String) -> JSON {
        switch operation {
        case "ListIdentities":
            return ["IdentityPoolId": .string(pool), "MaxResults": 1]
        case "DescribeIdentity":
            let first = try? pools.listIdentities(poolId: pool, maxResults: 1).identities.first?.identityId
            return ["IdentityId": .string(first ?? "\(pools.region):00000000-0000-4000-8000-000000000000")]
        default:
            return ["IdentityPoolId": .string(pool)]
        }
    }
}
