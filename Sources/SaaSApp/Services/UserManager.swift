import Core
import HTTP

/// The user manager: a tenant's users in its own user pool, and their user records.
///
/// Tenant admins (and the system admin) manage users; a TenantUser is refused at the gateway.
/// Every call acts on the caller's own pool, named by their verified token, so no request can
/// reach another tenant's users. `POST /user/create` is the onboarding lab's raw provisioning
/// into any pool, for the system admin only.
struct UserManager: Sendable {
    let app: AppServices

    var routes: AppRoutes {
        var routes = AppRoutes(service: "user")
        routes.add("GET", "/user/health", .anyone) { _, _ in Health.response("User Manager") }
        routes.add("POST", "/user/create", .systemAdmin) { request, _, _ in try await provision(request) }
        routes.add("GET", "/user/pool/:userName", .signedIn) { _, context, claims in try await pool(context, claims) }
        routes.add("GET", "/users", .signedIn) { _, _, claims in try await list(claims) }
        routes.add("GET", "/user/:id", .signedIn) { _, context, claims in try await get(context, claims) }
        routes.add("POST", "/user", .userManagers) { request, context, claims in try await create(request, context, claims) }
        routes.add("PUT", "/user", .userManagers) { request, context, claims in try await update(request, context, claims) }
        routes.add("PUT", "/user/enable", .userManagers) { request, context, claims in try await setEnabled(true, request, context, claims) }
        routes.add("PUT", "/user/disable", .userManagers) { request, context, claims in try await setEnabled(false, request, context, claims) }
        routes.add("DELETE", "/user/:id", .userManagers) { _, context, claims in try await delete(context, claims) }
        return routes
    }

    private var directory: UserDirectory { UserDirectory(app: app) }

    /// `POST /user/create` `{userPoolId, tenant_id, userName, email, firstName, lastName, role, tier}`.
    func provision(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try RequestBody(request)
        let poolId = try body.string("userPoolId")
        let user = NewUser(
            tenantId: try body.string("tenant_id"), userName: try body.string("userName"), email: try body.string("email"),
            firstName: try body.string("firstName"), lastName: try body.string("lastName"), role: try body.string("role"),
            tier: try body.optionalString("tier") ?? "Standard"
        )
        let created = try await directory.createCognitoUser(user, poolId: poolId, credentials: try await app.roles.credentials(.user))
        return HTTPResponse.json(UserDirectory.view(created), status: .created)
    }

    /// `GET /user/pool/:userName`: the user's record, naming their pool and identity pool.
    func pool(_ context: RequestContext, _ claims: VerifiedClaims) async throws -> HTTPResponse {
        let userName = try context.pathParameter("userName")
        let records = try await directory.records(named: userName, meter: context.meter)
        guard let record = records.first(where: { claims.mayAccess(tenant: $0["tenant_id"]?.stringValue ?? "") }) else {
            throw AppError.notFound("no user '\(userName)' in your tenant")
        }
        return HTTPResponse.json(.object(record))
    }

    func list(_ claims: VerifiedClaims) async throws -> HTTPResponse {
        var users: [JSON] = []
        var token: JSON?
        repeat {
            var input: JSONObject = ["UserPoolId": .string(claims.userPoolId)]
            if let token { input["PaginationToken"] = token }
            let page = try await app.aws.call(.userPools, "ListUsers", input, credentials: try await app.roles.credentials(.user))
            users += (page["Users"]?.arrayValue ?? []).compactMap { $0.objectValue.map(UserDirectory.view) }
            token = page["PaginationToken"]
        } while token?.stringValue != nil
        return HTTPResponse.json(.array(users))
    }

    func get(_ context: RequestContext, _ claims: VerifiedClaims) async throws -> HTTPResponse {
        let user = try await cognitoUser(try context.pathParameter("id"), claims)
        return HTTPResponse.json(UserDirectory.view(user))
    }

    /// `POST /user` `{userName, firstName, lastName, role[, email]}`: a user of the caller's
    /// tenant, with the caller's tenant id and tier.
    func create(_ request: HTTPRequest, _ context: RequestContext, _ claims: VerifiedClaims) async throws -> HTTPResponse {
        let body = try RequestBody(request)
        let userName = try body.string("userName")
        let role = try body.string("role")
        try Self.checkRole(role, grantedBy: claims)
        let email = try body.optionalString("email") ?? (userName.contains("@") ? userName : nil)
        guard let email else { throw AppError.badRequest("the body needs \"email\" (or a userName that is an email address)") }
        let user = NewUser(
            tenantId: claims.tenantId, userName: userName, email: email, firstName: try body.string("firstName"),
            lastName: try body.string("lastName"), role: role, tier: claims.tier ?? "Standard"
        )
        let directory = directory
        let view = try await app.userNames.provision(userName, directory: directory, meter: context.meter) { () throws(AppError) in
            try await add(user, claims: claims, directory: directory, meter: context.meter)
        }
        return HTTPResponse.json(view, status: .created)
    }

