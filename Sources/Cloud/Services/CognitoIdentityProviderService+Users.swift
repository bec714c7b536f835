// Administering users: AdminCreateUser, AdminGetUser, ListUsers, AdminUpdateUserAttributes,
// AdminDisableUser, AdminEnableUser, AdminDeleteUser, AdminSetUserPassword, AdminConfirmSignUp;
// and groups.
import Cognito
import Core

extension CognitoIdentityProviderService {
    static let userHandlers: [String: Handler] = [
        "AdminCreateUser": { service, input in
            var request = NewUser(
                username: try input.string("Username"), attributes: try attributes(input, "UserAttributes"),
                temporaryPassword: try input.optionalString("TemporaryPassword"),
                desiredDeliveryMediums: try input.optionalStringList("DesiredDeliveryMediums") ?? []
            )
            if let action = try input.optionalString("MessageAction") {
                guard let parsed = MessageAction(rawValue: action) else {
                    throw CognitoError.invalidParameter("1 validation error detected: Value '\(action)' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]")
                }
                request.messageAction = parsed
            }
            return ["User": CognitoShapes.user(try service.pools.adminCreateUser(poolId: try input.string("UserPoolId"), request))]
        },
        "AdminGetUser": { service, input in
            let user = try service.pools.adminGetUser(poolId: try input.string("UserPoolId"), username: try input.string("Username"))
            return CognitoShapes.user(user, attributesKey: "UserAttributes")
        },
        "ListUsers": { service, input in
            let page = try service.pools.listUsers(
                poolId: try input.string("UserPoolId"), filter: try input.optionalString("Filter"), limit: try input.optionalInt("Limit"),
                paginationToken: try input.optionalString("PaginationToken")
            )
            let wanted = try input.optionalStringList("AttributesToGet")
            let users = page.users.map { user -> JSON in
                var shown = user
                if let wanted { shown.attributes = user.attributes.filter { wanted.contains($0.name) } }
                return CognitoShapes.user(shown)
            }
            var output: JSONObject = ["Users": .array(users)]
            if let next = page.paginationToken { output["PaginationToken"] = .string(next) }
            return .object(output)
        },
        "AdminUpdateUserAttributes": { service, input in
            try service.pools.adminUpdateUserAttributes(
                poolId: try input.string("UserPoolId"), username: try input.string("Username"), attributes: try attributes(input, "UserAttributes")
            )
            return [:]
        },
        "AdminDisableUser": { service, input in
            try service.pools.adminDisableUser(poolId: try input.string("UserPoolId"), username: try input.string("Username"))
            return [:]
        },
        "AdminEnableUser": { service, input in
            try service.pools.adminEnableUser(poolId: try input.string("UserPoolId"), username: try input.string("Username"))
            return [:]
        },
        "AdminDeleteUser": { service, input in
            try service.pools.adminDeleteUser(poolId: try input.string("UserPoolId"), username: try input.string("Username"))
            return [:]
        },
        "AdminSetUserPassword": { service, input in
            try service.pools.adminSetUserPassword(
                poolId: try input.string("UserPoolId"), username: try input.string("Username"), password: try input.string("Password"),
                permanent: try input.optionalBool("Permanent") ?? false
            )
            return [:]
        },
        "AdminConfirmSignUp": { service, input in
            try service.pools.adminConfirmSignUp(poolId: try input.string("UserPoolId"), username: try input.string("Username"))
            return [:]
        },
    ]

    /// A list of `AttributeType` (`{"Name": ..., "Value": ...}`); a missing value is empty.
    static func attributes(_ input: CloudMembers, _ name: String) throws -> [UserAttribute] {
        try (input.optionalStructureList(name) ?? []).map { entry in
            UserAttribute(name: try entry.string("Name"), value: try entry.optionalString("Value") ?? "")
        }
    }
}

extension CognitoIdentityProviderService {
    static let groupHandlers: [String: Handler] = [
        "CreateGroup": { service, input in
            let group = try service.pools.createGroup(
                poolId: try input.string("UserPoolId"), name: try input.string("GroupName"), description: try input.optionalString("Description"),
                precedence: try input.optionalInt("Precedence"), roleArn: try input.optionalString("RoleArn")
            )
            return ["Group": CognitoShapes.group(group)]
        },
        "GetGroup": { service, input in
            ["Group": CognitoShapes.group(try service.pools.getGroup(poolId: try input.string("UserPoolId"), name: try input.string("GroupName")))]
        },
        "ListGroups": { service, input in
            let page = try service.pools.listGroups(
                poolId: try input.string("UserPoolId"), limit: try input.optionalInt("Limit"), nextToken: try input.optionalString("NextToken")
            )
            var output: JSONObject = ["Groups": .array(page.groups.map(CognitoShapes.group))]
            if let next = page.nextToken { output["NextToken"] = .string(next) }
            return .object(output)
        },
        "DeleteGroup": { service, input in
            try service.pools.deleteGroup(poolId: try input.string("UserPoolId"), name: try input.string("GroupName"))
            return [:]
        },
        "AdminAddUserToGroup": { service, input in
            try service.pools.adminAddUserToGroup(
                poolId: try input.string("UserPoolId"), username: try input.string("Username"), groupName: try input.string("GroupName")
            )
            return [:]
        },
        "AdminRemoveUserFromGroup": { service, input in
            try service.pools.adminRemoveUserFromGroup(
                poolId: try input.string("UserPoolId"), username: try input.string("Username"), groupName: try input.string("GroupName")
            )
            return [:]
        },
        "AdminListGroupsForUser": { service, input in
            let groups = try service.pools.adminListGroupsForUser(poolId: try input.string("UserPoolId"), username: try input.string("Username"))
            return ["Groups": .array(groups.map(CognitoShapes.group))]
        },
    ]
}
