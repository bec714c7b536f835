// The user's own operations, authorised by the access token they carry (GetUser,
// UpdateUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute, ChangePassword,
// GlobalSignOut, DeleteUser), and recovering or ending a sign-in with the app client id alone
// (ForgotPassword, ConfirmForgotPassword, RevokeToken). All unsigned, as in AWS.
import Cognito
import Core

extension CognitoIdentityProviderService {
    static let tokenHandlers: [String: Handler] = [
        "GetUser": { service, input in
            let user = try service.pools.getUser(accessToken: try input.string("AccessToken"))
            return ["Username": .string(user.username), "UserAttributes": CognitoShapes.attributes(user.attributes)]
        },
        "UpdateUserAttributes": { service, input in
            let deliveries = try service.pools.updateUserAttributes(
                accessToken: try input.string("AccessToken"), attributes: try requiredAttributes(input, "UserAttributes")
            )
            return ["CodeDeliveryDetailsList": .array(deliveries.map(CognitoShapes.codeDelivery))]
        },
        "GetUserAttributeVerificationCode": { service, input in
            let delivery = try service.pools.getUserAttributeVerificationCode(
                accessToken: try input.string("AccessToken"), attributeName: try input.string("AttributeName")
            )
            return ["CodeDeliveryDetails": CognitoShapes.codeDelivery(delivery)]
        },
        "VerifyUserAttribute": { service, input in
            try service.pools.verifyUserAttribute(
                accessToken: try input.string("AccessToken"), attributeName: try input.string("AttributeName"), code: try input.string("Code")
            )
            return [:]
        },
        "ChangePassword": { service, input in
            try service.pools.changePassword(
                accessToken: try input.string("AccessToken"), previousPassword: try input.string("PreviousPassword"),
                proposedPassword: try input.string("ProposedPassword")
            )
            return [:]
        },
        "GlobalSignOut": { service, input in
            try service.pools.globalSignOut(accessToken: try input.string("AccessToken"))
            return [:]
        },
        "DeleteUser": { service, input in
            try service.pools.deleteUser(accessToken: try input.string("AccessToken"))
            return [:]
        },
    ]

    static let recoveryHandlers: [String: Handler] = [
        "ForgotPassword": { service, input in
            let delivery = try service.pools.forgotPassword(
                clientId: try input.string("ClientId"), username: try input.string("Username"), secretHash: try input.optionalString("SecretHash")
            )
            return ["CodeDeliveryDetails": CognitoShapes.codeDelivery(delivery)]
        },
        "ConfirmForgotPassword": { service, input in
            try service.pools.confirmForgotPassword(
                clientId: try input.string("ClientId"), username: try input.string("Username"), code: try input.string("ConfirmationCode"),
                password: try input.string("Password"), secretHash: try input.optionalString("SecretHash")
            )
            return [:]
        },
        "RevokeToken": { service, input in
            try service.pools.revokeToken(
                try input.string("Token"), clientId: try input.string("ClientId"), clientSecret: try input.optionalString("ClientSecret")
            )
            return [:]
        },
    ]

    /// A required list of `AttributeType`.
    private static func requiredAttributes(_ input: CloudMembers, _ name: String) throws -> [UserAttribute] {
        _ = try input.list(name)
        return try attributes(input, name)
    }
}
