import Core

/// The access probe's user-pool requests: every signed operation on every other tenant's
/// pool, the account-wide ones (CreateUserPool, ListUserPools) once, and every signed
/// operation on the tenant's own pool, as what the app may need. Authorisation looks only at
/// the operation and the pool, so the pool is all an input needs; the action asked is
/// `cognito-idp:` and the operation.
extension CognitoIdentityProviderService {
    public func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall] {
        let signed = operations.subtracting(allowsAnonymous).sorted()
        var calls = signed.filter(Self.accountOperations.contains).map {
            AccessProbeCall($0, [:], reach: .beyond, target: "the account's user pools", action: "cognito-idp:\($0)")
        }
        var pools: [(id: String, reach: AccessProbeCall.Reach, target: String)] = scope.namedOthers.compactMap { other in
            other.holdings.userPoolId.map { ($0, .beyond, "\(other.name)'s user pool") }
        }
        if let own = scope.own.userPoolId { pools.append((own, .own, "the own user pool")) }
        for pool in pools {
            calls += signed.filter { !Self.accountOperations.contains($0) }.map {
                AccessProbeCall($0, ["UserPoolId": .string(pool.id)], reach: pool.reach, target: pool.target, action: "cognito-idp:\($0)")
            }
        }
        return calls
    }
}
