import Cloud
import Cognito
import Core
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
    /// Cognito identity pools, whose tokens STS accepts for AssumeRoleWithWebIdentity.
    public let identityPools: IdentityPools

    /// - Parameter loginTokenVerifier: checks the user pool ID tokens identity pools are given.
    ///   PLACEHOLDER until the user-pool engine lands and is passed here: nil means
    ///   ``RefusingLoginTokenVerifier``, which refuses every login with NotAuthorizedException.
    public init(_ config: BackendConfig = BackendConfig(), loginTokenVerifier: (any LoginTokenVerifier)? = nil) {
        self.config = config
        identities = IdentityStore(accountId: config.accountId, operatorKey: config.operatorKey, clock: config.clock, random: config.random)
        let identityPoolTokens = IdentityPoolTokens(random: config.random)
        let sts = SecurityTokenService(store: identities, webIdentityVerifier: identityPoolTokens)
        identityPools = IdentityPools(
            region: config.region, accountId: config.accountId, clock: config.clock, random: config.random,
            loginVerifier: loginTokenVerifier ?? RefusingLoginTokenVerifier(), tokens: identityPoolTokens, sts: sts
        )
        let frontDoor = CloudFrontDoor(
            services: [
                IAMQueryService(store: identities, clock: config.clock),
                STSQueryService(sts: sts, clock: config.clock),
                CognitoIdentityService(pools: identityPools, store: identities, clock: config.clock),
            ],
            credentials: IdentityCredentialResolver(store: identities), clock: config.clock,
            requestIDs: config.random, region: config.region, accountId: config.accountId
        )
        var router = Router()
        router.get("/health") { _, _ in
            HTTPResponse.json(text: #"{"status":"ok"}"#)
        }
        frontDoor.register(on: &router)
        self.router = router
    }
}
