import Core
import HTTP
import SigV4
import Synchronization

/// The bootcamp's SaaS application: tenant registration, sign-in, the tenant, user, product
/// and order managers, tenant-aware telemetry and an admin API, behind one gateway.
///
/// The app reaches the platform only through `platform`, an HTTP client speaking the AWS API
/// with SigV4, exactly as the original's services used the AWS SDK. ``bootstrap()`` creates
/// what must exist before anyone registers; until it has run, routes that need the platform
/// answer 503.
public final class SaaSApp: Sendable {
    /// Requests and meters, per tenant.
    public let telemetry: Telemetry
    let services: AppServices
    /// The bootstrap in progress or done, so concurrent callers share one run.
    private let bootstrapping = Mutex<Task<Result<String, AppError>, Never>?>(nil)

    public init(config: SaaSAppConfig, platform: any HTTPClient) {
        let aws = AWSClient(http: platform, region: config.region, clock: config.clock)
        let tables = AppTables(aws: aws)
        let roles = ServiceRoles(aws: aws, accountId: config.accountId)
        let systemTenant = SystemTenant()
        let tenantPools = TenantPools(tenants: tables.tenants, roles: roles)
        telemetry = Telemetry()
        services = AppServices(
            config: config, aws: aws, tables: tables, settings: AppSettings(),
            tokens: TokenManager(aws: aws, users: tables.users, tenantPools: tenantPools, roles: roles, systemTenant: systemTenant),
            roles: roles, telemetry: telemetry, systemTenant: systemTenant, userNames: UserNameReservations(), tenantPools: tenantPools
        )
    }

    /// The system tenant's id once ``bootstrap()`` has run.
    public var systemTenantId: String? { services.systemTenant.id }

    /// Provisions the app's identity, service roles, tables and the system tenant with its
    /// administrator. Runs once, however many callers ask at the same time; later calls return
    /// the same system tenant id (or the same failure).
    @discardableResult
    public func bootstrap() async throws(AppError) -> String {
        if let id = systemTenantId { return id }
        let services = services
        let task = bootstrapping.withLock { task in
            if let task { return task }
            let started = Task { () async -> Result<String, AppError> in
                do throws(AppError) {
                    return .success(try await Bootstrap(app: services).run())
                } catch {
                    return .failure(error)
                }
            }
            task = started
            return started
        }
        let id = try await task.value.get()
        services.systemTenant.set(id)
        return id
    }

    /// Points a data service (`product`, `order`) at a process of its own, as
    /// `PUT /admin/services/:service {"serviceURL": ...}` does: the gateway then proxies that
    /// service's routes to `url` (nil: the built-in service answers again).
    public func setServiceURL(_ url: String?, for service: String) throws(AppError) {
        guard ServiceSettings.services.contains(service) else {
            throw AppError.notFound("no settings for service '\(service)'; services with settings: \(ServiceSettings.services.joined(separator: ", "))")
        }
        if let url { try ServiceProxy.check(url: url) }
        var settings = services.settings.service(service)
        settings.serviceURL = url
        services.settings.setService(service, settings)
    }

    /// The product table's name, which the participant creates (Lab 2) and a participant's
    /// service gets as `PRODUCT_TABLE`.
    public static let productTable = AppTables.productTable

    /// Seconds the gateway waits for a proxied service's whole answer (10 unless changed).
    public var serviceTimeout: Double {
        get { services.proxy.timeout }
        set { services.proxy.timeout = newValue }
    }

    /// Temporary credentials of a service's own role (`product`: the ProductManager role), the
    /// "system" credentials the built-in service signs with; what a participant's service
    /// gets, as a container gets its task role's.
    public func serviceRoleCredentials(_ service: String) async throws(AppError) -> AWSCredentials {
        guard let role = ServiceRoles.Service(rawValue: service) else {
            throw AppError.notFound("no service '\(service)'; services: \(ServiceRoles.Service.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return try await services.roles.credentials(role)
    }

    /// Adds the app's routes to `router`, each behind telemetry, and the gateway when it needs
    /// a caller.
    public func register(on router: inout Router) {
        let gateway = Gateway(tokens: services.tokens)
        for routes in self.routes {
            let telemetryMiddleware = TelemetryMiddleware(telemetry: telemetry, clock: services.config.clock, service: routes.service)
            for route in routes.all {
                let handler: RouteHandler
                switch route.handler {
                case .open(let open):
                    handler = open
                case .signedIn(let access, let signedIn):
                    handler = { request, context in
                        try await signedIn(request, context, try await gateway.admit(request, context, access))
                    }
                }
                router.group("", middleware: [telemetryMiddleware]) { group in
                    group.on(route.method, route.path, use: handler)
                }
            }
        }
    }

    /// Every service's routes.
    var routes: [AppRoutes] {
        [
            AuthManager(app: services).routes,
            TenantRegistration(app: services).routes,
            UserManager(app: services).routes,
            TenantManager(app: services).routes,
            TenantDataService(
                app: services, table: services.tables.products, service: .product, noun: "product", idField: "product_id",
                numericFields: ["numberInStock", "unitCost"]
            ).routes,
            TenantDataService(
                app: services, table: services.tables.orders, service: .order, noun: "order", idField: "order_id",
                numericFields: ["quantity", "unitCost"]
            ).routes,
            TelemetryRoutes(app: services).routes,
            AdminAPI(app: services).routes,
        ]
    }
}
