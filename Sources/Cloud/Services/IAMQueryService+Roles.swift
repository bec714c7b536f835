import Core
import IAM

extension IAMQueryService {
    static let roleHandlers: [String: Handler] = [
        "CreateRole": { service, input, principal throws(AWSError) in
            let name = try input.string("RoleName")
            let path = try input.optionalString("Path") ?? "/"
            try service.authorize(principal, "CreateRole", service.roleARN(name, path: path))
            let document = try input.string("AssumeRolePolicyDocument")
            let description = try input.optionalString("Description") ?? ""
            let maxSession = try input.optionalInt("MaxSessionDuration") ?? 3600
            let tags = try IAMShapes.tags(in: input)
            let role = try service.run { () throws(IAMError) in
                try service.store.createRole(
                    name: name, path: path, trustPolicy: document, description: description,
                    maxSessionDuration: maxSession, tags: tags
                )
            }
            return ["Role": IAMShapes.role(role)]
        },
        "GetRole": { service, input, principal throws(AWSError) in
            let role = try service.existingRole(try input.string("RoleName"), principal, "GetRole")
            return ["Role": IAMShapes.role(role)]
        },
        "DeleteRole": { service, input, principal throws(AWSError) in
            let role = try service.existingRole(try input.string("RoleName"), principal, "DeleteRole")
            try service.run { () throws(IAMError) in try service.store.deleteRole(named: role.name, roleId: role.id) }
            return [:]
        },
        "ListRoles": { service, input, principal throws(AWSError) in
            let paging = try IAMListPaging(input)
            try service.authorize(principal, "ListRoles", "*")
            let roles = service.store.roles(pathPrefix: try input.optionalString("PathPrefix") ?? "/")
            return .object(paging.output(roles, member: "Roles", key: \.name, shape: IAMShapes.role))
        },
        "UpdateAssumeRolePolicy": { service, input, principal throws(AWSError) in
            let role = try service.existingRole(try input.string("RoleName"), principal, "UpdateAssumeRolePolicy")
            let document = try input.string("PolicyDocument")
            try service.run { () throws(IAMError) in try service.store.updateTrustPolicy(roleName: role.name, document: document, roleId: role.id) }
            return [:]
        },
        "PutRolePolicy": { service, input, principal throws(AWSError) in
            let role = try service.existingRole(try input.string("RoleName"), principal, "PutRolePolicy")
            let name = try input.string("PolicyName")
            let document = try input.string("PolicyDocument")
            try service.run { () throws(IAMError) in
                try service.store.putRolePolicy(roleName: role.name, policyName: name, document: document, roleId: role.id)
            }
            return [:]
        },
        "GetRolePolicy": { service, input, principal throws(AWSError) in
            let role = try service.existingRole(try input.string("RoleName"), principal, "GetRolePolicy")
            let name = try input.string("PolicyName")
            let policy = try service.run { () throws(IAMError) in try service.store.rolePolicy(roleName: role.name, policyName: name) }
            return ["RoleName": .string(role.name), "PolicyName": .string(policy.name), "PolicyDocument": IAMShapes.document(policy.document.text)]
        },
        "DeleteRolePolicy": { service, input, principal throws(AWSError) in
            let role = try service.existingRole(try input.string("RoleName"), principal, "DeleteRolePolicy")
            let name = try input.string("PolicyName")
            try service.run { () throws(IAMError) in try service.store.deleteRolePolicy(roleName: role.name, policyName: name, roleId: role.id) }
            return [:]
        },
        "ListRolePolicies": { service, input, principal throws(AWSError) in
            let paging = try IAMListPaging(input)
            let role = try service.existingRole(try input.string("RoleName"), principal, "ListRolePolicies")
            let names = role.inlinePolicies.map(\.name).sorted()
            return .object(paging.output(names, member: "PolicyNames", key: { $0 }, shape: JSON.string))
        },
        "AttachRolePolicy": { service, input, principal throws(AWSError) in
            let role = try service.existingRole(try input.string("RoleName"), principal, "AttachRolePolicy")
            let arn = try input.string("PolicyArn")
            try service.run { () throws(IAMError) in try service.store.attachRolePolicy(roleName: role.name, policyARN: arn, roleId: role.id) }
            return [:]
        },
        "DetachRolePolicy": { service, input, principal throws(AWSError) in
            let role = try service.existingRole(try input.string("RoleName"), principal, "DetachRolePolicy")
            let arn = try input.string("PolicyArn")
            try service.run { () throws(IAMError) in try service.store.detachRolePolicy(roleName: role.name, policyARN: arn, roleId: role.id) }
            return [:]
        },
        "ListAttachedRolePolicies": { service, input, principal throws(AWSError) in
            let paging = try IAMListPaging(input)
            let role = try service.existingRole(try input.string("RoleName"), principal, "ListAttachedRolePolicies")
            return .object(paging.output(role.attachedPolicyARNs.sorted(), member: "AttachedPolicies", key: { $0 }) { arn in
                ["PolicyName": .string(String(arn.split(separator: "/").last ?? "")), "PolicyArn": .string(arn)]
            })
        },
    ]

    /// Authorises `action` on the role's real ARN (its path included), then returns it.
    /// A role that does not exist is authorised against its path-less ARN first, so a
    /// caller without permission learns nothing about which roles exist.
    func existingRole(_ name: String, _ principal: IAMPrincipal, _ action: String) throws(AWSError) -> IAMRole {
        guard let role = try? store.role(named: name) else {
            try authorize(principal, action, roleARN(name))
            throw AWSError(IAMError.noSuchEntity("The role with name \(name) cannot be found."))
        }
        try authorize(principal, action, role.arn)
        return role
    }
}
