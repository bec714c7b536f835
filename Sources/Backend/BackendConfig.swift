import Cognito
import Core
import HTTP
import SaaSApp

/// Everything that makes one embedded backend: the account, the operator's keys, and the
/// injected clock and randomness that make a seeded run reproducible to the byte.
public struct BackendConfig: Sendable {
    /// AWS's documented example keys: what `saaslab serve` accepts unless told otherwise.
    public static let exampleOperatorKey = (
        accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    )

    public var accountId: String
    public var region: String
    /// The operator: an IAM user with full access, for the AWS CLI, boto3 and the SaaS app's
    /// system-level calls.
    public var operatorKey: (accessKeyId: String, secretAccessKey: String)
    /// The SaaS app's system administrator, who signs in through `POST /auth`.
    public var systemAdmin: SystemAdminAccount
    /// PBKDF2 rounds per user password. `saaslab serve` keeps the default; a lab run's
    /// backend lives for one run and holds only lab passwords, so it uses few, to stay fast.
    public var passwordIterations: Int = 10_000
    public var clock: any WallClock
    /// Ids, keys, tokens and request ids all come from here.
    public var random: any RandomSource
    /// User pools' RSA signing keys: the seeded series when `random` is reproducible, else
    /// secret keys from a stock. The process's in-memory keys unless `saaslab` gives ones
    /// kept in the user's cache folder.
    public var poolKeys: PoolSigningKeys = .shared
    /// Told of every message a user pool sends (invitations with temporary passwords,
    /// codes) besides the pool's outbox: `saaslab serve` prints them, so a participant in the
    /// browser can read the temporary password. Nil: the outbox only.
    public var messageDelivery: MessageDelivery?
    /// Told of every unexpected error, by the routers and the platform's front door, with
    /// the request id the client's 500 names: `saaslab serve` prints them on standard error.
    /// Nil: nowhere, and the app's 500s claim no log.
    public var errorSink: ErrorSink?

    public init(
        accountId: String = "123456789012", region: String = "us-east-1",
        operatorKey: (accessKeyId: String, secretAccessKey: String) = BackendConfig.exampleOperatorKey,
        systemAdmin: SystemAdminAccount = .default,
        clock: any WallClock = SystemClock(), random: any RandomSource = SystemRandomSource()
    ) {
        self.systemAdmin = systemAdmin
        self.accountId = accountId
        self.region = region
        self.operatorKey = operatorKey
        self.clock = clock
        self.random = random
    }
}
