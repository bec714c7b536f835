import Core
import HTTP

/// `POST /reg`: registers a tenant in one go: its identity resources from the templates, its
/// admin user (invited by email through the pool), the admin's user record and the tenant
/// record. Anything it created is removed again if a later step fails.
struct TenantRegistration: Sendable {
    let app: AppServices

    var routes: AppRoutes {
        var routes = AppRoutes(service: "registration")
        routes.add("GET", "/reg/health", .anyone) { _, _ in Health.response("Tenant Registration") }
        routes.add("POST", "/reg", .anyone) { request, context in try await register(request, context) }
        return routes
    }

    func register(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let body = try RequestBody(request)
        let userName = try body.string("userName")
        let companyName = try body.string("companyName")
        let admin = NewUser(
            tenantId: "TENANT" + UUIDv4.make(using: app.config.random).replacingDashes,
            userName: userName, email: try body.string("email"),
            firstName: try body.string("firstName"), lastName: try body.string("lastName"),
            role: UserRole.tenantAdmin.rawValue, tier: try body.optionalString("tier") ?? "Standard",
            companyName: companyName, accountName: try body.optionalString("accountName") ?? companyName
        )
        let directory = UserDirectory(app: app)
        let tenant = try await app.userNames.provision(userName, directory: directory, meter: context.meter) { () throws(AppError) in
            try await provision(admin, body, directory: directory, meter: context.meter)
        }
        let response: JSON = [
            "id": tenant["tenant_id"] ?? .null, "company": .string(companyName), "tier": .string(admin.tier),
            "status": "Active", "userName": .string(userName), "userPoolId": tenant["UserPoolId"] ?? .null,
            "identityPoolId": tenant["IdentityPoolId"] ?? .null, "clientId": tenant["ClientId"] ?? .null,
        ]
        return HTTPResponse.json(response, status: .created)
    }

    /// Everything a tenant is made of, all or nothing; returns the tenant record.
    private func provision(_ admin: NewUser, _ body: RequestBody, directory: UserDirectory, meter: UsageMeter?) async throws(AppError) -> JSONObject {
        let userName = admin.userName
        let credentials = try await app.roles.credentials(.user)
        let provisioning = Provisioning(app: app, credentials: credentials, purpose: .registration)
        let tenantCredentials = try await app.roles.credentials(.tenant)
        return try await provisioning.allOrNothing { created throws(AppError) in
            let identity = try await provisioning.identity(tenantId: admin.tenantId, roles: tenantRoles, created: &created)
            let user = try await directory.createCognitoUser(admin, poolId: identity.userPoolId, credentials: credentials)
            let sub = UserDirectory.view(user)["sub"]?.stringValue ?? ""
            let record = directory.record(admin, identity: (identity.userPoolId, identity.identityPoolId, identity.clientId), sub: sub)
            try await app.tables.users.put(record, credentials: credentials, meter: meter)
            created.append(.record(app.tables.users, ["tenant_id": .string(admin.tenantId), "user_id": .string(userName)]))
            let tenant = tenantRecord(body, admin: admin, identity: identity)
            try await app.tables.tenants.put(tenant, unlessExists: "tenant_id", credentials: tenantCredentials, meter: meter)
            // Metered under the tenant only once it exists; a failed registration stays anonymous.
            meter?.attribute(tenantId: admin.tenantId, userName: admin.userName, role: admin.role)
            return tenant
        }
    }

    /// TenantAdmin and TenantUser roles with the current policy templates and role mapping.
    func tenantRoles(_ identity: TenantIdentity) -> Provisioning.RolePlan {
        Provisioning.RolePlan(
            adminRole: ("\(identity.tenantId)-TenantAdmin", "TenantAdminPolicy", app.settings.template(.tenantAdminPolicy)),
            userRole: ("\(identity.tenantId)-TenantUser", "TenantUserPolicy", app.settings.template(.tenantUserPolicy)),
            roleMappings: app.settings.template(.roleMappings)
        )
    }

    private func tenantRecord(_ body: RequestBody, admin: NewUser, identity: TenantIdentity) -> JSONObject {
        [
            "tenant_id": .string(admin.tenantId), "companyName": .string(admin.companyName ?? ""),
            "accountName": .string(admin.accountName ?? ""),
            "ownerName": .string((try? body.optionalString("ownerName")).flatMap { $0 } ?? "\(admin.firstName) \(admin.lastName)"),
            "tier": .string(admin.tier), "email": .string(admin.email), "status": "Active",
            "UserPoolId": .string(identity.userPoolId), "IdentityPoolId": .string(identity.identityPoolId),
            "ClientId": .string(identity.clientId),
            "systemAdminRole": .string(identity.adminRoleName), "systemSupportRole": .string(identity.userRoleName),
            "trustRole": .string(identity.trustRoleName), "userName": .string(admin.userName),
        ]
    }
}

extension String {
    /// A UUID's 32 hex digits without dashes, lower case, as the original made tenant ids.
    var replacingDashes: String { String(filter { $0 != "-" }).lowercased() }
}
