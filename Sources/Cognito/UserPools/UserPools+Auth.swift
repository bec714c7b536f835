// Signing in: InitiateAuth and AdminInitiateAuth with a password or a refresh token, and the
// NEW_PASSWORD_REQUIRED challenge a FORCE_CHANGE_PASSWORD user must answer first.
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A challenge the caller must answer with `RespondToAuthChallenge`.
public struct AuthChallenge: Sendable, Hashable {
    /// `NEW_PASSWORD_REQUIRED`.
    public var name: String
    /// Opaque, single-use, valid for the client's auth session validity (3 minutes).
    public var session: String
    /// `USER_ID_FOR_SRP`, `requiredAttributes` (a JSON array as a string) and
    /// `userAttributes` (a JSON object as a string), as Cognito sends them.
    public var parameters: [String: String]
}

/// What a sign-in step yields: tokens, or a challenge to answer first.
public enum AuthOutcome: Sendable, Hashable {
    case authenticated(AuthenticationResult)
    case challenge(AuthChallenge)
}

/// A pending challenge, remembered under its session string.
struct ChallengeSession: Sendable {
    let userKey: String
    let clientId: String
    /// The password the user signed in with, so a password changed meanwhile voids it.
    let password: PasswordHash
    let expires: Date
}

extension UserPools {
    /// `InitiateAuth` (unsigned): `USER_PASSWORD_AUTH` with `USERNAME` and `PASSWORD`, or
    /// `REFRESH_TOKEN_AUTH` (alias `REFRESH_TOKEN`) with `REFRESH_TOKEN`; each needs the
    /// client's `ExplicitAuthFlows` to allow it. Clients with a secret also need `SECRET_HASH`.
    public func initiateAuth(clientId: String, authFlow: String, parameters: [String: String]) throws(CognitoError) -> AuthOutcome {
        switch authFlow {
        case "USER_PASSWORD_AUTH":
            return try passwordSignIn(clientId: clientId, poolId: nil, parameters: parameters) { client throws(CognitoError) in
                guard client.allowsUserPassword else { throw .invalidParameter("USER_PASSWORD_AUTH flow not enabled for this client") }
            }
        case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
            return try refresh(clientId: clientId, poolId: nil, parameters: parameters)
        default:
            throw Self.unsupportedFlow(authFlow)
        }
    }

    /// `AdminInitiateAuth` (signed, authorised on the pool): `ADMIN_USER_PASSWORD_AUTH`
    /// (alias `ADMIN_NO_SRP_AUTH`) or `REFRESH_TOKEN_AUTH`, for a client of `poolId`.
    public func adminInitiateAuth(
        poolId: String, clientId: String, authFlow: String, parameters: [String: String]
    ) throws(CognitoError) -> AuthOutcome {
        switch authFlow {
        case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH":
            return try passwordSignIn(clientId: clientId, poolId: poolId, parameters: parameters) { client throws(CognitoError) in
                guard client.allowsAdminUserPassword else { throw .invalidParameter("Auth flow not enabled for this client") }
            }
        case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
            return try refresh(clientId: clientId, poolId: poolId, parameters: parameters)
        default:
            throw Self.unsupportedFlow(authFlow)
        }
    }

    private static func unsupportedFlow(_ flow: String) -> CognitoError {
        let known = ["USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH"]
        guard known.contains(flow) else {
            return .invalidParameter("1 validation error detected: Value '\(flow)' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [\(known.joined(separator: ", "))]")
        }
        // SRP, custom and choice-based flows are not implemented; an admin flow sent to
        // InitiateAuth (or the reverse) is refused the way Cognito refuses it.
        return .invalidParameter("Initiate Auth method not supported.")
    }

