// Answering NEW_PASSWORD_REQUIRED: RespondToAuthChallenge and AdminRespondToAuthChallenge.
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension UserPools {
    /// `RespondToAuthChallenge` (unsigned) with `NEW_PASSWORD_REQUIRED`: `ChallengeResponses`
    /// carry `USERNAME`, `NEW_PASSWORD` and any `userAttributes.<name>` the challenge asked
    /// for. On success the user is CONFIRMED and signed in.
    public func respondToAuthChallenge(
        clientId: String, challengeName: String, session: String?, responses: [String: String]
    ) throws(CognitoError) -> AuthOutcome {
        try answer(clientId: clientId, poolId: nil, challengeName: challengeName, session: session, responses: responses)
    }

    /// `AdminRespondToAuthChallenge`: the same, for a client of `poolId`.
    public func adminRespondToAuthChallenge(
        poolId: String, clientId: String, challengeName: String, session: String?, responses: [String: String]
    ) throws(CognitoError) -> AuthOutcome {
        try answer(clientId: clientId, poolId: poolId, challengeName: challengeName, session: session, responses: responses)
    }

    private func answer(
        clientId: String, poolId: String?, challengeName: String, session: String?, responses: [String: String]
    ) throws(CognitoError) -> AuthOutcome {
        guard challengeName == "NEW_PASSWORD_REQUIRED" else {
            throw .invalidParameter("\(challengeName) is not a challenge this user pool issues; only NEW_PASSWORD_REQUIRED is supported.")
        }
        guard let username = responses["USERNAME"] else { throw .missingParameter("USERNAME") }
        guard let newPassword = responses["NEW_PASSWORD"] else { throw .missingParameter("NEW_PASSWORD") }
        let changes = responses.filter { $0.key.hasPrefix("userAttributes.") }
            .map { UserAttribute(name: String($0.key.dropFirst("userAttributes.".count)), value: $0.value) }
            .sorted { $0.name < $1.name }
        let now = clock.now()
        // Check everything that needs no hashing first, so a bad answer fails fast.
        let (pool, pending, writable) = try withClient(clientId, inPool: poolId) { record, client throws(CognitoError) in
            let pending = try Self.pendingSession(session, in: &record, client: client, username: username, now: now)
            try client.checkSecretHash(responses["SECRET_HASH"], username: username)
            return (record.pool, pending, client.writeAttributes)
        }
        let stored = try adminGetUser(poolId: pool.id, username: username)
        try UserAttributeRules.checkChallengeWrites(changes, current: stored.attributes, schema: pool.schema, writable: writable)
        let attributes = try UserAttributeRules.forUpdate(changes, of: stored.attributes, schema: pool.schema)
        for attribute in pool.schema where attribute.required && attribute.name != "sub" && attributes.value(of: attribute.name) == nil {
            throw .invalidParameter("Invalid attributes given, \(attribute.name) is missing")
        }
        try pool.passwordPolicy.check(newPassword)
        let hash = hashPassword(newPassword)
        let outcome: UnsignedOutcome = try withClient(clientId, inPool: poolId) { record, client throws(CognitoError) in
            guard record.sessions[session ?? ""] != nil, var user = record.users[pending.userKey], user.password == pending.password else {
                throw .invalidSession
            }
            // An administrator may have disabled the user since InitiateAuth: a disabled user
            // gets no tokens, so this is checked here, under the lock that issues them.
            guard user.user.enabled else { throw .userDisabled }
            // Checked and applied again to the attributes as they are now, in case they
            // changed meanwhile; and the addresses users sign in with must stay unique.
            try UserAttributeRules.checkChallengeWrites(
                changes, current: user.user.attributes, schema: record.pool.schema, writable: client.writeAttributes
            )
            let current = try UserAttributeRules.forUpdate(changes, of: user.user.attributes, schema: record.pool.schema)
            try record.checkSignInValuesFree(current, except: pending.userKey)
            record.sessions[session ?? ""] = nil
            (user.password, user.temporaryPasswordExpires) = (hash, nil)
            (user.user.status, user.user.attributes, user.user.lastModified) = (.confirmed, current, now)
            record.users[pending.userKey] = user
            return issueTokens(&record, key: pending.userKey, client: client, now: now, grant: nil)
        }
        return try outcome.signed()
    }

    /// The live session `session` of this client for `username`, or why there is none.
    private static func pendingSession(
        _ session: String?, in record: inout PoolRecord, client: UserPoolClient, username: String, now: Date
    ) throws(CognitoError) -> ChallengeSession {
        guard let session, let pending = record.sessions[session], pending.clientId == client.clientId else {
            throw .invalidSession
        }
        guard now < pending.expires else {
            record.sessions[session] = nil
            throw .expiredSession
        }
        guard record.userKey(for: username) == pending.userKey else { throw .invalidSession }
        return pending
    }
}
