import Core
import HTTP

/// The app's admin API, for the system admin (and the labs): the templates registration
/// provisions from, and the data services' settings.
///
/// - `GET /admin/templates`, `GET|PUT|DELETE /admin/templates/:name`: a template is the AWS
///   request (or IAM policy document) registration sends, with `{{placeholders}}`. `PUT`
///   checks the placeholders and, for policies, that IAM accepts the rendered document (and
///   answers `warnings` for what IAM accepts but will not do as written, such as variables in a
///   policy without `"Version": "2012-10-17"`);
///   `?apply=existing` also applies a policy, role-mapping or principal-tag template to every
///   tenant already registered. `DELETE` restores the default.
/// - `GET|PUT /admin/services/:service` (`product`, `order`): see ``ServiceSettings``.
struct AdminAPI: Sendable {
    let app: AppServices

    var routes: AppRoutes {
        var routes = AppRoutes(service: "admin")
        routes.add("GET", "/admin/templates", .systemAdmin) { _, _, _ in listTemplates() }
        routes.add("GET", "/admin/templates/:name", .systemAdmin) { _, context, _ in
            HTTPResponse.json(app.settings.template(try template(context)))
        }
        routes.add("PUT", "/admin/templates/:name", .systemAdmin) { request, context, _ in try await putTemplate(request, context) }
        routes.add("DELETE", "/admin/templates/:name", .systemAdmin) { _, context, _ in
            let name = try template(context)
            app.settings.setTemplate(name, nil)
            return HTTPResponse.json(app.settings.template(name))
        }
        routes.add("GET", "/admin/services/:service", .systemAdmin) { _, context, _ in
            HTTPResponse.json(app.settings.service(try serviceName(context)).json)
        }
        routes.add("PUT", "/admin/services/:service", .systemAdmin) { request, context, _ in
            let name = try serviceName(context)
            let document = try RequestBody(request)
            let settings = try app.settings.service(name).updated(from: .object(document.fields), service: name)
            app.settings.setService(name, settings)
            return HTTPResponse.json(settings.json)
        }
        return routes
    }

    private func listTemplates() -> HTTPResponse {
        let entries: [JSON] = TemplateName.allCases.map { name in
            [
                "name": .string(name.rawValue), "default": .bool(app.settings.isDefault(name)),
                "appliesToExistingTenants": .bool(name.appliesToExistingTenants),
                "placeholders": .array(name.placeholders.map { .string("{{\($0)}}") }),
            ]
        }
        return HTTPResponse.json(["templates": .array(entries)])
    }

