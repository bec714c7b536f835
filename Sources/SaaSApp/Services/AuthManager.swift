import Core
import HTTP

/// `POST /auth`: signs a user in through their tenant's user pool and app client, found from
/// their user record. A user's first sign-in answers `{"newPasswordRequired": true}` until
/// the request also carries `newPassword`.
struct AuthManager: Sendable {
    let app: AppServices

    var routes: AppRoutes {
        var routes = AppRoutes(service: "auth")
        routes.add("GET", "/auth/health", .anyone) { _, _ in Health.response("Auth Manager") }
        routes.add("POST", "/auth", .anyone) { request, context in try await signIn(request, context) }
        return routes
    }

    func signIn(_ request: HTTPRequest, _ context: RequestContext) async throws -> HTTPResponse {
        let body = try RequestBody(request)
        let userName = try body.string("userName")
        let password = try body.string("password")
        let newPassword = try body.optionalString("newPassword")
        // A tenant admin may write its own partition of the user table, so a record under
        // another user's name may exist; only records whose tenant owns the pool and client
        // they name are candidates, and a refusal by one pool moves on to the next.
        var candidates: [JSONObject] = []
        for record in try await UserDirectory(app: app).records(named: userName, meter: context.meter) where try await isGenuine(record) {
            candidates.append(record)
        }
        return try await signIn(candidates, userName: userName, password: password, newPassword: newPassword, meter: context.meter)
    }

    /// The first candidate whose pool accepts the password.
    private func signIn(
        _ candidates: [JSONObject], userName: String, password: String, newPassword: String?, meter: UsageMeter?
    ) async throws(AppError) -> HTTPResponse {
        var refusal = AppError(status: .unauthorized, code: "NotAuthorizedException", message: "Incorrect username or password.")
        for record in candidates {
            do throws(AppError) {
                return try await signIn(record, userName: userName, password: password, newPassword: newPassword, meter: meter)
            } catch where error.status == .unauthorized {
                refusal = error
            }
        }
        throw refusal
    }

    /// Whether the record's tenant (whose record no tenant can write) owns the pool and
    /// client the record names.
    private func isGenuine(_ record: JSONObject) async throws(AppError) -> Bool {
        guard let tenantId = record["tenant_id"]?.stringValue, let pool = record["userPoolId"]?.stringValue,
              let client = record["client_id"]?.stringValue else { return false }
        let pools = try await app.tenantPools.pools(of: tenantId)
        return pools?.userPoolId == pool && pools?.clientId == client
    }

    private func signIn(
        _ record: JSONObject, userName: String, password: String, newPassword: String?, meter: UsageMeter?
    ) async throws(AppError) -> HTTPResponse {
        let clientId = record["client_id"]?.stringValue ?? ""
        meter?.attribute(tenantId: record["tenant_id"]?.stringValue, userName: userName, role: record["role"]?.stringValue)
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
            throw AppError(status: .unauthorized, code: error.code, message: error.message)
        }
    }
}
