// Administering users: AdminCreateUser (with its invitation), AdminGetUser, ListUsers,
// AdminUpdateUserAttributes, AdminDisableUser/AdminEnableUser, AdminDeleteUser.
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `AdminCreateUser`'s `MessageAction`.
public enum MessageAction: String, Sendable, Hashable {
    /// Create the user without sending the invitation.
    case suppress = "SUPPRESS"
    /// Send the invitation again to an existing FORCE_CHANGE_PASSWORD user, with a new
    /// temporary password and a fresh validity period.
    case resend = "RESEND"
}

/// The input of `AdminCreateUser`.
public struct NewUser: Sendable {
    public var username: String
    public var attributes: [UserAttribute]
    /// When nil, a password satisfying the pool's policy is generated.
    public var temporaryPassword: String?
    public var messageAction: MessageAction?
    /// `EMAIL` and/or `SMS`; Cognito's default is SMS.
    public var desiredDeliveryMediums: [String]

    public init(
        username: String, attributes: [UserAttribute] = [], temporaryPassword: String? = nil, messageAction: MessageAction? = nil,
        desiredDeliveryMediums: [String] = []
    ) {
        self.username = username
        self.attributes = attributes
        self.temporaryPassword = temporaryPassword
        self.messageAction = messageAction
        self.desiredDeliveryMediums = desiredDeliveryMediums
    }
}

extension UserPools {
    /// `AdminCreateUser`: a FORCE_CHANGE_PASSWORD user whose temporary password is delivered
    /// to the pool's outbox (unless suppressed).
    @discardableResult
    public func adminCreateUser(poolId: String, _ request: NewUser) throws(CognitoError) -> PoolUser {
        let pool = try describeUserPool(poolId)
        for medium in request.desiredDeliveryMediums where medium != "EMAIL" && medium != "SMS" {
            throw .invalidParameter("1 validation error detected: Value '[\(request.desiredDeliveryMediums.joined(separator: ", "))]' at 'desiredDeliveryMediums' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [SMS, EMAIL]]")
        }
        if request.messageAction == .resend { return try resendInvitation(pool, request) }
        let (username, given) = try Self.signInName(request.username, attributes: request.attributes, pool: pool)
        let attributes = try UserAttributeRules.forCreate(given, schema: pool.schema)
        let (password, hash, expires) = try temporaryPassword(request.temporaryPassword, pool: pool)
        let now = clock.now()
        let sub = UUIDv4.make(using: random)
        return try withPool(poolId) { record throws(CognitoError) in
            let name = pool.usernameAttributes.isEmpty ? username : sub
            guard record.userKey(for: request.username) == nil, record.users[record.canonical(name)] == nil else {
                throw pool.usernameAttributes.isEmpty ? .userAccountExists : .signInNameExists(username)
            }
            let user = PoolUser(
                username: name, attributes: [UserAttribute(name: "sub", value: sub)] + attributes, created: now, lastModified: now,
                enabled: true, status: .forceChangePassword
            )
            record.users[record.canonical(name)] = StoredUser(
                user: user, password: hash, temporaryPasswordExpires: expires, sequence: record.takeSequence()
            )
            record.pool.estimatedNumberOfUsers = record.users.count
            if request.messageAction != .suppress {
                record.deliverInvitation(to: user, password: password, mediums: request.desiredDeliveryMediums, at: now)
            }
            return user
        }
    }

    /// MessageAction RESEND: a new temporary password for a user who has not signed in yet.
    private func resendInvitation(_ pool: UserPool, _ request: NewUser) throws(CognitoError) -> PoolUser {
        let (password, hash, expires) = try temporaryPassword(request.temporaryPassword, pool: pool)
        let now = clock.now()
        return try withPool(pool.id) { record throws(CognitoError) in
            let key = try record.requireUserKey(request.username)
            guard var stored = record.users[key], stored.user.status == .forceChangePassword else {
                throw .unsupportedUserState("Resend not possible. \(request.username) status is not FORCE_CHANGE_PASSWORD.")
            }
            (stored.password, stored.temporaryPasswordExpires, stored.user.lastModified) = (hash, expires, now)
            record.users[key] = stored
            record.deliverInvitation(to: stored.user, password: password, mediums: request.desiredDeliveryMediums, at: now)
            return stored.user
        }
    }

    /// The given temporary password (checked against the policy) or a generated one, its
    /// hash, and when it stops working.
    private func temporaryPassword(_ given: String?, pool: UserPool) throws(CognitoError) -> (String, PasswordHash, Date) {
        if let given { try pool.passwordPolicy.check(given, member: "temporaryPassword") }
        let password = given ?? pool.passwordPolicy.temporaryPassword(using: random)
        let hash = hashPassword(password)
        let expires = clock.now().addingTimeInterval(Double(pool.passwordPolicy.effectiveTemporaryDays * 86_400))
        return (password, hash, expires)
    }

