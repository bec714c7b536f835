import Core
import IAM

/// The access probe's STS requests: assuming each role of the scope, the tenant's own and
/// other tenants', which would hand the tenant that role's permissions. GetCallerIdentity
/// needs no permission, in AWS as here, and shows as ungated; so does GetSessionToken for a
/// user, while a role session is refused it.
extension STSQueryService {
    public func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall] {
        let roles = scope.own.roleNames.map { ($0, "the tenant's own role \($0)") }
            + scope.namedOthers.flatMap { other in other.holdings.roleNames.map { ($0, "\(other.name)'s role \($0)") } }
        let ungated = ["GetCallerIdentity", "GetSessionToken"].map { AccessProbeCall($0, [:], reach: .beyond, target: "the caller") }
        return ungated + roles.map { role, target in
            let arn = (try? sts.store.role(named: role).arn) ?? sts.store.arn("role", name: role)
            return AccessProbeCall("AssumeRole", ["RoleArn": .string(arn), "RoleSessionName": "saaslab-probe"], reach: .beyond, target: target)
        }
    }
}