    /// The template the path names (`:name`); 404 naming the templates when none is called so.
    private func template(_ context: RequestContext) throws -> TemplateName {
        let text = try context.pathParameter("name")
        guard let name = TemplateName(rawValue: text) else {
            var message = "no template '\(text)'"
            if let close = Suggestion.closest(to: text, among: TemplateName.allCases.map(\.rawValue)) { message += "; did you mean '\(close)'?" }
            throw AppError.notFound(message + " Templates: " + TemplateName.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return name
    }

    private func serviceName(_ context: RequestContext) throws -> String {
        let name = try context.pathParameter("service")
        guard ServiceSettings.services.contains(name) else {
            throw AppError.notFound("no settings for service '\(name)'; services with settings: \(ServiceSettings.services.joined(separator: ", "))")
        }
        return name
    }

    private func putTemplate(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let name = try template(context)
        let document = JSON.object(try RequestBody(request).fields)
        try TemplateRendering.validate(document, for: name)
        let apply = request.query("apply")
        guard apply == nil || apply == "existing" else {
            throw AppError.badRequest("apply must be 'existing' (apply to every registered tenant) or left out")
        }
        if apply != nil, !name.appliesToExistingTenants {
            throw AppError.badRequest("template \(name.rawValue) shapes new tenants only; existing tenants' pools are not rebuilt, so leave out ?apply=existing")
        }
        let credentials = try await app.roles.credentials(.user)
        let provisioning = Provisioning(app: app, credentials: credentials, purpose: .applying(name))
        var warnings: [String] = []
        if name == .tenantAdminPolicy || name == .tenantUserPolicy {
            try await checkPolicy(document, provisioning)
            warnings = TemplateShapes.policyWarnings(document)
        }
        if name == .roleMappings { try TemplateShapes.checkRoleMappings(document) }
        let previous = app.settings.isDefault(name) ? nil : app.settings.template(name)
        app.settings.setTemplate(name, document)
        var applied: [JSON] = []
        var failed: [JSON] = []
        if apply != nil {
            let tenants = try await app.tables.tenants.scan(credentials: try await app.roles.credentials(.tenant), meter: context.meter)
            for tenant in tenants.sorted(by: { ($0["tenant_id"]?.stringValue ?? "") < ($1["tenant_id"]?.stringValue ?? "") }) {
                guard let identity = Self.identity(of: tenant), identity.tenantId != app.systemTenant.id else { continue }
                if let error = await attempt(name, document, to: identity, provisioning) {
                    // The platform refused the template itself: keep the one that worked, so
                    // one bad answer cannot break every later registration.
                    if applied.isEmpty && failed.isEmpty {
                        app.settings.setTemplate(name, previous)
                        throw AppError(
                            status: error.status == .badGateway ? .badGateway : .badRequest, code: error.code,
                            message: "template \(name.rawValue) was not stored: the platform refused it for tenant \(identity.tenantId): \(error.message)"
                        )
                    }
                    failed.append(["tenant": .string(identity.tenantId), "error": .string(error.code), "message": .string(error.message)])
                } else {
                    applied.append(.string(identity.tenantId))
                }
            }
            app.tokens.forgetCredentials()
        }
        return HTTPResponse.json([
            "template": .string(name.rawValue), "document": document, "applied": .array(applied), "failed": .array(failed),
            "warnings": .array(warnings.map { .string($0) }),
        ])
    }

    /// Asks IAM whether the policy, rendered for an example tenant, is a valid document, and
    /// checks it fits IAM's quota, so a mistake is reported now rather than at the next
    /// registration. The example's ids are as long as real ones, so it renders to the size a
    /// tenant's policy will have.
    private func checkPolicy(_ document: JSON, _ provisioning: Provisioning) async throws(AppError) {
        let tenant = "TENANTexample" + String(repeating: "0", count: 25)
        let pool = "\(app.region)_example00"
        let example = TenantIdentity(
            tenantId: tenant, userPoolId: pool, clientId: "exampleclient" + String(repeating: "0", count: 13),
            identityPoolId: "\(app.region):00000000-0000-4000-8000-000000000000",
            providerName: "cognito-idp.\(app.region).amazonaws.com/\(pool)",
            adminRoleName: "\(tenant)-TenantAdmin", userRoleName: "\(tenant)-TenantUser", trustRoleName: "\(tenant)-Trust"
        )
        let rendered = TemplateRendering.render(document, provisioning.values(for: example))
        do throws(AppError) {
            _ = try await app.aws.query(service: "iam", "SimulateCustomPolicy", [
                ("PolicyInputList.member.1", rendered.serialized(pretty: true)), ("ActionNames.member.1", "dynamodb:GetItem"),
            ], credentials: provisioning.credentials)
        } catch where error.code == "MalformedPolicyDocument" || error.code == "InvalidInput" {
            throw AppError(status: .badRequest, code: error.code, message: "the policy template is not a valid IAM policy: \(error.message)")
        }
        // Simulation applies no quotas. A tenant role holds this one inline policy, and IAM
        // allows a role's inline policies 10,240 characters together, whitespace not counted.
        let size = rendered.serialized().unicodeScalars.filter { !" \t\n\r".unicodeScalars.contains($0) }.count
        guard size <= Self.rolePolicyQuota else {
            throw AppError(
                status: .badRequest, code: "LimitExceeded",
                message: "the policy template is too large for IAM: rendered for a tenant it is \(size) characters without whitespace, "
                    + "and IAM allows a role's inline policies \(Self.rolePolicyQuota) together"
            )
        }
    }

    /// IAM's quota on all of a role's inline policies together, in characters other than
    /// whitespace.
    static let rolePolicyQuota = 10_240

    /// Applies the template to one tenant; the error if it failed.
    private func attempt(_ name: TemplateName, _ document: JSON, to identity: TenantIdentity, _ provisioning: Provisioning) async -> AppError? {
        do throws(AppError) {
            try await applyTemplate(name, document, to: identity, provisioning)
            return nil
        } catch {
            return error
        }
    }

    private func applyTemplate(_ name: TemplateName, _ document: JSON, to identity: TenantIdentity, _ provisioning: Provisioning) async throws(AppError) {
        let values = provisioning.values(for: identity)
        switch name {
        case .tenantAdminPolicy:
            try await provisioning.putRolePolicy(identity.adminRoleName, "TenantAdminPolicy", TemplateRendering.render(document, values))
        case .tenantUserPolicy:
            try await provisioning.putRolePolicy(identity.userRoleName, "TenantUserPolicy", TemplateRendering.render(document, values))
        case .roleMappings:
            try await provisioning.applyRoleMappings(document, values, identity: identity)
        case .principalTags:
            try await provisioning.applyPrincipalTags(document, values, identity: identity)
        case .userPool, .appClient, .identityPool:
            break
        }
    }

    /// A registered tenant's identity resources, from its tenant record.
    static func identity(of tenant: JSONObject) -> TenantIdentity? {
        guard let id = tenant["tenant_id"]?.stringValue, let pool = tenant["UserPoolId"]?.stringValue,
              let identityPool = tenant["IdentityPoolId"]?.stringValue, let client = tenant["ClientId"]?.stringValue,
              let admin = tenant["systemAdminRole"]?.stringValue, let user = tenant["systemSupportRole"]?.stringValue,
              let trust = tenant["trustRole"]?.stringValue else { return nil }
        let region = pool.split(separator: "_").first.map(String.init) ?? ""
        return TenantIdentity(
            tenantId: id, userPoolId: pool, clientId: client, identityPoolId: identityPool,
            providerName: "cognito-idp.\(region).amazonaws.com/\(pool)", adminRoleName: admin, userRoleName: user, trustRoleName: trust
        )
    }
}
