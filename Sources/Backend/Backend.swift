import Cloud
import Cognito
import Core
import DynamoDB
import HTTP
import IAM
import SaaSApp
import SigV4

/// The embedded backend assembled into one router: the AWS-compatible platform behind
/// `POST /` (and `GET /?Action=...`), `GET /health`, and the bootcamp's SaaS app (`/reg`,
/// `/auth`, `/user`, `/tenant`, `/product`, `/order`, `/logs`, `/metering`, `/admin`).
///
/// The app calls the platform through an in-process HTTP client holding the platform's own
/// router, signed with SigV4 like any AWS SDK: it never touches the engines below.
/// ``start(_:)`` builds the backend and bootstraps the app (its roles, tables and system
/// admin); `init` alone leaves the app unbootstrapped, for tests of the platform only.
public struct Backend: Sendable {
    public let config: BackendConfig
    /// The single responder behind both the in-process client and `saaslab serve`.
    public let router: Router
    /// The account's identities, for callers that assemble more services on top.
    public let identities: IdentityStore
    /// Cognito user pools: users, sign-in, and the ID tokens identity pools accept.
    public let userPools: UserPools
    /// Cognito identity pools, whose tokens STS accepts for AssumeRoleWithWebIdentity.
    public let identityPools: IdentityPools
    /// The DynamoDB-compatible table engine.
    public let dynamoDB: DynamoDBEngine
    /// The bootcamp's SaaS application.
    public let app: SaaSApp

    /// - Parameter loginTokenVerifier: checks the ID tokens identity pools are given; nil (the
    ///   normal case) means the backend's own user pools. Tests pass a fake to drive identity
    ///   pools with tokens they make themselves.
    public init(_ config: BackendConfig = BackendConfig(), loginTokenVerifier: (any LoginTokenVerifier)? = nil) {
        self.config = config
        identities = IdentityStore(accountId: config.accountId, operatorKey: config.operatorKey, clock: config.clock, random: config.random)
        let userPoolService = CognitoIdentityProviderService(
            store: identities, region: config.region, clock: config.clock, random: config.random, passwordIterations: config.passwordIterations
        )
        userPools = userPoolService.pools
        let identityPoolTokens = IdentityPoolTokens(random: config.random)
        let sts = SecurityTokenService(store: identities, webIdentityVerifier: identityPoolTokens)
        identityPools = IdentityPools(
            region: config.region, accountId: config.accountId, clock: config.clock, random: config.random,
            loginVerifier: loginTokenVerifier ?? userPools, tokens: identityPoolTokens, sts: sts
        )
        dynamoDB = DynamoDBEngine(region: config.region, accountId: config.accountId, clock: config.clock, random: config.random)
        let frontDoor = CloudFrontDoor(
            services: [
                IAMQueryService(store: identities, clock: config.clock),
                STSQueryService(sts: sts, clock: config.clock),
                userPoolService,
                CognitoIdentityService(pools: identityPools, store: identities, clock: config.clock),
                DynamoDBService(engine: dynamoDB, store: identities, clock: config.clock),
            ],
            credentials: IdentityCredentialResolver(store: identities), clock: config.clock,
            requestIDs: config.random, region: config.region, accountId: config.accountId
        )
        let identities = identities
        let userPools = userPools
        let platform: (inout Router) -> Void = { router in
            router.get("/health") { _, _ in
                HTTPResponse.json(text: #"{"status":"ok"}"#)
            }
            frontDoor.register(on: &router)
            OutboxRoute.register(on: &router, userPools: userPools, identities: identities, config: config)
        }
        var platformRouter = Router()
        platform(&platformRouter)
        app = SaaSApp(
            config: SaaSAppConfig(
                region: config.region, accountId: config.accountId,
                operatorKey: AWSCredentials(accessKeyId: config.operatorKey.accessKeyId, secretAccessKey: config.operatorKey.secretAccessKey),
                systemAdmin: config.systemAdmin, clock: config.clock, random: config.random
            ),
            platform: InProcessClient(responder: platformRouter)
        )
        var router = Router()
        platform(&router)
        app.register(on: &router)
        self.router = router
    }

    /// A backend with its SaaS app bootstrapped: the app's identity and service roles, the
    /// tenant, user and order tables, and the system tenant with its administrator.
    public static func start(_ config: BackendConfig = BackendConfig(), loginTokenVerifier: (any LoginTokenVerifier)? = nil) async throws -> Backend {
        let backend = Backend(config, loginTokenVerifier: loginTokenVerifier)
        try await backend.app.bootstrap()
        return backend
    }
}
