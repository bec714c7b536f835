import Core
import SigV4

/// Creates a tenant's identity resources through the AWS API, all or nothing.
///
/// Each step that creates something records how to remove it; if a later step fails, the
/// recorded removals run newest first and the caller gets the failing step's error. A tenant
/// is never left half-registered.
struct Provisioning: Sendable {
    let app: AppServices
    let credentials: AWSCredentials
    /// What the provisioning is for, so a failure says what could not be done.
    let purpose: Purpose

    /// Registration, the app's own start, or an administrator applying a template to the
    /// tenants that exist.
    enum Purpose: Sendable {
        case registration
        case bootstrap
        case applying(TemplateName)

        var failurePrefix: String {
            switch self {
            case .registration: "registration could not"
            case .bootstrap: "the app's bootstrap could not"
            case .applying(let template): "applying template \(template.rawValue) could not"
            }
        }
    }

    /// Something provisioning created, and so must remove if a later step fails.
    enum Created: Sendable {
        case userPool(String)
        case identityPool(String)
        case role(name: String, policy: String?)
        case record(DynamoTable, JSONObject)
    }

    /// The roles a pool maps its users to, with their inline policies. Tenants get
    /// `<id>-TenantAdmin` and `<id>-TenantUser` from the policy templates; the provider's own
    /// system tenant gets `SystemAdmin` and `SystemUser`.
    struct RolePlan: Sendable {
        let adminRole: (name: String, policyName: String, policy: JSON)
        let userRole: (name: String, policyName: String, policy: JSON)
        /// The SetIdentityPoolRoles request, with placeholders.
        let roleMappings: JSON
    }

    /// Runs `body`, undoing what it created if it throws.
    func allOrNothing<T>(_ body: (inout [Created]) async throws(AppError) -> T) async throws(AppError) -> T {
        var created: [Created] = []
        do throws(AppError) {
            return try await body(&created)
        } catch {
            await undo(created)
            throw error
        }
    }

    func undo(_ created: [Created]) async {
        for item in created.reversed() {
            switch item {
            case .userPool(let id):
                _ = try? await app.aws.call(.userPools, "DeleteUserPool", ["UserPoolId": .string(id)], credentials: credentials)
            case .identityPool(let id):
                _ = try? await app.aws.call(.identityPools, "DeleteIdentityPool", ["IdentityPoolId": .string(id)], credentials: credentials)
            case .role(let name, let policy):
                if let policy {
                    _ = try? await app.aws.query(service: "iam", "DeleteRolePolicy", [("RoleName", name), ("PolicyName", policy)], credentials: credentials)
                }
                _ = try? await app.aws.query(service: "iam", "DeleteRole", [("RoleName", name)], credentials: credentials)
            case .record(let table, let key):
                _ = try? await table.delete(key, credentials: credentials, meter: nil)
            }
        }
    }

    /// The user pool, app client, identity pool, roles, role mapping and principal tags of
    /// one tenant, from the current templates.
    func identity(tenantId: String, roles plan: (TenantIdentity) -> RolePlan, created: inout [Created]) async throws(AppError) -> TenantIdentity {
        let settings = app.settings
        var values = baseValues(tenantId: tenantId)

        var poolInput = try rendered(.userPool, settings.template(.userPool), values)
        if poolInput["PoolName"] == nil { poolInput["PoolName"] = .string(tenantId) }
        let pool = try await step("create the user pool", .userPools, "CreateUserPool", poolInput)
        guard let userPoolId = pool["UserPool"]?["Id"]?.stringValue else { throw missing("CreateUserPool", "UserPool.Id") }
        created.append(.userPool(userPoolId))
        values["user_pool_id"] = userPoolId

        var clientInput = try rendered(.appClient, settings.template(.appClient), values)
        clientInput["UserPoolId"] = .string(userPoolId)
        if clientInput["ClientName"] == nil { clientInput["ClientName"] = .string("\(tenantId)-client") }
        let client = try await step("create the app client", .userPools, "CreateUserPoolClient", clientInput)
        guard let clientId = client["UserPoolClient"]?["ClientId"]?.stringValue else { throw missing("CreateUserPoolClient", "UserPoolClient.ClientId") }
        let providerName = "cognito-idp.\(app.region).amazonaws.com/\(userPoolId)"
        values["client_id"] = clientId
        values["provider_name"] = providerName

        var identityInput = try rendered(.identityPool, settings.template(.identityPool), values)
        if identityInput["IdentityPoolName"] == nil { identityInput["IdentityPoolName"] = .string(tenantId) }
        if identityInput["AllowUnauthenticatedIdentities"] == nil { identityInput["AllowUnauthenticatedIdentities"] = false }
        let identityPool = try await step("create the identity pool", .identityPools, "CreateIdentityPool", identityInput)
        guard let identityPoolId = identityPool["IdentityPoolId"]?.stringValue else { throw missing("CreateIdentityPool", "IdentityPoolId") }
        created.append(.identityPool(identityPoolId))

        let partial = TenantIdentity(
            tenantId: tenantId, userPoolId: userPoolId, clientId: clientId, identityPoolId: identityPoolId,
            providerName: providerName, adminRoleName: "", userRoleName: "", trustRoleName: "\(tenantId)-Trust"
        )
        let roles = plan(partial)
        let identity = TenantIdentity(
            tenantId: tenantId, userPoolId: userPoolId, clientId: clientId, identityPoolId: identityPoolId,
            providerName: providerName, adminRoleName: roles.adminRole.name, userRoleName: roles.userRole.name,
            trustRoleName: partial.trustRoleName
        )
        values.merge(self.values(for: identity)) { $1 }

        let trust = TrustPolicy.document(identityPoolId: identityPoolId).serialized()
        for role in [roles.adminRole, roles.userRole] {
            try await createRole(role.name, trust: trust, created: &created)
            let policy = TemplateRendering.render(role.policy, values)
            try await putRolePolicy(role.name, role.policyName, policy)
            created[created.count - 1] = .role(name: role.name, policy: role.policyName)
        }
        try await createRole(identity.trustRoleName, trust: trust, created: &created)

        try await applyRoleMappings(roles.roleMappings, values, identity: identity)
        try await applyPrincipalTags(settings.template(.principalTags), values, identity: identity)
        return identity
    }

