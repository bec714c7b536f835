import Core
import SigV4

/// A user as the user manager provisions them: the Cognito user with the bootcamp's
/// attributes, and the record in the user table that sign-in uses to find their pool.
struct NewUser: Sendable {
    var tenantId: String
    var userName: String
    var email: String
    var firstName: String
    var lastName: String
    var role: String
    var tier: String
    var companyName: String?
    var accountName: String?
}

/// Cognito users and user records, through the AWS API.
struct UserDirectory: Sendable {
    let app: AppServices

    /// `AdminCreateUser` with the bootcamp's attributes; the pool emails the temporary
    /// password (the platform's outbox). Returns the created user's `sub`.
    func createCognitoUser(_ user: NewUser, poolId: String, credentials: AWSCredentials) async throws(AppError) -> JSONObject {
        var attributes: [JSON] = [
            Self.attribute("email", user.email), Self.attribute("email_verified", "true"),
            Self.attribute("custom:tenant_id", user.tenantId), Self.attribute("given_name", user.firstName),
            Self.attribute("family_name", user.lastName), Self.attribute("custom:role", user.role),
            Self.attribute("custom:tier", user.tier),
        ]
        if let company = user.companyName { attributes.append(Self.attribute("custom:company_name", company)) }
        if let account = user.accountName { attributes.append(Self.attribute("custom:account_name", account)) }
        let output = try await app.aws.call(.userPools, "AdminCreateUser", [
            "UserPoolId": .string(poolId), "Username": .string(user.userName), "UserAttributes": .array(attributes),
            "DesiredDeliveryMediums": ["EMAIL"],
        ], credentials: credentials)
        return output["User"]?.objectValue ?? [:]
    }

    /// The user table's record for a user of `identity`'s tenant.
    func record(_ user: NewUser, identity: (userPoolId: String, identityPoolId: String, clientId: String), sub: String) -> JSONObject {
        [
            "tenant_id": .string(user.tenantId), "user_id": .string(user.userName), "userName": .string(user.userName),
            "firstName": .string(user.firstName), "lastName": .string(user.lastName), "role": .string(user.role),
            "tier": .string(user.tier), "email": .string(user.email), "userPoolId": .string(identity.userPoolId),
            "IdentityPoolId": .string(identity.identityPoolId), "client_id": .string(identity.clientId), "sub": .string(sub),
        ]
    }

    /// Users with this user name in any tenant (user names are meant to be unique; the index
    /// may still hold several).
    func records(named userName: String, meter: UsageMeter?) async throws(AppError) -> [JSONObject] {
        try await app.tables.users.query(
            "user_id", equals: userName, index: AppTables.userNameIndex, credentials: try await app.roles.credentials(.auth), meter: meter
        )
    }

    static func attribute(_ name: String, _ value: String) -> JSON {
        ["Name": .string(name), "Value": .string(value)]
    }

    /// A Cognito user (AdminGetUser's or ListUsers' shape) as the user manager answers it.
    static func view(_ user: JSONObject) -> JSON {
        let list = user["UserAttributes"]?.arrayValue ?? user["Attributes"]?.arrayValue ?? []
        var attributes: [String: String] = [:]
        for entry in list {
            if let name = entry["Name"]?.stringValue, let value = entry["Value"]?.stringValue { attributes[name] = value }
        }
        func text(_ key: String) -> JSON { attributes[key].map(JSON.string) ?? .null }
        return [
            "userName": user["Username"] ?? .null, "email": text("email"), "firstName": text("given_name"),
            "lastName": text("family_name"), "role": text("custom:role"), "tier": text("custom:tier"),
            "tenant_id": text("custom:tenant_id"), "sub": text("sub"), "enabled": user["Enabled"] ?? .null,
            "status": user["UserStatus"] ?? .null, "created": user["UserCreateDate"] ?? .null,
        ]
    }
}
