import Core
import SigV4
import Synchronization
import Foundation

/// The app's services' own ("system") credentials.
///
/// The app holds one long-term key, as a container holds its task's instance credentials, and
/// each service assumes its own role through STS (`AssumeRole`), as each of the original's
/// microservices ran under its own task role. Credentials are cached until five minutes
/// before they expire.
final class ServiceRoles: Sendable {
    /// A service whose calls run under its own role.
    enum Service: String, CaseIterable, Sendable {
        case auth, tenant, user, product, order

        var roleName: String {
            switch self {
            case .auth: "AuthManager"
            case .tenant: "TenantManager"
            case .user: "UserManager"
            case .product: "ProductManager"
            case .order: "OrderManager"
            }
        }
    }

    static let rolePath = "/saaslab/"
    private let aws: AWSClient
    private let accountId: String
    private let appKey: Mutex<AWSCredentials?> = Mutex(nil)
    private let cache = Mutex<[Service: (credentials: AWSCredentials, refreshAt: Date)]>([:])

    init(aws: AWSClient, accountId: String) {
        self.aws = aws
        self.accountId = accountId
    }

    /// Installs the app's long-term key (made at bootstrap).
    func use(appKey: AWSCredentials) {
        self.appKey.withLock { $0 = appKey }
    }

    /// Takes `other`'s app key and the role credentials it holds.
    func copyState(from other: ServiceRoles) {
        let (key, cached) = (other.appKey.withLock { $0 }, other.cache.withLock { $0 })
        appKey.withLock { $0 = key }
        cache.withLock { $0 = cached }
    }

    func roleARN(_ service: Service) -> String {
        "arn:aws:iam::\(accountId):role\(Self.rolePath)\(service.roleName)"
    }

    func credentials(_ service: Service) async throws(AppError) -> AWSCredentials {
        let now = aws.clock.now()
        if let cached = cache.withLock({ $0[service] }), cached.refreshAt > now { return cached.credentials }
        guard let key = appKey.withLock({ $0 }) else {
            throw AppError(status: .serviceUnavailable, code: "AppNotReady", message: "the SaaS app has not finished starting; try again in a moment")
        }
        let result = try await aws.query(
            service: "sts", "AssumeRole",
            [("RoleArn", roleARN(service)), ("RoleSessionName", "saaslab-\(service.rawValue)"), ("DurationSeconds", "3600")],
            credentials: key
        )
        guard let id = result["AccessKeyId"], let secret = result["SecretAccessKey"], let token = result["SessionToken"] else {
            throw AppError.platformUnavailable("AssumeRole for the \(service.rawValue) service returned no credentials")
        }
        let expires = result["Expiration"].flatMap(AWSTimestamp.parseISO8601) ?? now.addingTimeInterval(3600)
        let credentials = AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token)
        cache.withLock { $0[service] = (credentials, expires.addingTimeInterval(-300)) }
        return credentials
    }
}