    /// A password sign-in: the password is checked first, then whether the user may sign in,
    /// so a wrong password never reveals a user's state. During a lock (see
    /// ``SignInThrottle``) every attempt is refused unchecked; a wrong password counts towards
    /// the next lock, a right one resets the count. Every path, an unknown or locked user's
    /// included, derives one PBKDF2 hash, so timing does not tell them apart.
    private func passwordSignIn(
        clientId: String, poolId: String?, parameters: [String: String], allowed: (UserPoolClient) throws(CognitoError) -> Void
    ) throws(CognitoError) -> AuthOutcome {
        guard let username = parameters["USERNAME"] else { throw .missingParameter("USERNAME") }
        guard let password = parameters["PASSWORD"] else { throw .missingParameter("PASSWORD") }
        let now = clock.now()
        let (client, found) = try withClient(clientId, inPool: poolId) { record, client throws(CognitoError) in
            try allowed(client)
            try client.checkSecretHash(parameters["SECRET_HASH"], username: username)
            return (client, record.userKey(for: username).map { key in
                let stored = record.users[key]!
                return (key: key, password: stored.password, locked: stored.throttle.isLocked(at: now))
            })
        }
        let matched = passwordMatches(password, found.flatMap { $0.locked ? nil : $0.password })
        guard let found else {
            throw client.preventsUserExistenceErrors ? .incorrectCredentials : .userNotFound
        }
        if found.locked { throw .passwordAttemptsExceeded }
        let outcome: UnsignedOutcome = try withClient(clientId, inPool: poolId) { record, client throws(CognitoError) in
            guard var stored = record.users[found.key], stored.password == found.password else { throw .incorrectCredentials }
            guard matched else {
                stored.throttle.recordFailure(at: now)
                record.users[found.key] = stored
                throw .incorrectCredentials
            }
            stored.throttle.reset()
            record.users[found.key] = stored
            guard stored.user.enabled else { throw .userDisabled }
            switch stored.user.status {
            case .unconfirmed:
                throw .userNotConfirmed
            case .forceChangePassword:
                if let expires = stored.temporaryPasswordExpires, now >= expires { throw .temporaryPasswordExpired }
                return .challenge(newPasswordChallenge(&record, key: found.key, client: client, now: now))
            case .confirmed:
                return issueTokens(&record, key: found.key, client: client, now: now, grant: nil)
            }
        }
        return try outcome.signed()
    }

    private func newPasswordChallenge(_ record: inout PoolRecord, key: String, client: UserPoolClient, now: Date) -> AuthChallenge {
        let stored = record.users[key]!
        let session = opaqueToken(bytes: 96)
        record.sessions = record.sessions.filter { now < $0.value.expires }
        record.sessions[session] = ChallengeSession(
            userKey: key, clientId: client.clientId, password: stored.password,
            expires: now.addingTimeInterval(Double(client.authSessionValidity * 60))
        )
        let missing = record.pool.schema.filter { $0.required && stored.user.attributes.value(of: $0.name) == nil }
        let attributes = JSONObject(stored.user.attributes.filter { $0.name != "sub" }.map { ($0.name, JSON.string($0.value)) })
        return AuthChallenge(name: "NEW_PASSWORD_REQUIRED", session: session, parameters: [
            "USER_ID_FOR_SRP": stored.user.username,
            "requiredAttributes": JSON.array(missing.map { .string("userAttributes.\($0.name)") }).serialized(),
            "userAttributes": JSON.object(attributes).serialized(),
        ])
    }

    /// `REFRESH_TOKEN_AUTH`: new ID and access tokens for a live refresh token of this client.
    private func refresh(clientId: String, poolId: String?, parameters: [String: String]) throws(CognitoError) -> AuthOutcome {
        guard let token = parameters["REFRESH_TOKEN"] else { throw .missingParameter("REFRESH_TOKEN") }
        let now = clock.now()
        let outcome: UnsignedOutcome = try withClient(clientId, inPool: poolId) { record, client throws(CognitoError) in
            guard client.allowsRefresh else { throw .invalidParameter("REFRESH_TOKEN_AUTH flow not enabled for this client") }
            guard let grant = record.refreshTokens[token], grant.clientId == clientId else {
                throw .notAuthorized("Invalid Refresh Token")
            }
            guard now < grant.expires else {
                record.refreshTokens[token] = nil
                throw .notAuthorized("Refresh Token has expired")
            }
            // Gone with the user, or ended by GlobalSignOut or RevokeToken.
            guard let stored = record.users[grant.userKey], stored.user.sub == grant.sub, stored.signIns[grant.originJti] != nil else {
                throw .notAuthorized("Refresh Token has been revoked")
            }
            try client.checkSecretHash(parameters["SECRET_HASH"], username: parameters["USERNAME"] ?? stored.user.username)
            guard stored.user.enabled else { throw .userDisabled }
            return issueTokens(&record, key: grant.userKey, client: client, now: now, grant: grant)
        }
        return try outcome.signed()
    }
}
