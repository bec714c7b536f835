// The user-facing API: what signed-in users do with their own access token, no SigV4 and no
// IAM, as in Cognito. GetUser, UpdateUserAttributes, GetUserAttributeVerificationCode,
// VerifyUserAttribute, GlobalSignOut, RevokeToken, DeleteUser (ChangePassword is with the
// other password operations).
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CognitoError {
    /// `NotAuthorizedException` for an access token of a sign-in that has been signed out or
    /// revoked, or of a user since deleted and re-created.
    static var accessTokenRevoked: CognitoError {
        .notAuthorized("Access Token has been revoked")
    }
}

extension UserPools {
    /// Runs `body` under the lock on the user an access token belongs to, with the app client
    /// it was issued to. The token must verify (``verifyToken(_:use:poolId:clientId:at:)``),
    /// its sign-in must not be signed out or revoked, and its user must still exist, be the
    /// same user (`sub`) and be enabled.
    func withAccessToken<T: Sendable>(
        _ token: String, _ body: (inout PoolRecord, _ key: String, _ client: UserPoolClient) throws(CognitoError) -> T
    ) throws(CognitoError) -> T {
        // The issuer names the pool; the signature is then checked with that pool's key.
        guard let poolId = poolId(issuing: token) else { throw .notAuthorized("Invalid Access Token") }
        let claims = try verifyToken(token, use: .access, poolId: poolId)
        guard let username = claims["username"]?.stringValue, let clientId = claims["client_id"]?.stringValue,
              let origin = claims["origin_jti"]?.stringValue else {
            throw .notAuthorized("Invalid Access Token")
        }
        return try withPool(poolId) { record throws(CognitoError) in
            let key = record.canonical(username)
            guard let stored = record.users[key] else { throw .userNotFound }
            // A deleted app client's tokens die with it, as its refresh tokens do.
            guard stored.user.sub == claims["sub"]?.stringValue, stored.signIns[origin] != nil,
                  let client = record.clients[clientId]?.client else {
                throw .accessTokenRevoked
            }
            guard stored.user.enabled else { throw .userDisabled }
            return try body(&record, key, client)
        }
    }

    /// The pool an unverified token claims to come from: the last path segment of its `iss`,
    /// if that is this region's Cognito issuer.
    private func poolId(issuing token: String) -> String? {
        guard let issuer = (try? JWT.unverifiedClaims(token))?["iss"]?.stringValue else { return nil }
        let prefix = "https://cognito-idp.\(region).amazonaws.com/"
        guard issuer.hasPrefix(prefix) else { return nil }
        let poolId = String(issuer.dropFirst(prefix.count))
        return poolId.isEmpty || poolId.contains("/") ? nil : poolId
    }

    /// `GetUser`: the user an access token belongs to, with the attributes its client may
    /// read; developer-only attributes never.
    public func getUser(accessToken: String) throws(CognitoError) -> PoolUser {
        try withAccessToken(accessToken) { record, key, client throws(CognitoError) in
            var user = record.users[key]!.user
            let hidden = Set(record.pool.schema.filter(\.developerOnly).map(\.name))
            user.attributes = user.attributes.filter { !hidden.contains($0.name) }
            if let readable = client.readAttributes {
                user.attributes = user.attributes.filter { $0.name == "sub" || readable.contains($0.name) }
            }
            return user
        }
    }

    /// `UpdateUserAttributes`: the user changes their own attributes, within what the app
    /// client may write (never a `_verified` flag or a developer-only attribute) and the
    /// schema allows (immutable ones never). A changed email or phone number becomes
    /// unverified; when the pool auto-verifies it, a code goes to the new address and its
    /// delivery is returned.
    public func updateUserAttributes(accessToken: String, attributes: [UserAttribute]) throws(CognitoError) -> [CodeDeliveryDetails] {
        let now = clock.now()
        let codes = ["email": newCode(), "phone_number": newCode()]
        return try withAccessToken(accessToken) { record, key, client throws(CognitoError) in
            try UserAttributeRules.checkClientWrites(attributes, schema: record.pool.schema, writable: client.writeAttributes)
            let before = record.users[key]!.user.attributes
            let after = try UserAttributeRules.forUpdate(attributes, of: before, schema: record.pool.schema)
            try record.checkSignInValuesFree(after, except: key)
            record.users[key]!.user.attributes = after
            record.users[key]!.user.lastModified = now
            var deliveries: [CodeDeliveryDetails] = []
            for attribute in ["email", "phone_number"] where before.value(of: attribute) != after.value(of: attribute) {
                record.users[key]!.verificationCodes[attribute] = nil
                guard record.pool.autoVerifiedAttributes.contains(attribute), after.value(of: attribute) != nil else { continue }
                if let delivery = record.sendVerificationCode(codes[attribute]!, key: key, attribute: attribute, at: now) {
                    deliveries.append(delivery)
                }
            }
            return deliveries
        }
    }

