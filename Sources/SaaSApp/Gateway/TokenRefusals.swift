import Core

/// Why the gateway refuses a token, told by its cause.
extension TokenManager {
    /// The claims the app reads from every ID token: which tenant the user belongs to, and as what.
    static let appClaims = ["custom:tenant_id", "custom:role"]

    static let expired = AppError.unauthorized("the ID token has expired; sign in again with POST /auth")

    /// A genuine token of a registered user that lacks `missing` of the app's claims. Cognito puts
    /// an attribute in an ID token only when the app client's `ReadAttributes` include it (or the
    /// client names none), so the user has these attributes and their client hides them.
    static func lacking(_ missing: [String], clientId: String) -> AppError {
        let claims = missing.joined(separator: " or ")
        return .unauthorized(
            "the ID token has no \(claims) claim: the app client's ReadAttributes must include \(appClaims.joined(separator: " and ")) "
                + "(app client \(clientId)); sign in again once the client reads them")
    }

    /// Whether a record of the user names `userPoolId` and belongs to the tenant that owns that
    /// pool: a user the app registered there, not a record another tenant wrote under their name.
    func isRegistered(in userPoolId: String, among records: [JSONObject]) async throws(AppError) -> Bool {
        for record in records where record["userPoolId"]?.stringValue == userPoolId {
            guard let tenantId = record["tenant_id"]?.stringValue, !tenantId.isEmpty else { continue }
            if try await tenantPools.pools(of: tenantId)?.userPoolId == userPoolId { return true }
        }
        return false
    }

    /// What the identity pool's refusal of a token says about it, told to the caller by its
    /// cause. The identity pool answers in Cognito's words ("Invalid login token. Couldn't verify
    /// signed token.", "... Token expired: ..."), which is what this reads, so it reads AWS the same.
    static func refusal(byIdentityPool error: AppError) -> AppError {
        let said = error.message
        if said.contains("Couldn't verify signed token") {
            return .unauthorized("the ID token has been tampered with: its signature does not verify, so it was altered after it was issued "
                + "or not signed by the user pool it names; sign in again with POST /auth and send the \"token\" unchanged")
        }
        if said.contains("Token expired") { return expired }
        if said.contains("Not a valid OpenId Connect identity token") {
            return .unauthorized("the bearer token is malformed: it is not a valid OpenID Connect ID token; send the \"token\" that POST /auth returned")
        }
        if said.contains("Issuer doesn't match providerName") {
            return .unauthorized("the ID token was not issued by the user pool it names; sign in again with POST /auth")
        }
        if said.contains("not from a supported provider") {
            return .unauthorized("the ID token was issued for an app client that is not this app's; sign in with POST /auth")
        }
        return AppError(status: .unauthorized, code: "Unauthorized", message: "the ID token was refused by the identity provider: \(error.code): \(said)")
    }
}
