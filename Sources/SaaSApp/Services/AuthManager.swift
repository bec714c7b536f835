import Core
import HTTP

/// `POST /auth`: signs a user in through their tenant's user pool and app client, found from
/// their user record. A user's first sign-in answers `{"newPasswordRequired": true}` until
/// the request also carries `newPassword`.
struct AuthManager: Sendable {
    let app: AppServices

    func routes(_ routes: inout AppRoutes) {
        routes.add("POST", "/auth", .anyone) { request, context in try await signIn(request, context) }
    }

    func signIn(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let body = try RequestBody(request)
        let userName = try body.string("userName")
        let password = try body.string("password")
        let newPassword = try body.optionalString("newPassword")
        guard let record = try await UserDirectory(app: app).records(named: userName, meter: context.meter).first,
              let clientId = record["client_id"]?.stringValue else {
            throw AppError(status: 401, code: "NotAuthorizedException", message: "Incorrect username or password.")
        }
        context.meter?.attribute(tenantId: record["tenant_id"]?.stringValue, userName: userName, role: record["role"]?.stringValue)

        let started = try await cognito("InitiateAuth", [
            "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": .string(clientId),
            "AuthParameters": ["USERNAME": .string(userName), "PASSWORD": .string(password)],
        ])
        var result = started["AuthenticationResult"]
        if let challenge = started["ChallengeName"]?.stringValue {
            guard challenge == "NEW_PASSWORD_REQUIRED" else {
                throw AppError.badRequest("sign-in needs the \(challenge) challenge, which this app does not support")
            }
            guard let newPassword else {
                return HTTPResponse.json(text: #"{"newPasswordRequired":true}"#)
            }
            let answered = try await cognito("RespondToAuthChallenge", [
                "ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": .string(clientId), "Session": started["Session"] ?? .null,
                "ChallengeResponses": ["USERNAME": .string(userName), "NEW_PASSWORD": .string(newPassword)],
            ])
            result = answered["AuthenticationResult"]
        }
        guard let token = result?["IdToken"], let access = result?["AccessToken"] else {
            throw AppError.platformUnavailable("sign-in answered without tokens")
        }
        return HTTPResponse.json(text: JSON.object(["token": token, "access": access]).serialized())
    }

    /// A sign-in call; the pool's refusal (wrong password, disabled user) is 401 here.
    private func cognito(_ operation: String, _ input: JSONObject) async throws(AppError) -> JSONObject {
        do throws(AppError) {
            return try await app.aws.call(.userPools, operation, input, credentials: nil)
        } catch where error.code == "NotAuthorizedException" {
            throw AppError(status: 401, code: error.code, message: error.message)
        }
    }
}