    /// Placeholder values known before anything exists.
    func baseValues(tenantId: String) -> [String: String] {
        [
            "tenant_id": tenantId, "region": app.region, "account": app.accountId,
            "tenant_table_arn": app.tableARN(AppTables.tenantTable), "user_table_arn": app.tableARN(AppTables.userTable),
            "order_table_arn": app.tableARN(AppTables.orderTable), "product_table_arn": app.tableARN(AppTables.productTable),
        ]
    }

    /// Every placeholder value of an existing tenant.
    func values(for identity: TenantIdentity) -> [String: String] {
        var values = baseValues(tenantId: identity.tenantId)
        values["user_pool_id"] = identity.userPoolId
        values["client_id"] = identity.clientId
        values["provider_name"] = identity.providerName
        values["identity_pool_id"] = identity.identityPoolId
        values["tenant_admin_role_arn"] = app.roleARN(identity.adminRoleName)
        values["tenant_user_role_arn"] = app.roleARN(identity.userRoleName)
        values["trust_role_arn"] = app.roleARN(identity.trustRoleName)
        return values
    }

    func putRolePolicy(_ role: String, _ name: String, _ policy: JSON) async throws(AppError) {
        do throws(AppError) {
            _ = try await app.aws.query(service: "iam", "PutRolePolicy", [
                ("RoleName", role), ("PolicyName", name), ("PolicyDocument", policy.serialized()),
            ], credentials: credentials)
        } catch {
            throw failed("put the \(name) policy on role \(role)", error)
        }
    }

    func applyRoleMappings(_ template: JSON, _ values: [String: String], identity: TenantIdentity) async throws(AppError) {
        var input = try rendered(.roleMappings, template, values)
        input["IdentityPoolId"] = .string(identity.identityPoolId)
        _ = try await step("set the identity pool's roles", .identityPools, "SetIdentityPoolRoles", input)
    }

    func applyPrincipalTags(_ template: JSON, _ values: [String: String], identity: TenantIdentity) async throws(AppError) {
        var input = try rendered(.principalTags, template, values)
        input["IdentityPoolId"] = .string(identity.identityPoolId)
        if input["IdentityProviderName"] == nil { input["IdentityProviderName"] = .string(identity.providerName) }
        _ = try await step("set the principal tags", .identityPools, "SetPrincipalTagAttributeMap", input)
    }

    private func createRole(_ name: String, trust: String, created: inout [Created]) async throws(AppError) {
        do throws(AppError) {
            _ = try await app.aws.query(service: "iam", "CreateRole", [
                ("RoleName", name), ("AssumeRolePolicyDocument", trust), ("Description", "saaslab tenant role"),
            ], credentials: credentials)
        } catch {
            throw failed("create role \(name)", error)
        }
        created.append(.role(name: name, policy: nil))
    }

    private func rendered(_ name: TemplateName, _ template: JSON, _ values: [String: String]) throws(AppError) -> JSONObject {
        guard let object = TemplateRendering.render(template, values).objectValue else {
            throw AppError.badRequest("template \(name.rawValue) must be a JSON object (an AWS request)")
        }
        return object
    }

    private func step(_ what: String, _ service: AWSJSONService, _ operation: String, _ input: JSONObject) async throws(AppError) -> JSONObject {
        do throws(AppError) {
            return try await app.aws.call(service, operation, input, credentials: credentials)
        } catch {
            throw failed(what, error)
        }
    }

    private func failed(_ what: String, _ error: AppError) -> AppError {
        var error = error
        error.message = "\(purpose.failurePrefix) \(what): \(error.message)"
        return error
    }

    private func missing(_ operation: String, _ field: String) -> AppError {
        AppError.platformUnavailable("\(operation) answered without \(field)")
    }
}
