import Core

/// How a data service (product, order) behaves: the settings that stand in for the code the
/// original bootcamp had participants change.
public struct ServiceSettings: Sendable, Equatable {
    /// Where the service takes the caller's tenant id from.
    public enum TenantContext: String, Sendable, CaseIterable {
        /// The request body's `tenant_id` (writes) or the `tenant_id` query parameter (reads):
        /// anyone can name any tenant.
        case request
        /// The verified ID token's `custom:tenant_id`.
        case token
    }

    /// Which credentials the service signs its data-store calls with.
    public enum Credentials: String, Sendable, CaseIterable {
        /// The service's own role, unconditioned on its table: a wrong tenant id in a query
        /// still reads data.
        case system
        /// Temporary credentials of the caller's role, from the identity pool: IAM decides
        /// which partitions the call may touch.
        case tenant
    }

    public var tenantContext: TenantContext
    public var credentials: Credentials
    /// When set, the service queries this tenant's partition instead of the caller's: the
    /// tenant-isolation lab's cross-tenant fault.
    public var injectTenantId: String?
    /// When set, the service runs elsewhere (the code track: the participant's own, at e.g.
    /// `http://127.0.0.1:8001`): the gateway verifies the caller and proxies the service's
    /// routes there (``ServiceProxy``), and the other settings no longer apply.
    public var serviceURL: String?

    public init(tenantContext: TenantContext = .token, credentials: Credentials = .system, injectTenantId: String? = nil, serviceURL: String? = nil) {
        self.tenantContext = tenantContext
        self.credentials = credentials
        self.injectTenantId = injectTenantId
        self.serviceURL = serviceURL
    }

    /// The services whose settings can change.
    public static let services = ["product", "order"]

    var json: JSON {
        [
            "tenantContext": .string(tenantContext.rawValue), "credentials": .string(credentials.rawValue),
            "injectTenantId": injectTenantId.map(JSON.string) ?? .null, "serviceURL": serviceURL.map(JSON.string) ?? .null,
        ]
    }

    /// Reads a settings document; members it leaves out keep their current values.
    func updated(from document: JSON, service: String) throws(AppError) -> ServiceSettings {
        guard let members = document.objectValue else {
            throw AppError.badRequest("the settings of \(service) must be a JSON object such as {\"tenantContext\": \"request\", \"credentials\": \"system\"} (the defaults)")
        }
        var settings = self
        for (name, value) in members {
            switch name {
            case "tenantContext":
                guard let text = value.stringValue, let parsed = TenantContext(rawValue: text) else {
                    throw AppError.badRequest("tenantContext must be one of \(Self.list(TenantContext.allCases.map(\.rawValue))), not \(value)")
                }
                settings.tenantContext = parsed
            case "credentials":
                guard let text = value.stringValue, let parsed = Credentials(rawValue: text) else {
                    throw AppError.badRequest("credentials must be one of \(Self.list(Credentials.allCases.map(\.rawValue))), not \(value)")
                }
                settings.credentials = parsed
            case "injectTenantId":
                if value.isNull {
                    settings.injectTenantId = nil
                } else if let text = value.stringValue, !text.isEmpty {
                    settings.injectTenantId = text
                } else {
                    throw AppError.badRequest("injectTenantId must be a tenant id string, or null to stop injecting")
                }
            case "serviceURL":
                if value.isNull {
                    settings.serviceURL = nil
                } else if let text = value.stringValue {
                    try ServiceProxy.check(url: text)
                    settings.serviceURL = text
                } else {
                    throw AppError.badRequest("serviceURL must be an http:// URL string such as http://127.0.0.1:8001, or null for the built-in service")
                }
            default:
                var message = "unknown setting '\(name)' for \(service)"
                if let close = Suggestion.closest(to: name, among: ["tenantContext", "credentials", "injectTenantId", "serviceURL"]) {
                    message += "; did you mean '\(close)'?"
                }
                throw AppError.badRequest(message)
            }
        }
        return settings
    }

    private static func list(_ values: [String]) -> String {
        values.map { "\"\($0)\"" }.joined(separator: " or ")
    }
}
