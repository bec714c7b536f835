import Core
import IAM

/// The access probe's IAM requests. A tenant's role needs no IAM at all: every IAM action it
/// holds lets it change or read the permissions of its own role, another tenant's or the
/// account's, so each is probed beyond the tenant, on every role of the scope (the operations
/// that name a role) and on the account (the others).
extension IAMQueryService {
    public func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall] {
        let document = JSON.string(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        let common: JSONObject = [
            "PolicyName": "saaslab-probe", "PolicyDocument": document, "AssumeRolePolicyDocument": document,
            "PolicyArn": .string(IdentityStore.administratorAccessARN), "ActionNames": ["sts:GetCallerIdentity"],
            "PolicyInputList": [document], "UserName": "saaslab-probe", "VersionId": "v1",
        ]
        let roleOperations = Self.roleOperations
        var calls = Self.accountOperations.map {
            var input = common
            input["RoleName"] = "saaslab-probe"
            let made = JSON.object(input)
            return AccessProbeCall($0, made, reach: .beyond, target: "the account's IAM", action: "iam:\($0)")
        }
        let roles = scope.own.roleNames.map { ($0, "the tenant's own role \($0)") }
            + scope.namedOthers.flatMap { other in other.holdings.roleNames.map { ($0, "\(other.name)'s role \($0)") } }
        for (role, target) in roles {
            var input = common
            input["RoleName"] = .string(role)
            input["PolicySourceArn"] = .string((try? store.role(named: role).arn) ?? roleARN(role))
            let made = JSON.object(input)
            calls += roleOperations.map { AccessProbeCall($0, made, reach: .beyond, target: target, action: "iam:\($0)") }
        }
        return calls
    }

    /// The operations that act on one role, named by `RoleName` (or, for
    /// SimulatePrincipalPolicy, by its ARN), in name order; worked out once, as a probe lists
    /// them for every role of its scope.
    static let roleOperations: [String] = handlers.keys.filter(namesARole).sorted()

    /// The operations on the account as a whole, in name order.
    static let accountOperations: [String] = handlers.keys.filter { !namesARole($0) }.sorted()

    private static func namesARole(_ operation: String) -> Bool {
        (operation.contains("Role") && operation != "ListRoles") || operation == "SimulatePrincipalPolicy"
    }
}
