import Cloud
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

    public init(_ config: BackendConfig = BackendConfig()) {
        self.config = config
        identities = IdentityStore(accountId: config.accountId, operatorKey: config.operatorKey, clock: config.clock, random: config.random)
        let sts = SecurityTokenService(store: identities)
        let userPools = CognitoIdentityProviderService(store: identities, region: config.region, clock: config.clock, random: config.random)
        let frontDoor = CloudFrontDoor(
            services: [
                IAMQueryService(store: identities, clock: config.clock),
                STSQueryService(sts: sts, clock: config.clock),
                userPools,
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