    /// The Cognito user and its record; never a Cognito user that sign-in cannot find.
    private func add(_ user: NewUser, claims: VerifiedClaims, directory: UserDirectory, meter: UsageMeter?) async throws(AppError) -> JSON {
        let credentials = try await app.roles.credentials(.user)
        let created = try await directory.createCognitoUser(user, poolId: claims.userPoolId, credentials: credentials)
        let view = UserDirectory.view(created)
        let record = directory.record(user, identity: (claims.userPoolId, claims.identityPoolId, claims.clientId), sub: view["sub"]?.stringValue ?? "")
        do throws(AppError) {
            try await app.tables.users.put(record, credentials: credentials, meter: meter)
        } catch {
            _ = try? await app.aws.call(.userPools, "AdminDeleteUser", [
                "UserPoolId": .string(claims.userPoolId), "Username": .string(user.userName),
            ], credentials: credentials)
            throw error
        }
        return view
    }

    /// `PUT /user` `{userName[, firstName, lastName, email, role]}`.
    func update(_ request: HTTPRequest, _ context: RequestContext, _ claims: VerifiedClaims) async throws -> HTTPResponse {
        let body = try RequestBody(request)
        let userName = try body.string("userName")
        var record = try await ownRecord(userName, claims, context)
        var attributes: [JSON] = []
        for (field, attribute) in [("firstName", "given_name"), ("lastName", "family_name"), ("email", "email"), ("role", "custom:role")] {
            guard let value = try body.optionalString(field) else { continue }
            if field == "role" { try Self.checkRole(value, grantedBy: claims) }
            attributes.append(UserDirectory.attribute(attribute, value))
            record[field] = .string(value)
        }
        guard !attributes.isEmpty else { throw AppError.badRequest("nothing to update: send firstName, lastName, email or role") }
        let credentials = try await app.roles.credentials(.user)
        _ = try await app.aws.call(.userPools, "AdminUpdateUserAttributes", [
            "UserPoolId": .string(claims.userPoolId), "Username": .string(userName), "UserAttributes": .array(attributes),
        ], credentials: credentials)
        try await app.tables.users.put(record, credentials: credentials, meter: context.meter)
        app.tokens.forget(userName: userName, userPoolId: claims.userPoolId)
        return HTTPResponse.json(UserDirectory.view(try await cognitoUser(userName, claims)))
    }

    func setEnabled(_ enabled: Bool, _ request: HTTPRequest, _ context: RequestContext, _ claims: VerifiedClaims) async throws -> HTTPResponse {
        let userName = try RequestBody(request).string("userName")
        _ = try await ownRecord(userName, claims, context)
        _ = try await app.aws.call(.userPools, enabled ? "AdminEnableUser" : "AdminDisableUser", [
            "UserPoolId": .string(claims.userPoolId), "Username": .string(userName),
        ], credentials: try await app.roles.credentials(.user))
        if !enabled { app.tokens.forget(userName: userName, userPoolId: claims.userPoolId) }
        return HTTPResponse.json(["userName": .string(userName), "enabled": .bool(enabled)])
    }

    func delete(_ context: RequestContext, _ claims: VerifiedClaims) async throws -> HTTPResponse {
        let userName = try context.pathParameter("id")
        let record = try await ownRecord(userName, claims, context)
        let credentials = try await app.roles.credentials(.user)
        _ = try await app.aws.call(.userPools, "AdminDeleteUser", [
            "UserPoolId": .string(claims.userPoolId), "Username": .string(userName),
        ], credentials: credentials)
        try await app.tables.users.delete(
            ["tenant_id": record["tenant_id"] ?? .null, "user_id": .string(userName)], credentials: credentials, meter: context.meter
        )
        app.tokens.forget(userName: userName, userPoolId: claims.userPoolId)
        return HTTPResponse.json(["userName": .string(userName), "deleted": true])
    }

    /// A role the caller may give: tenant roles in a tenant, system roles in the system tenant.
    static func checkRole(_ role: String, grantedBy claims: VerifiedClaims) throws(AppError) {
        let allowed: [UserRole] = claims.role.isSystem ? [.systemAdmin, .systemUser] : [.tenantAdmin, .tenantUser]
        guard allowed.map(\.rawValue).contains(role) else {
            throw AppError.badRequest("role must be \(allowed.map(\.rawValue).joined(separator: " or ")), not '\(role)'")
        }
    }

    /// The record of `userName` in the caller's own tenant, or 404.
    private func ownRecord(_ userName: String, _ claims: VerifiedClaims, _ context: RequestContext) async throws(AppError) -> JSONObject {
        let records = try await directory.records(named: userName, meter: context.meter)
        guard let record = records.first(where: { $0["tenant_id"]?.stringValue == claims.tenantId }) else {
            throw AppError.notFound("no user '\(userName)' in your tenant")
        }
        return record
    }

    private func cognitoUser(_ userName: String, _ claims: VerifiedClaims) async throws(AppError) -> JSONObject {
        try await app.aws.call(.userPools, "AdminGetUser", [
            "UserPoolId": .string(claims.userPoolId), "Username": .string(userName),
        ], credentials: try await app.roles.credentials(.user))
    }
}

/// `GET /<service>/health`, as every one of the original's services answered.
enum Health {
    static func response(_ service: String) -> HTTPResponse {
        HTTPResponse.json(text: JSON.object(["service": .string(service), "isAlive": true]).serialized())
    }
}
