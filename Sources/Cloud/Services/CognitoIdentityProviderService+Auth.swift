// Signing in and up: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge,
// AdminRespondToAuthChallenge, SignUp, ConfirmSignUp.
import Cognito
import Core

extension CognitoIdentityProviderService {
    static let authHandlers: [String: Handler] = [
        "InitiateAuth": { service, input in
            let outcome = try service.pools.initiateAuth(
                clientId: try input.string("ClientId"), authFlow: try input.string("AuthFlow"),
                parameters: try input.optionalStringMap("AuthParameters") ?? [:]
            )
            return CognitoShapes.outcome(outcome)
        },
        "AdminInitiateAuth": { service, input in
            let outcome = try service.pools.adminInitiateAuth(
                poolId: try input.string("UserPoolId"), clientId: try input.string("ClientId"), authFlow: try input.string("AuthFlow"),
                parameters: try input.optionalStringMap("AuthParameters") ?? [:]
            )
            return CognitoShapes.outcome(outcome)
        },
        "RespondToAuthChallenge": { service, input in
            let outcome = try service.pools.respondToAuthChallenge(
                clientId: try input.string("ClientId"), challengeName: try input.string("ChallengeName"),
                session: try input.optionalString("Session"), responses: try input.optionalStringMap("ChallengeResponses") ?? [:]
            )
            return CognitoShapes.outcome(outcome)
        },
        "AdminRespondToAuthChallenge": { service, input in
            let outcome = try service.pools.adminRespondToAuthChallenge(
                poolId: try input.string("UserPoolId"), clientId: try input.string("ClientId"),
                challengeName: try input.string("ChallengeName"), session: try input.optionalString("Session"),
                responses: try input.optionalStringMap("ChallengeResponses") ?? [:]
            )
            return CognitoShapes.outcome(outcome)
        },
        "SignUp": { service, input in
            let result = try service.pools.signUp(
                clientId: try input.string("ClientId"), username: try input.string("Username"), password: try input.string("Password"),
                attributes: try attributes(input, "UserAttributes"), secretHash: try input.optionalString("SecretHash")
            )
            var output: JSONObject = ["UserConfirmed": .bool(result.userConfirmed)]
            if let delivery = result.codeDelivery { output["CodeDeliveryDetails"] = CognitoShapes.codeDelivery(delivery) }
            output["UserSub"] = .string(result.userSub)
            return .object(output)
        },
        "ConfirmSignUp": { service, input in
            try service.pools.confirmSignUp(
                clientId: try input.string("ClientId"), username: try input.string("Username"), code: try input.string("ConfirmationCode"),
                secretHash: try input.optionalString("SecretHash")
            )
            return [:]
        },
    ]
}
