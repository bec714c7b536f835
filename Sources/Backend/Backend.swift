import Cloud
import Cognito
import Core
import DynamoDB
import HTTP
import IAM

/// The embedded backend assembled into one router: the AWS-compatible platform behind
/// `POST /` (and `GET /?Action=...`), and `GET /health`. The SaaS app mounts here as it is
/// built.
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

    /// - Parameter loginTokenVerifier: checks the ID tokens identity pools are given; nil (the
    ///   normal case) means the backend's own user pools. Tests pass a fake to drive identity
    ///   pools with tokens they make themselves.
    public init(_ config: BackendConfig = BackendConfig(), loginTokenVerifier: (any LoginTokenVerifier)? = nil) {
        self.config = config
        identities = IdentityStore(accountId: config.accountId, operatorKey: config.operatorKey, clock: config.clock, random: config.random)
        let userPoolService = CognitoIdentityProviderService(store: identities, region: config.region, clock: config.clock, random: config.random)
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
        var router = Router()
        router.get("/health") { _, _ in
            HTTPResponse.json(text: #"{"status":"ok"}"#)
        }
        frontDoor.register(on: &router)
        OutboxRoute.register(on: &router, userPools: userPools, identities: identities, config: config)
        self.router = router
    }
}
