import Cognito
import Core
import HTTP
import IAM
import SigV4

/// `GET /_saaslab/outbox/:userPoolId`: the messages a user pool would have emailed or texted
/// (invitations with temporary passwords, sign-up codes), newest last.
///
/// The platform sends no mail; this is where a lab step or a test reads the temporary
/// password of a user that registration created, much as a development mail catcher would show
/// it. It is saaslab's own route, not part of any AWS API. Temporary passwords are secrets that
/// take over accounts, so the request must be SigV4-signed (service `cognito-idp`) by a
/// principal allowed saaslab's own action `saaslab:ReadOutbox` on the pool. No AWS policy
/// grants it by accident: the operator (`Action: *`) may; a tenant's roles, which hold
/// `cognito-idp:` actions on their own pool, may not.
enum OutboxRoute {
    static func register(on router: inout Router, userPools: UserPools, identities: IdentityStore, config: BackendConfig) {
        router.get("/_saaslab/outbox/:userPoolId") { request, context in
            let poolId = try context.pathParameter("userPoolId")
            try authorize(request, poolId: poolId, identities: identities, config: config)
            let messages: [OutboxMessage]
            do throws(CognitoError) {
                messages = try userPools.outbox(poolId: poolId)
            } catch {
                throw HTTPError(status: .notFound, code: error.code, message: error.message)
            }
            let body: JSON = ["UserPoolId": .string(poolId), "Messages": .array(messages.map(json))]
            return HTTPResponse.json(text: body.serialized())
        }
    }

    /// Verifies the signature and asks IAM, answering 403 with AWS's words otherwise.
    private static func authorize(_ request: HTTPRequest, poolId: String, identities: IdentityStore, config: BackendConfig) throws {
        let now = config.clock.now()
        let verification: SigV4Verification
        do {
            verification = try SigV4Verifier().verify(request, now: now) { key in
                guard case .found(let secret, let token, _) = identities.resolve(accessKeyId: key, at: now) else { return nil }
                return SigV4Secret(secretAccessKey: secret, sessionToken: token)
            }
        } catch {
            // AWS's sentences do not all end in a full stop ("Request is missing Authentication Token").
            let sentence = error.message.hasSuffix(".") ? error.message : error.message + "."
            throw HTTPError(status: .forbidden, code: error.code.rawValue, message: "\(sentence) The outbox needs a request signed for cognito-idp.")
        }
        // Same rule as the front door: a signature is good only for the service it names.
        guard verification.service == "cognito-idp" else {
            throw HTTPError(status: .forbidden, code: "SignatureDoesNotMatch", message: "Credential should be scoped to correct service: 'cognito-idp'.")
        }
        guard case .found(_, _, let principal) = identities.resolve(accessKeyId: verification.accessKeyId, at: now) else {
            throw HTTPError(status: .forbidden, code: "InvalidClientTokenId", message: "The security token included in the request is invalid.")
        }
        let pool = "arn:aws:cognito-idp:\(config.region):\(config.accountId):userpool/\(poolId)"
        let decision = identities.authorize(principal, action: "saaslab:ReadOutbox", resource: pool)
        guard decision.isAllowed else {
            throw HTTPError(status: .forbidden, code: "AccessDeniedException", message: decision.accessDeniedMessage)
        }
    }

    private static func json(_ message: OutboxMessage) -> JSON {
        var object: JSONObject = [
            "Purpose": .string(message.purpose.rawValue), "Username": .string(message.username),
            "DeliveryMedium": .string(message.deliveryMedium),
        ]
        if let destination = message.destination { object["Destination"] = .string(destination) }
        if let password = message.temporaryPassword { object["TemporaryPassword"] = .string(password) }
        if let code = message.code { object["Code"] = .string(code) }
        object["SentAt"] = .string(AWSTimestamp.iso8601(message.sentAt))
        return .object(object)
    }
}
