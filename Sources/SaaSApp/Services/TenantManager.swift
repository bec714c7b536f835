import Core
import HTTP

/// The tenant manager: tenant records. Only system roles list every tenant; a tenant's own
/// users may read (and its admin update) their own record.
struct TenantManager: Sendable {
    let app: AppServices

    /// Members of a tenant record that only provisioning sets.
    static let provisionedFields: Set<String> = [
        "tenant_id", "UserPoolId", "IdentityPoolId", "ClientId", "systemAdminRole", "systemSupportRole", "trustRole",
    ]

    var routes: AppRoutes {
        var routes = AppRoutes(service: "tenant")
        routes.add("GET", "/tenant/health", .anyone) { _, _ in Health.response("Tenant Manager") }
        routes.add("GET", "/tenants", .systemRoles) { _, context, _ in try await list(context) }
        routes.add("GET", "/tenant/:id", .signedIn) { _, context, claims in try await get(context, claims) }
        routes.add("POST", "/tenant", .systemAdmin) { request, context, _ in try await create(request, context) }
        routes.add("PUT", "/tenant", .userManagers) { request, context, claims in try await update(request, context, claims) }
        routes.add("DELETE", "/tenant/:id", .systemAdmin) { _, context, _ in try await delete(context) }
        return routes
    }

    func list(_ context: RequestContext) async throws -> HTTPResponse {
        let tenants = try await app.tables.tenants.scan(credentials: try await app.roles.credentials(.tenant), meter: context.meter)
        let sorted = tenants.sorted { ($0["tenant_id"]?.stringValue ?? "") < ($1["tenant_id"]?.stringValue ?? "") }
        return HTTPResponse.json(.array(sorted.map(JSON.object)))
    }

    func get(_ context: RequestContext, _ claims: VerifiedClaims) async throws -> HTTPResponse {
        let id = try context.pathParameter("id")
        guard claims.mayAccess(tenant: id) else { throw AppError.forbidden("\(claims.userName) may read only their own tenant, \(claims.tenantId)") }
        guard let tenant = try await app.tables.tenants.get(["tenant_id": .string(id)], credentials: try await app.roles.credentials(.tenant), meter: context.meter) else {
            throw AppError.notFound("no tenant '\(id)'")
        }
        return HTTPResponse.json(.object(tenant))
    }

    /// `POST /tenant`: stores a tenant record as sent. `id` (or `tenant_id`) names it; without
    /// one the tenant manager assigns `TENANT` + a UUID's hex digits, as registration does.
    func create(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        var fields = try RequestBody(request).fields
        let given = fields.removeValue(forKey: "id") ?? fields["tenant_id"]
        let id: String
        if let given, !given.isNull {
            guard let text = given.stringValue, !text.isEmpty else { throw AppError.badRequest("\"id\" must be a non-empty string, not \(given)") }
            id = text
        } else {
            id = "TENANT" + UUIDv4.make(using: app.config.random).replacingDashes
        }
        fields["tenant_id"] = .string(id)
        if fields["status"] == nil { fields["status"] = "Active" }
        let credentials = try await app.roles.credentials(.tenant)
        guard try await app.tables.tenants.putIfAbsent(fields, key: "tenant_id", credentials: credentials, meter: context.meter) else {
            throw AppError.conflict("tenant '\(id)' already exists; PUT /tenant changes it")
        }
        return HTTPResponse.json(.object(fields), status: .created)
    }

    /// `PUT /tenant`: changes a tenant's details; its provisioned resources stay as they are.
    func update(_ request: HTTPRequest, _ context: RequestContext, _ claims: VerifiedClaims) async throws -> HTTPResponse {
        let fields = try RequestBody(request).fields
        guard let id = (fields["id"] ?? fields["tenant_id"])?.stringValue else { throw AppError.badRequest("the body needs \"id\" (or \"tenant_id\")") }
        guard claims.mayAccess(tenant: id) else { throw AppError.forbidden("\(claims.userName) may change only their own tenant, \(claims.tenantId)") }
        let credentials = try await app.roles.credentials(.tenant)
        guard var tenant = try await app.tables.tenants.get(["tenant_id": .string(id)], credentials: credentials, meter: context.meter) else {
            throw AppError.notFound("no tenant '\(id)'")
        }
        for (name, value) in fields where name != "id" && !Self.provisionedFields.contains(name) {
            tenant[name] = value
        }
        try await app.tables.tenants.put(tenant, credentials: credentials, meter: context.meter)
        return HTTPResponse.json(.object(tenant))
    }

    /// `DELETE /tenant/:id`: removes the tenant record (as the original did; its pools and
    /// roles remain for an operator to inspect).
    func delete(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try context.pathParameter("id")
        guard let old = try await app.tables.tenants.delete(["tenant_id": .string(id)], credentials: try await app.roles.credentials(.tenant), meter: context.meter) else {
            throw AppError.notFound("no tenant '\(id)'")
        }
        app.tenantPools.forget(id)
        app.tokens.forget(tenantId: id)
        return HTTPResponse.json(.object(old))
    }
}
