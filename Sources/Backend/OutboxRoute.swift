import Cognito
import Core
import HTTP

/// `GET /_saaslab/outbox/:userPoolId`: the messages a user pool would have emailed or texted
/// (invitations with temporary passwords, sign-up codes), newest last.
///
/// The platform sends no mail; this is where a lab step, a test or a participant with curl
/// reads the temporary password of a user that registration created, much as a development
/// mail catcher would show it. It is saaslab's own route, not part of any AWS API, and like
/// the rest of `saaslab serve` it listens on 127.0.0.1 by default.
enum OutboxRoute {
    static func register(on router: inout Router, userPools: UserPools) {
        router.get("/_saaslab/outbox/:userPoolId") { _, context in
            let poolId = context.parameter("userPoolId") ?? ""
            let messages: [OutboxMessage]
            do throws(CognitoError) {
                messages = try userPools.outbox(poolId: poolId)
            } catch {
                throw HTTPError(status: 404, code: error.code, message: error.message)
            }
            let body: JSON = ["UserPoolId": .string(poolId), "Messages": .array(messages.map(json))]
            return HTTPResponse.json(text: body.serialized())
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
