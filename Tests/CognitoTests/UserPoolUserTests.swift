import Cognito
import Core
import Foundation
import Testing

@Suite struct UserPoolUserTests {
    @Test func adminCreateUserMakesAForceChangePasswordUserAndAnInvitation() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let user = try fixture.tenantAdmin(pool)
        #expect(user.username == "alice")
        #expect(user.status == .forceChangePassword)
        #expect(user.enabled)
        #expect(user.created == UserPoolFixture.start)
        #expect(user.attributes.first?.name == "sub")
        #expect(user.sub.count == 36 && user.sub.split(separator: "-").count == 5)
        #expect(user.attributes.value(of: "custom:tenant_id") == "TENANT1")
        #expect(user.attributes.value(of: "email_verified") == nil)
        let outbox = try fixture.pools.outbox(poolId: pool.id)
        #expect(outbox == [OutboxMessage(
            purpose: .invitation, username: "alice", deliveryMedium: "EMAIL", destination: "alice@example.com",
            temporaryPassword: UserPoolFixture.temporaryPassword, sentAt: UserPoolFixture.start
        )])
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "alice") == user)
        #expect(try fixture.pools.describeUserPool(pool.id).estimatedNumberOfUsers == 1)
    }

    @Test func aGeneratedTemporaryPasswordSatisfiesThePolicyAndSignsIn() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "bob", attributes: [UserAttribute(name: "email", value: "bob@example.com")]))
        let invitation = try #require(try fixture.pools.outbox(poolId: pool.id).last)
        #expect(invitation.deliveryMedium == "SMS", "Cognito's default medium")
        #expect(invitation.destination == nil)
        let password = try #require(invitation.temporaryPassword)
        try pool.passwordPolicy.check(password)
        let outcome = try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: ["USERNAME": "bob", "PASSWORD": password])
        guard case .challenge(let challenge) = outcome else { Issue.record("expected a challenge"); return }
        #expect(challenge.name == "NEW_PASSWORD_REQUIRED")
    }

    @Test func suppressedInvitationsAreNotSent() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(
            username: "carol", attributes: [UserAttribute(name: "email", value: "c@example.com")], messageAction: .suppress
        ))
        #expect(try fixture.pools.outbox(poolId: pool.id).isEmpty)
    }

    @Test func resendGivesANewTemporaryPassword() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        try fixture.tenantAdmin(pool)
        fixture.clock.advance(by: 60)
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "alice", messageAction: .resend, desiredDeliveryMediums: ["EMAIL"]))
        let outbox = try fixture.pools.outbox(poolId: pool.id)
        #expect(outbox.count == 2)
        #expect(outbox[1].temporaryPassword != UserPoolFixture.temporaryPassword)
        #expect(throws: CognitoError(code: "UserNotFoundException", message: "User does not exist.")) {
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "nobody", messageAction: .resend))
        }
    }

    @Test func duplicatesAndBadPasswordsAreRefused() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        try fixture.tenantAdmin(pool)
        #expect(throws: CognitoError(code: "UsernameExistsException", message: "User account already exists")) { try fixture.tenantAdmin(pool) }
        #expect(throws: CognitoError(code: "InvalidPasswordException", message: "Password did not conform with policy: Password must have symbol characters")) {
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(
                username: "dave", attributes: [UserAttribute(name: "email", value: "d@example.com")], temporaryPassword: "Abcdefg1"
            ))
        }
        #expect(throws: CognitoError.self) {
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "has space", attributes: [UserAttribute(name: "email", value: "d@example.com")]))
        }
        #expect(throws: CognitoError.self) {
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "dave", desiredDeliveryMediums: ["PIGEON"]))
        }
    }

    @Test func attributesMustConformToTheSchema() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "typed", schema: [
            SchemaAttributeInput(name: "email", required: true), SchemaAttributeInput(name: "given_name", required: true),
            SchemaAttributeInput(name: "tier", maxLength: 8), SchemaAttributeInput(name: "seats", dataType: .number, minValue: 1, maxValue: 100),
            SchemaAttributeInput(name: "active", dataType: .boolean), SchemaAttributeInput(name: "since", dataType: .dateTime),
        ]))
        func create(_ attributes: [(String, String)]) throws -> PoolUser {
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(
                username: "u\(attributes.count)", attributes: attributes.map { UserAttribute(name: $0.0, value: $0.1) }
            ))
        }
        #expect(throws: CognitoError.invalidParameter("Attributes did not conform to the schema: given_name: The attribute is required\nemail: The attribute is required")) {
            try create([])
        }
        #expect(throws: CognitoError.invalidParameter("Attributes did not conform to the schema: Type for attribute {custom:nope} could not be determined")) {
            try create([("email", "a@b.c"), ("given_name", "A"), ("custom:nope", "x")])
        }
        #expect(throws: CognitoError.invalidParameter("Attributes did not conform to the schema: custom:tier: String must be no longer than 8 characters")) {
            try create([("email", "a@b.c"), ("given_name", "A"), ("custom:tier", "Platinum+")])
        }
        #expect(throws: CognitoError.invalidParameter("Attributes did not conform to the schema: custom:seats: Number must be an integer")) {
            try create([("email", "a@b.c"), ("given_name", "A"), ("custom:seats", "many")])
        }
        #expect(throws: CognitoError.invalidParameter("Attributes did not conform to the schema: custom:seats: Number must be no greater than 100")) {
            try create([("email", "a@b.c"), ("given_name", "A"), ("custom:seats", "101")])
        }
        #expect(throws: CognitoError.invalidParameter("Attributes did not conform to the schema: custom:active: Boolean must be true or false")) {
            try create([("email", "a@b.c"), ("given_name", "A"), ("custom:active", "yes")])
        }
        #expect(throws: CognitoError.invalidParameter("Invalid email address format.")) { try create([("email", "not-an-email"), ("given_name", "A")]) }
        let plain = try fixture.pools.createUserPool(UserPoolSettings(name: "plain"))
        #expect(throws: CognitoError.invalidParameter("Email is required to verify/un-verify an email")) {
            try fixture.pools.adminCreateUser(poolId: plain.id, NewUser(username: "v", attributes: [UserAttribute(name: "email_verified", value: "true")]))
        }
        let user = try create([("email", "a@b.c"), ("given_name", "A"), ("custom:seats", "5"), ("custom:active", "TRUE"), ("custom:since", "2025-01-01")])
        #expect(user.attributes.value(of: "custom:active") == "true")
    }

    @Test func adminGetUserOfAnUnknownUser() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let notFound = CognitoError(code: "UserNotFoundException", message: "User does not exist.")
        #expect(throws: notFound) { try fixture.pools.adminGetUser(poolId: pool.id, username: "ghost") }
        #expect(throws: notFound) { try fixture.pools.adminDeleteUser(poolId: pool.id, username: "ghost") }
        #expect(throws: notFound) { try fixture.pools.adminDisableUser(poolId: pool.id, username: "ghost") }
        #expect(throws: notFound) { try fixture.pools.adminEnableUser(poolId: pool.id, username: "ghost") }
        #expect(throws: notFound) { try fixture.pools.adminSetUserPassword(poolId: pool.id, username: "ghost", password: UserPoolFixture.newPassword, permanent: true) }
        #expect(throws: notFound) { try fixture.pools.adminUpdateUserAttributes(poolId: pool.id, username: "ghost", attributes: []) }
    }

    @Test func updatesRefuseImmutableAndUnknownAttributesAndUnverifyNewEmails() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        try fixture.tenantAdmin(pool)
        #expect(throws: CognitoError.invalidParameter("user.custom:tenant_id: Attribute cannot be updated. (changing an immutable attribute)")) {
            try fixture.pools.adminUpdateUserAttributes(poolId: pool.id, username: "alice", attributes: [UserAttribute(name: "custom:tenant_id", value: "TENANT2")])
        }
        #expect(throws: CognitoError.invalidParameter("user.custom:shoe_size: Attribute does not exist in the schema.")) {
            try fixture.pools.adminUpdateUserAttributes(poolId: pool.id, username: "alice", attributes: [UserAttribute(name: "custom:shoe_size", value: "9")])
        }
        try fixture.pools.adminUpdateUserAttributes(poolId: pool.id, username: "alice", attributes: [UserAttribute(name: "email_verified", value: "true")])
        fixture.clock.advance(by: 5)
        try fixture.pools.adminUpdateUserAttributes(poolId: pool.id, username: "alice", attributes: [
            UserAttribute(name: "email", value: "alice@new.example"), UserAttribute(name: "custom:role", value: "TenantUser"),
        ])
        let user = try fixture.pools.adminGetUser(poolId: pool.id, username: "alice")
        #expect(user.attributes.value(of: "email") == "alice@new.example")
        #expect(user.attributes.value(of: "email_verified") == "false")
        #expect(user.attributes.value(of: "custom:role") == "TenantUser")
        #expect(user.attributes.value(of: "custom:tenant_id") == "TENANT1")
        #expect(user.lastModified == UserPoolFixture.start.addingTimeInterval(5))
    }

    @Test func disableEnableAndDelete() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        try fixture.tenantAdmin(pool)
        try fixture.pools.adminDisableUser(poolId: pool.id, username: "alice")
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "alice").enabled == false)
        try fixture.pools.adminEnableUser(poolId: pool.id, username: "alice")
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "alice").enabled)
        try fixture.pools.adminDeleteUser(poolId: pool.id, username: "alice")
        #expect(throws: CognitoError.self) { try fixture.pools.adminGetUser(poolId: pool.id, username: "alice") }
        #expect(try fixture.pools.describeUserPool(pool.id).estimatedNumberOfUsers == 0)
    }

    @Test func adminSetUserPasswordPermanentOrTemporary() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        try fixture.tenantAdmin(pool)
        try fixture.pools.adminSetUserPassword(poolId: pool.id, username: "alice", password: "Perm4nent!pw", permanent: true)
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "alice").status == .confirmed)
        _ = try fixture.signIn(client, password: "Perm4nent!pw")
        try fixture.pools.adminSetUserPassword(poolId: pool.id, username: "alice", password: UserPoolFixture.temporaryPassword, permanent: false)
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "alice").status == .forceChangePassword)
        _ = try fixture.firstSignIn(client)
        #expect(throws: CognitoError(code: "InvalidPasswordException", message: "Password did not conform with policy: Password not long enough")) {
            try fixture.pools.adminSetUserPassword(poolId: pool.id, username: "alice", password: "Sh0rt!", permanent: true)
        }
    }

    @Test func emailSignInPoolsUseTheSubAsUserName() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "by-email", usernameAttributes: ["email"]))
        let user = try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "Erin@Example.com", temporaryPassword: UserPoolFixture.temporaryPassword))
        #expect(user.username == user.sub)
        #expect(user.attributes.value(of: "email") == "Erin@Example.com")
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "erin@example.com").sub == user.sub)
        #expect(throws: CognitoError(code: "UsernameExistsException", message: "An account with the given email already exists.")) {
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "erin@example.com"))
        }
        #expect(throws: CognitoError.invalidParameter("Username should be either an email or a phone number.")) {
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "erin"))
        }
    }

    @Test func caseInsensitivePoolsFindUsersWhateverTheCase() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "ci", usernameCaseSensitive: false))
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "Frank"))
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "FRANK").username == "Frank")
        #expect(throws: CognitoError.self) { try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "frank")) }
        let sensitive = try fixture.pools.createUserPool(UserPoolSettings(name: "cs"))
        try fixture.pools.adminCreateUser(poolId: sensitive.id, NewUser(username: "Frank"))
        #expect(throws: CognitoError.self) { try fixture.pools.adminGetUser(poolId: sensitive.id, username: "frank") }
    }

    @Test func emailAliasesSignInOnlyOnceVerified() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "alias", aliasAttributes: ["email"]))
        #expect(throws: CognitoError.invalidParameter("Username cannot be of email format, since user pool is configured for email alias.")) {
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "g@example.com"))
        }
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "gina", attributes: [UserAttribute(name: "email", value: "g@example.com")]))
        #expect(throws: CognitoError.self) { try fixture.pools.adminGetUser(poolId: pool.id, username: "g@example.com") }
        try fixture.pools.adminUpdateUserAttributes(poolId: pool.id, username: "gina", attributes: [UserAttribute(name: "email_verified", value: "true")])
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "g@example.com").username == "gina")
    }
}