    /// Checks the name a user is created or signs up with, and in pools that sign in with
    /// email or phone number, copies it into that attribute (the user name becomes the `sub`).
    static func signInName(
        _ username: String, attributes: [UserAttribute], pool: UserPool
    ) throws(CognitoError) -> (username: String, attributes: [UserAttribute]) {
        guard (1...128).contains(username.count), !username.contains(where: \.isWhitespace) else {
            throw .invalidParameter(#"1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+"#)
        }
        let looksLikeEmail = username.contains("@"), looksLikePhone = username.hasPrefix("+")
        var attributes = attributes
        if !pool.usernameAttributes.isEmpty {
            let attribute = looksLikeEmail && pool.usernameAttributes.contains("email") ? "email"
                : looksLikePhone && pool.usernameAttributes.contains("phone_number") ? "phone_number" : nil
            guard let attribute else { throw .invalidParameter("Username should be either an email or a phone number.") }
            if attributes.value(of: attribute) == nil { attributes.append(UserAttribute(name: attribute, value: username)) }
        } else if looksLikeEmail && pool.aliasAttributes.contains("email") {
            throw .invalidParameter("Username cannot be of email format, since user pool is configured for email alias.")
        } else if looksLikePhone && pool.aliasAttributes.contains("phone_number") {
            throw .invalidParameter("Username cannot be of phone number format, since user pool is configured for phone number alias.")
        }
        return (username, attributes)
    }

    /// `AdminGetUser`, by user name or sign-in alias.
    public func adminGetUser(poolId: String, username: String) throws(CognitoError) -> PoolUser {
        try withPool(poolId) { record throws(CognitoError) in
            try record.users[record.requireUserKey(username)]!.user
        }
    }

    /// `ListUsers`: up to `limit` (1-60, default 60) users matching `filter`, in creation order.
    public func listUsers(
        poolId: String, filter: String? = nil, limit: Int? = nil, paginationToken: String? = nil
    ) throws(CognitoError) -> (users: [PoolUser], paginationToken: String?) {
        let limit = limit ?? 60
        guard (0...60).contains(limit) else {
            throw .invalidParameter("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60")
        }
        let parsed = try UserFilter.parse(filter ?? "")
        let start = try PageToken.decode(paginationToken, message: "Invalid pagination token.")
        let matching = try withPool(poolId) { record throws(CognitoError) in
            let caseSensitive = record.pool.usernameCaseSensitive
            return record.users.values
                .filter { parsed?.matches($0.user, caseSensitiveUsername: caseSensitive) ?? true }
                .map { (sequence: $0.sequence, item: $0.user) }
                .sorted { $0.sequence < $1.sequence }
        }
        let page = PageToken.page(matching, after: start, limit: limit == 0 ? 60 : limit)
        return (page.items, page.next)
    }

    /// `AdminUpdateUserAttributes`: immutable and unknown attributes are refused; a changed
    /// email or phone number becomes unverified unless the call verifies it.
    public func adminUpdateUserAttributes(poolId: String, username: String, attributes: [UserAttribute]) throws(CognitoError) {
        let now = clock.now()
        try withPool(poolId) { record throws(CognitoError) in
            let key = try record.requireUserKey(username)
            var stored = record.users[key]!
            stored.user.attributes = try UserAttributeRules.forUpdate(attributes, of: stored.user.attributes, schema: record.pool.schema)
            try record.checkSignInValuesFree(stored.user.attributes, except: key)
            stored.user.lastModified = now
            record.users[key] = stored
        }
    }

    /// `AdminDisableUser`: the user can no longer sign in, refresh, or use their tokens.
    public func adminDisableUser(poolId: String, username: String) throws(CognitoError) {
        try setEnabled(false, poolId: poolId, username: username)
    }

    /// `AdminEnableUser`.
    public func adminEnableUser(poolId: String, username: String) throws(CognitoError) {
        try setEnabled(true, poolId: poolId, username: username)
    }

    private func setEnabled(_ enabled: Bool, poolId: String, username: String) throws(CognitoError) {
        let now = clock.now()
        try withPool(poolId) { record throws(CognitoError) in
            let key = try record.requireUserKey(username)
            record.users[key]!.user.enabled = enabled
            record.users[key]!.user.lastModified = now
        }
    }

    /// `AdminDeleteUser`: the user, their sessions and refresh tokens.
    public func adminDeleteUser(poolId: String, username: String) throws(CognitoError) {
        try withPool(poolId) { record throws(CognitoError) in
            record.deleteUser(try record.requireUserKey(username))
        }
    }
}

extension UserPools.PoolRecord {
    /// Deletes user `key` with their challenge sessions and refresh tokens.
    mutating func deleteUser(_ key: String) {
        users[key] = nil
        sessions = sessions.filter { $0.value.userKey != key }
        refreshTokens = refreshTokens.filter { $0.value.userKey != key }
        pool.estimatedNumberOfUsers = users.count
    }

    /// Records the invitation `AdminCreateUser` sends, once per delivery medium.
    mutating func deliverInvitation(to user: PoolUser, password: String, mediums: [String], at date: Date) {
        for medium in mediums.isEmpty ? ["SMS"] : mediums {
            let destination = user.attributes.value(of: medium == "EMAIL" ? "email" : "phone_number")
            send(OutboxMessage(
                purpose: .invitation, username: user.username, deliveryMedium: medium, destination: destination,
                temporaryPassword: password, sentAt: date
            ))
        }
    }
}
