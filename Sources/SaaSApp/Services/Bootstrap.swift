import Core
import SigV4

/// What the app provisions at start with the operator's key, as the original's
/// CloudFormation stack did before any participant arrived: the app's own IAM user and key,
/// one role per service, the tenant, user and order tables, and the provider's own system
/// tenant with its administrator. The product table is left for the participant (Lab 2).
struct Bootstrap: Sendable {
    let app: AppServices

    static let appUserName = "saaslab-app"

    /// Runs every step; returns the system tenant's id.
    func run() async throws(AppError) -> String {
        let key = app.config.operatorKey
        let appKey = try await createAppIdentity(key)
        for service in ServiceRoles.Service.allCases {
            try await createServiceRole(service, key)
        }
        app.roles.use(appKey: appKey)
        try await createTables(key)
        return try await createSystemTenant(key)
    }

    private var appUserARN: String { "arn:aws:iam::\(app.accountId):user/saaslab/\(Self.appUserName)" }

    private func createAppIdentity(_ key: AWSCredentials) async throws(AppError) -> AWSCredentials {
        _ = try await iam("CreateUser", [("UserName", Self.appUserName), ("Path", "/saaslab/")], key)
        let policy: JSON = [
            "Version": "2012-10-17",
            "Statement": [[
                "Sid": "AssumeServiceRoles", "Effect": "Allow", "Action": "sts:AssumeRole",
                "Resource": .string("arn:aws:iam::\(app.accountId):role\(ServiceRoles.rolePath)*"),
            ]],
        ]
        _ = try await iam("PutUserPolicy", [("UserName", Self.appUserName), ("PolicyName", "AssumeServiceRoles"), ("PolicyDocument", policy.serialized())], key)
        let created = try await iam("CreateAccessKey", [("UserName", Self.appUserName)], key)
        guard let id = created["AccessKeyId"], let secret = created["SecretAccessKey"] else {
            throw AppError.platformUnavailable("CreateAccessKey returned no key for \(Self.appUserName)")
        }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret)
    }

    private func createServiceRole(_ service: ServiceRoles.Service, _ key: AWSCredentials) async throws(AppError) {
        let trust: JSON = [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Principal": ["AWS": .string(appUserARN)], "Action": "sts:AssumeRole"]],
        ]
        _ = try await iam("CreateRole", [
            ("RoleName", service.roleName), ("Path", ServiceRoles.rolePath), ("AssumeRolePolicyDocument", trust.serialized()),
            ("Description", "saaslab \(service.rawValue) service: its system credentials"),
        ], key)
        _ = try await iam("PutRolePolicy", [
            ("RoleName", service.roleName), ("PolicyName", "\(service.roleName)Access"), ("PolicyDocument", policy(for: service).serialized()),
        ], key)
    }

    /// Each service's own access: unconditioned on its table, which is why a wrong tenant id
    /// in a query still reads data while the service uses these credentials.
    private func policy(for service: ServiceRoles.Service) -> JSON {
        func table(_ name: String) -> JSON { [.string(app.tableARN(name)), .string(app.tableARN(name) + "/index/*")] }
        let statements: [JSON]
        switch service {
        case .auth:
            statements = [["Sid": "FindUsers", "Effect": "Allow", "Action": ["dynamodb:Query", "dynamodb:GetItem"], "Resource": table(AppTables.userTable)]]
        case .tenant:
            statements = [["Sid": "TenantTable", "Effect": "Allow", "Action": "dynamodb:*", "Resource": table(AppTables.tenantTable)]]
        case .user:
            statements = [
                ["Sid": "UserTable", "Effect": "Allow", "Action": "dynamodb:*", "Resource": table(AppTables.userTable)],
                ["Sid": "UserPools", "Effect": "Allow", "Action": ["cognito-idp:*", "cognito-identity:*"], "Resource": "*"],
                [
                    "Sid": "TenantRoles", "Effect": "Allow",
                    "Action": [
                        "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
                        "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:PassRole",
                    ],
                    "Resource": .string("arn:aws:iam::\(app.accountId):role/TENANT*"),
                ],
                // Checks policy templates before they are stored.
                ["Sid": "CheckPolicies", "Effect": "Allow", "Action": "iam:SimulateCustomPolicy", "Resource": "*"],
            ]
        case .product:
            statements = [["Sid": "ProductTable", "Effect": "Allow", "Action": "dynamodb:*", "Resource": table(AppTables.productTable)]]
        case .order:
            statements = [["Sid": "OrderTable", "Effect": "Allow", "Action": "dynamodb:*", "Resource": table(AppTables.orderTable)]]
        }
        return ["Version": "2012-10-17", "Statement": .array(statements)]
    }

    private func createTables(_ key: AWSCredentials) async throws(AppError) {
        func attribute(_ name: String) -> JSON { ["AttributeName": .string(name), "AttributeType": "S"] }
        func keys(_ hash: String, _ range: String? = nil) -> JSON {
            var schema: [JSON] = [["AttributeName": .string(hash), "KeyType": "HASH"]]
            if let range { schema.append(["AttributeName": .string(range), "KeyType": "RANGE"]) }
            return .array(schema)
        }
        let tables: [JSONObject] = [
            ["TableName": .string(AppTables.tenantTable), "AttributeDefinitions": [attribute("tenant_id")], "KeySchema": keys("tenant_id")],
            [
                "TableName": .string(AppTables.userTable), "AttributeDefinitions": [attribute("tenant_id"), attribute("user_id")],
                "KeySchema": keys("tenant_id", "user_id"),
                "GlobalSecondaryIndexes": [[
                    "IndexName": .string(AppTables.userNameIndex), "KeySchema": keys("user_id"), "Projection": ["ProjectionType": "ALL"],
                ]],
            ],
            [
                "TableName": .string(AppTables.orderTable), "AttributeDefinitions": [attribute("tenant_id"), attribute("order_id")],
                "KeySchema": keys("tenant_id", "order_id"),
            ],
        ]
        for var table in tables {
            table["BillingMode"] = "PAY_PER_REQUEST"
            _ = try await app.aws.call(.dynamoDB, "CreateTable", table, credentials: key)
        }
    }

    private func createSystemTenant(_ key: AWSCredentials) async throws(AppError) -> String {
        let account = app.config.systemAdmin
        let admin = NewUser(
            tenantId: "TENANT" + UUIDv4.make(using: app.config.random).replacingDashes, userName: account.userName,
            email: account.email, firstName: "System", lastName: "Admin", role: UserRole.systemAdmin.rawValue,
            tier: "System", companyName: "saaslab", accountName: "saaslab"
        )
        let provisioning = Provisioning(app: app, credentials: key, purpose: .bootstrap)
        let identity = try await provisioning.allOrNothing { created throws(AppError) in
            try await provisioning.identity(tenantId: admin.tenantId, roles: systemRoles, created: &created)
        }
        let directory = UserDirectory(app: app)
        let user = try await directory.createCognitoUser(admin, poolId: identity.userPoolId, credentials: key)
        do throws(AppError) {
            _ = try await app.aws.call(.userPools, "AdminSetUserPassword", [
                "UserPoolId": .string(identity.userPoolId), "Username": .string(account.userName),
                "Password": .string(account.password), "Permanent": true,
            ], credentials: key)
        } catch {
            throw AppError.badRequest("the system admin's password cannot be used: \(error.message)")
        }
        let sub = UserDirectory.view(user)["sub"]?.stringValue ?? ""
        try await app.tables.users.put(
            directory.record(admin, identity: (identity.userPoolId, identity.identityPoolId, identity.clientId), sub: sub),
            credentials: key, meter: nil
        )
        try await app.tables.tenants.put([
            "tenant_id": .string(admin.tenantId), "companyName": "saaslab", "accountName": "saaslab", "ownerName": "System Admin",
            "tier": "System", "email": .string(account.email), "status": "Active", "UserPoolId": .string(identity.userPoolId),
            "IdentityPoolId": .string(identity.identityPoolId), "ClientId": .string(identity.clientId),
            "systemAdminRole": .string(identity.adminRoleName), "systemSupportRole": .string(identity.userRoleName),
            "trustRole": .string(identity.trustRoleName), "userName": .string(account.userName),
        ], credentials: key, meter: nil)
        return admin.tenantId
    }

    /// The provider's roles: SystemAdmin with everything on the tables and pools, SystemUser
    /// read-only (including Scan, to look across tenants).
    private func systemRoles(_ identity: TenantIdentity) -> Provisioning.RolePlan {
        let tables: JSON = [.string("arn:aws:dynamodb:\(app.region):\(app.accountId):table/*")]
        let adminPolicy: JSON = [
            "Version": "2012-10-17",
            "Statement": [
                ["Sid": "AllTables", "Effect": "Allow", "Action": "dynamodb:*", "Resource": tables],
                ["Sid": "AllPools", "Effect": "Allow", "Action": ["cognito-idp:*", "cognito-identity:*"], "Resource": "*"],
            ],
        ]
        let userPolicy: JSON = [
            "Version": "2012-10-17",
            "Statement": [
                [
                    "Sid": "ReadAllTables", "Effect": "Allow",
                    "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable"],
                    "Resource": tables,
                ],
                ["Sid": "ReadPools", "Effect": "Allow", "Action": ["cognito-idp:AdminGetUser", "cognito-idp:ListUsers"], "Resource": "*"],
            ],
        ]
        func rule(_ role: UserRole, _ name: String) -> JSON {
            ["Claim": "custom:role", "MatchType": "Equals", "Value": .string(role.rawValue), "RoleARN": .string(app.roleARN(name))]
        }
        let mappings: JSON = [
            "Roles": ["authenticated": "{{trust_role_arn}}"],
            "RoleMappings": [
                "{{provider_name}}:{{client_id}}": [
                    "Type": "Rules", "AmbiguousRoleResolution": "Deny",
                    "RulesConfiguration": ["Rules": [rule(.systemAdmin, "SystemAdmin"), rule(.systemUser, "SystemUser")]],
                ],
            ],
        ]
        return Provisioning.RolePlan(
            adminRole: ("SystemAdmin", "SystemAdminPolicy", adminPolicy), userRole: ("SystemUser", "SystemUserPolicy", userPolicy),
            roleMappings: mappings
        )
    }

    private func iam(_ action: String, _ parameters: [(String, String)], _ key: AWSCredentials) async throws(AppError) -> XMLFields {
        try await app.aws.query(service: "iam", action, parameters, credentials: key)
    }
}
