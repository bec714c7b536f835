import Cloud
import Cognito
import Core
import DynamoDB
import HTTP
import IAM
import SaaSApp
import SigV4
import WebClient

/// The embedded backend assembled into one router: the AWS-compatible platform behind
/// `POST /` (and `GET /?Action=...`), `GET /health`, and the bootcamp's SaaS app (`/reg`,
/// `/auth`, `/user`, `/tenant`, `/product`, `/order`, `/logs`, `/metering`, `/admin`), and the
/// app's web client for a browser's `GET /`.
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
    /// The platform's AWS services behind the front door, in the order they were given: their
    /// operations are the ``catalog``.
    let services: [any CloudService]

    /// Requests from the app to the platform go through this router, inside the app's
    /// in-process client; kept so a copy can number its requests on from it.
    private let platformRouter: Router
    /// The verifier identity pools were given instead of the user pools, if any.
    private let loginTokenVerifier: (any LoginTokenVerifier)?

    /// - Parameter loginTokenVerifier: checks the ID tokens identity pools are given; nil (the
    ///   normal case) means the backend's own user pools. Tests pass a fake to drive identity
    ///   pools with tokens they make themselves.
    public init(_ config: BackendConfig = BackendConfig(), loginTokenVerifier: (any LoginTokenVerifier)? = nil) {
        let identities = IdentityStore(accountId: config.accountId, operatorKey: config.operatorKey, clock: config.clock, random: config.random)
        let userPools = UserPools(
            region: config.region, accountId: config.accountId, clock: config.clock, random: config.random,
            passwordIterations: config.passwordIterations, keys: config.poolKeys,
            delivery: config.messageDelivery
        )
        let identityPoolTokens = IdentityPoolTokens(random: config.random)
        let sts = SecurityTokenService(store: identities, webIdentityVerifier: identityPoolTokens)
        let identityPools = IdentityPools(
            region: config.region, accountId: config.accountId, clock: config.clock, random: config.random,
            loginVerifier: loginTokenVerifier ?? userPools, tokens: identityPoolTokens, sts: sts
        )
        let dynamoDB = DynamoDBEngine(region: config.region, accountId: config.accountId, clock: config.clock, random: config.random)
        self.init(
            config, identities: identities, userPools: userPools, sts: sts, identityPools: identityPools, dynamoDB: dynamoDB,
            loginTokenVerifier: loginTokenVerifier, numberingFrom: nil
        )
    }

    /// Wires engines into the platform's front door, the SaaS app and the routers.
    private init(
        _ config: BackendConfig, identities: IdentityStore, userPools: UserPools, sts: SecurityTokenService,
        identityPools: IdentityPools, dynamoDB: DynamoDBEngine, loginTokenVerifier: (any LoginTokenVerifier)?, numberingFrom source: Backend?
    ) {
        self.config = config
        self.identities = identities
        self.userPools = userPools
        self.identityPools = identityPools
        self.dynamoDB = dynamoDB
        self.loginTokenVerifier = loginTokenVerifier
        let services: [any CloudService] = [
            IAMQueryService(store: identities, clock: config.clock),
            STSQueryService(sts: sts, clock: config.clock),
            CognitoIdentityProviderService(pools: userPools, store: identities, clock: config.clock),
            CognitoIdentityService(pools: identityPools, store: identities, clock: config.clock),
            DynamoDBService(engine: dynamoDB, store: identities, clock: config.clock),
        ]
        self.services = services
        let frontDoor = CloudFrontDoor(
            services: services,
            credentials: IdentityCredentialResolver(store: identities), clock: config.clock,
            requestIDs: config.random, region: config.region, accountId: config.accountId, errorSink: config.errorSink
        )
        // The web client only on the router `serve` answers with: the app's own calls to the
        // platform never ask for a page.
        let platform: (inout Router, _ withWebClient: Bool) -> Void = { router, withWebClient in
            router.get("/health") { _, _ in
                HTTPResponse.json(text: #"{"status":"ok"}"#)
            }
            frontDoor.register(on: &router, page: withWebClient ? (WebClient.isPageRequest, WebClient.page) : nil)
            if withWebClient { WebClient.register(on: &router) }
            OutboxRoute.register(on: &router, userPools: userPools, identities: identities, config: config)
            UserPoolDiscoveryRoute.register(on: &router, userPools: userPools)
        }
        var platformRouter = Router(errorSink: config.errorSink)
        platform(&platformRouter, false)
        if let source { platformRouter.continueNumbering(from: source.platformRouter) }
        self.platformRouter = platformRouter
        app = SaaSApp(
            config: SaaSAppConfig(
                region: config.region, accountId: config.accountId,
                operatorKey: AWSCredentials(accessKeyId: config.operatorKey.accessKeyId, secretAccessKey: config.operatorKey.secretAccessKey),
                systemAdmin: config.systemAdmin, clock: config.clock, random: config.random
            ),
            platform: InProcessClient(responder: platformRouter)
        )
        var router = Router(errorSink: config.errorSink)
        platform(&router, true)
        app.register(on: &router)
        if let source { router.continueNumbering(from: source.router) }
        self.router = router
    }

    /// An independent backend holding everything this one holds now: every engine's state,
    /// the SaaS app's (bootstrapped or not), and the clock's time and the random generator's
    /// state, each its own from here on.
    ///
    /// Nothing is drawn or asked while copying, so the copy goes on exactly as this backend
    /// would have: a seeded run on a copy of a bootstrapped backend gives the same results as
    /// one on a backend bootstrapped afresh. `grade` bootstraps one backend and hands every
    /// participant a copy, instead of bootstrapping one each. Copy a backend between requests,
    /// not while it serves some. Secrets made before the copy (the app's key, the system
    /// tenant's token signing key) are shared by the copies; each copy still makes its own
    /// from then on.
    public func copy() -> Backend {
        var config = config
        config.clock = config.clock.copy()
        config.random = config.random.copy()
        let identities = identities.copy(clock: config.clock, random: config.random)
        let userPools = userPools.copy(clock: config.clock, random: config.random)
        let tokens = identityPools.tokens.copy()
        let sts = SecurityTokenService(store: identities, webIdentityVerifier: tokens)
        let identityPools = identityPools.copy(
            clock: config.clock, random: config.random, loginVerifier: loginTokenVerifier ?? userPools, tokens: tokens, sts: sts
        )
        let copied = Backend(
            config, identities: identities, userPools: userPools, sts: sts, identityPools: identityPools,
            dynamoDB: dynamoDB.copy(clock: config.clock, random: config.random),
            loginTokenVerifier: loginTokenVerifier, numberingFrom: self
        )
        copied.app.takeState(of: app)
        return copied
    }

    /// A backend with its SaaS app bootstrapped: the app's identity and service roles, the
    /// tenant, user and order tables, and the system tenant with its administrator.
    public static func start(_ config: BackendConfig = BackendConfig(), loginTokenVerifier: (any LoginTokenVerifier)? = nil) async throws -> Backend {
        let backend = Backend(config, loginTokenVerifier: loginTokenVerifier)
        try await backend.app.bootstrap()
        return backend
    }
}
