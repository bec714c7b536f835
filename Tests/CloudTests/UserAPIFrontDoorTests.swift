import Cloud
import Cognito
import Core
import Foundation
import HTTP
import IAM
import Testing

/// The Cognito adapter's user operations through the front door: unsigned JSON 1.1 calls
/// authorised by the access token, the app client id or a code, with Cognito's bare error
/// types.
@Suite struct UserAPIFrontDoorTests {
    let clock = ManualClock(start: Fixture.now)
    let service: CognitoIdentityProviderService
    let door: CloudFrontDoor
    let poolId: String
    let clientId: String

    init() throws {
        let random = SeededRandomSource(seed: 3)
        let store = IdentityStore(accountId: Fixture.account, operatorKey: ("AKIAOPERATOR", "secret"), clock: clock, random: random)
        service = CognitoIdentityProviderService(store: store, region: "us-east-1", clock: clock, random: random, passwordIterations: 2)
        door = CloudFrontDoor(
            services: [service], credentials: IdentityCredentialResolver(store: store), clock: clock, requestIDs: random,
            region: "us-east-1", accountId: Fixture.account
        )
        let pool = try service.pools.createUserPool(UserPoolSettings(
            name: "tenant", schema: [SchemaAttributeInput(name: "email", required: true), SchemaAttributeInput(name: "tenant_id", mutable: false)],
            autoVerifiedAttributes: ["email"]
        ))
        poolId = pool.id
        clientId = try service.pools.createUserPoolClient(
            poolId: pool.id, UserPoolClientSettings(clientName: "web", explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        ).clientId
        try service.pools.adminCreateUser(poolId: pool.id, NewUser(username: "alice", attributes: [
            UserAttribute(name: "email", value: "alice@example.com"), UserAttribute(name: "email_verified", value: "true"),
            UserAttribute(name: "custom:tenant_id", value: "T1"),
        ], messageAction: .suppress))
        try service.pools.adminSetUserPassword(poolId: pool.id, username: "alice", password: Self.password, permanent: true)
    }

    static let password = "Passw0rd!long"

    /// An unsigned call, as botocore sends the operations its model marks `authtype: none`.
    func call(_ operation: String, _ input: JSON, signed: Bool = false) async -> (status: Int, body: JSON) {
        let request = Fixture.json(
            "AWSCognitoIdentityProviderService.\(operation)", input.serialized(), version: "1.1", service: "cognito-idp",
            credentials: signed ? Fixture.admin : nil
        )
        let response = await door.respond(to: request)
        return (response.status, Fixture.body(response))
    }

    func signIn(_ password: String = Self.password) async -> (status: Int, body: JSON) {
        await call("InitiateAuth", [
            "ClientId": .string(clientId), "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": ["USERNAME": "alice", "PASSWORD": .string(password)],
        ])
    }

    func tokens() async throws -> (access: String, refresh: String) {
        let result = await signIn()
        return (try #require(result.body["AuthenticationResult"]?["AccessToken"]?.stringValue),
                try #require(result.body["AuthenticationResult"]?["RefreshToken"]?.stringValue))
    }

    func expectError(_ result: (status: Int, body: JSON), _ code: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 400, sourceLocation: sourceLocation)
        #expect(result.body == ["__type": .string(code), "message": .string(message)], sourceLocation: sourceLocation)
    }

    @Test func profileAttributesAndVerificationOverTheWire() async throws {
        let access = try await tokens().access
        let profile = await call("GetUser", ["AccessToken": .string(access)])
        #expect(profile.body["Username"] == "alice")
        // An Authorization header changes nothing for a token-authorised operation.
        #expect(await call("GetUser", ["AccessToken": .string(access)], signed: true).body == profile.body)
        let updated = await call("UpdateUserAttributes", ["AccessToken": .string(access), "UserAttributes": [["Name": "email", "Value": "alice@new.example"]]])
        #expect(updated.status == 200)
        #expect(updated.body == ["CodeDeliveryDetailsList": [["Destination": "a***@n***", "DeliveryMedium": "EMAIL", "AttributeName": "email"]]])
        expectError(
            await call("UpdateUserAttributes", ["AccessToken": .string(access), "UserAttributes": [["Name": "custom:tenant_id", "Value": "T2"]]]),
            "InvalidParameterException", "user.custom:tenant_id: Attribute cannot be updated. (changing an immutable attribute)"
        )
        expectError(
            await call("UpdateUserAttributes", ["AccessToken": .string(access)]),
            "InvalidParameterException", "1 validation error detected: Value null at 'userAttributes' failed to satisfy constraint: Member must not be null"
        )
        let sent = await call("GetUserAttributeVerificationCode", ["AccessToken": .string(access), "AttributeName": "email"])
        #expect(sent.body["CodeDeliveryDetails"]?["DeliveryMedium"] == "EMAIL")
        let code = try #require(try service.pools.outbox(poolId: poolId).last?.code)
        expectError(
            await call("VerifyUserAttribute", ["AccessToken": .string(access), "AttributeName": "email", "Code": .string(code == "000000" ? "111111" : "000000")]),
            "CodeMismatchException", "Invalid verification code provided, please try again."
        )
        #expect(await call("VerifyUserAttribute", ["AccessToken": .string(access), "AttributeName": "email", "Code": .string(code)]).body == [:])
        let attributes = await call("GetUser", ["AccessToken": .string(access)]).body["UserAttributes"]
        #expect(attributes?.arrayValue?.contains(["Name": "email_verified", "Value": "true"]) == true)
    }

    @Test func passwordsSignOutAndRevocationOverTheWire() async throws {
        let (access, refresh) = try await tokens()
        expectError(
            await call("ChangePassword", ["AccessToken": .string(access), "PreviousPassword": "Wr0ng!password", "ProposedPassword": "N3w-Passw0rd!"]),
            "NotAuthorizedException", "Incorrect username or password."
        )
        #expect(await call("ChangePassword", ["AccessToken": .string(access), "PreviousPassword": .string(Self.password), "ProposedPassword": "N3w-Passw0rd!"]).status == 200)
        #expect(await call("GlobalSignOut", ["AccessToken": .string(access)]).body == [:])
        expectError(await call("GetUser", ["AccessToken": .string(access)]), "NotAuthorizedException", "Access Token has been revoked")
        expectError(
            await call("InitiateAuth", ["ClientId": .string(clientId), "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": ["REFRESH_TOKEN": .string(refresh)]]),
            "NotAuthorizedException", "Refresh Token has been revoked"
        )
        let again = await signIn("N3w-Passw0rd!")
        let second = try #require(again.body["AuthenticationResult"]?["AccessToken"]?.stringValue)
        let secondRefresh = try #require(again.body["AuthenticationResult"]?["RefreshToken"]?.stringValue)
        #expect(await call("RevokeToken", ["ClientId": .string(clientId), "Token": .string(secondRefresh)]).body == [:])
        expectError(await call("GetUser", ["AccessToken": .string(second)]), "NotAuthorizedException", "Access Token has been revoked")
        let third = try #require(await signIn("N3w-Passw0rd!").body["AuthenticationResult"]?["AccessToken"]?.stringValue)
        #expect(await call("DeleteUser", ["AccessToken": .string(third)]).status == 200)
        expectError(await call("GetUser", ["AccessToken": .string(third)]), "UserNotFoundException", "User does not exist.")
    }

    @Test func forgottenPasswordsAndTheLockOverTheWire() async throws {
        let sent = await call("ForgotPassword", ["ClientId": .string(clientId), "Username": "alice"])
        #expect(sent.body == ["CodeDeliveryDetails": ["Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"]])
        let code = try #require(try service.pools.outbox(poolId: poolId).last?.code)
        let wrong = code == "000000" ? "111111" : "000000"
        let confirm: JSON = ["ClientId": .string(clientId), "Username": "alice", "ConfirmationCode": .string(wrong), "Password": "Re5et-Passw0rd!"]
        expectError(await call("ConfirmForgotPassword", confirm), "CodeMismatchException", "Invalid verification code provided, please try again.")
        var right = confirm.objectValue!
        right["ConfirmationCode"] = .string(code)
        #expect(await call("ConfirmForgotPassword", .object(right)).status == 200)
        #expect(await call("ForgotPassword", ["ClientId": .string(clientId), "Username": "nobody"]).status == 200)
        for _ in 0..<5 { expectError(await signIn(), "NotAuthorizedException", "Incorrect username or password.") }
        expectError(await signIn("Re5et-Passw0rd!"), "NotAuthorizedException", "Password attempts exceeded")
        clock.advance(by: 1)
        #expect(await signIn("Re5et-Passw0rd!").status == 200)
    }

    @Test func theUserOperationsAreAnonymousAndUnprobed() {
        let anonymous: Set = [
            "GetUser", "UpdateUserAttributes", "GetUserAttributeVerificationCode", "VerifyUserAttribute", "ChangePassword", "GlobalSignOut",
            "DeleteUser", "ForgotPassword", "ConfirmForgotPassword", "RevokeToken",
        ]
        #expect(anonymous.isSubset(of: service.allowsAnonymous))
        #expect(anonymous.isSubset(of: service.operations))
        let scope = AccessProbeScope(own: .init(userPoolId: poolId), others: [.init(userPoolId: "us-east-1_other")], tenantTables: [])
        #expect(service.accessProbes(for: scope).allSatisfy { !anonymous.contains($0.operation) })
    }
}
