import Core
import SigV4

/// What every service of the app shares: the AWS client, the tables, the settings, the
/// token manager, the services' own roles and the telemetry.
struct AppServices: Sendable {
    let config: SaaSAppConfig
    let aws: AWSClient
    let tables: AppTables
    let settings: AppSettings
    let tokens: TokenManager
    let roles: ServiceRoles
    let telemetry: Telemetry
    let systemTenant: SystemTenant
    let userNames: UserNameReservations
    let tenantPools: TenantPools
    let schemas = SchemaCaches()
    /// The gateway's way to services that run elsewhere (a setting's `serviceURL`).
    let proxy = ServiceProxy()

    var region: String { config.region }
    var accountId: String { config.accountId }

    func tableARN(_ table: String) -> String {
        AppTables.arn(table, region: region, accountId: accountId)
    }

    func roleARN(_ name: String) -> String {
        "arn:aws:iam::\(accountId):role/\(name)"
    }

    /// The credentials a data service signs with for this request, per its settings.
    func dataCredentials(_ service: ServiceRoles.Service, settings: ServiceSettings, claims: VerifiedClaims) async throws(AppError) -> AWSCredentials {
        switch settings.credentials {
        case .system: try await roles.credentials(service)
        case .tenant: try await tokens.tenantCredentials(for: claims)
        }
    }
}