    /// `GetUserAttributeVerificationCode`: a code to the user's `email` or `phone_number`,
    /// valid 24 hours, replacing any earlier one.
    public func getUserAttributeVerificationCode(accessToken: String, attributeName: String) throws(CognitoError) -> CodeDeliveryDetails {
        let now = clock.now()
        let code = newCode()
        return try withAccessToken(accessToken) { record, key, _ throws(CognitoError) in
            guard attributeName == "email" || attributeName == "phone_number" else {
                throw .invalidParameter("Invalid attribute name: \(attributeName) cannot be verified; only email and phone_number can.")
            }
            guard let delivery = record.sendVerificationCode(code, key: key, attribute: attributeName, at: now) else {
                throw .invalidParameter("User has no value for the attribute \(attributeName).")
            }
            return delivery
        }
    }

    /// `VerifyUserAttribute`: the code from the outbox marks the address it was sent to as
    /// verified. A code sent to an address the user has since changed verifies nothing.
    public func verifyUserAttribute(accessToken: String, attributeName: String, code: String) throws(CognitoError) {
        let now = clock.now()
        try withAccessToken(accessToken) { record, key, _ throws(CognitoError) in
            let current = record.users[key]!.user.attributes.value(of: attributeName)
            guard var issued = record.users[key]!.verificationCodes[attributeName], current != nil, issued.value == current else {
                throw .codeMismatch
            }
            do throws(CognitoError) {
                try issued.check(code, at: now)
            } catch {
                // Kept with its count, so wrong guesses add up.
                record.users[key]!.verificationCodes[attributeName] = issued
                throw error
            }
            record.users[key]!.verificationCodes[attributeName] = nil
            record.users[key]!.user.attributes.set(attributeName + "_verified", to: "true")
            record.users[key]!.user.lastModified = now
        }
    }

    /// `GlobalSignOut`: every sign-in of the user ends. Their refresh tokens stop working,
    /// and so do their access tokens for these token-authorised operations ("Access Token has
    /// been revoked"); ID tokens, checked by whoever holds them, live until they expire.
    public func globalSignOut(accessToken: String) throws(CognitoError) {
        try withAccessToken(accessToken) { record, key, _ throws(CognitoError) in
            record.users[key]!.signIns = [:]
        }
    }

    /// `RevokeToken`: ends the sign-in of refresh token `token` of app client `clientId`: the
    /// token and the access tokens issued with it or from it stop working. A client with a
    /// secret must send it. A token that is not a live refresh token of this client revokes
    /// nothing and is not an error, as OAuth token revocation (RFC 7009) answers.
    public func revokeToken(_ token: String, clientId: String, clientSecret: String?) throws(CognitoError) {
        try withClient(clientId) { record, client throws(CognitoError) in
            if let secret = client.clientSecret {
                guard let clientSecret else {
                    throw .notAuthorized("Client \(clientId) is configured for secret but secret was not received")
                }
                guard ConstantTime.equals(Array(secret.utf8), Array(clientSecret.utf8)) else {
                    throw .notAuthorized("Unable to verify secret for client \(clientId)")
                }
            }
            // The grant stays until it expires, so refreshing with it says it was revoked.
            guard let grant = record.refreshTokens[token], grant.clientId == clientId,
                  record.users[grant.userKey]?.user.sub == grant.sub else { return }
            record.users[grant.userKey]!.signIns[grant.originJti] = nil
        }
    }

    /// `DeleteUser`: the user deletes themselves, with their sessions and tokens.
    public func deleteUser(accessToken: String) throws(CognitoError) {
        try withAccessToken(accessToken) { record, key, _ throws(CognitoError) in
            record.deleteUser(key)
        }
    }
}

extension UserPools.PoolRecord {
    /// Remembers a new sign-in `originJti` of user `key`, whose tokens live until `until`,
    /// and forgets the user's sign-ins nothing can use any more.
    mutating func rememberSignIn(_ originJti: String, key: String, until: Date, now: Date) {
        guard users[key] != nil else { return }
        users[key]!.signIns = users[key]!.signIns.filter { now < $0.value }
        users[key]!.signIns[originJti] = until
    }
}
