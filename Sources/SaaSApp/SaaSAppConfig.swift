import Core
import SigV4

/// The system administrator that the app creates at start: the SaaS provider's own user,
/// who signs in through `POST /auth` like any other and holds the SystemAdmin role.
public struct SystemAdminAccount: Sendable, Equatable {
    public var userName: String
    public var password: String
    public var email: String

    /// The account `saaslab serve` and the lab runner use unless told otherwise. The password
    /// meets the default password policy (length, cases, number, symbol).
    public static let `default` = SystemAdminAccount(userName: "admin", password: "Admin-Passw0rd!", email: "admin@saaslab.example")

    public init(userName: String, password: String, email: String) {
        self.userName = userName
        self.password = password
        self.email = email
    }
}

/// What the app needs to know about where it runs.
public struct SaaSAppConfig: Sendable {
    public var region: String
    public var accountId: String
    /// The key the app provisions its own identity, roles and tables with at start, as a
    /// deployment pipeline would; after that, the app uses the identity it made.
    public var operatorKey: AWSCredentials
    public var systemAdmin: SystemAdminAccount
    public var clock: any WallClock
    public var random: any RandomSource

    public init(
        region: String, accountId: String, operatorKey: AWSCredentials, systemAdmin: SystemAdminAccount = .default,
        clock: any WallClock, random: any RandomSource
    ) {
        self.region = region
        self.accountId = accountId
        self.operatorKey = operatorKey
        self.systemAdmin = systemAdmin
        self.clock = clock
        self.random = random
    }
}
