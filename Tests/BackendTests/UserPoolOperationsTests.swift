import Backend
import Core
import Foundation
import HTTP
import Testing

/// Every user-pool operation once over the wire, so each adapter reads its members under
/// the names the SDKs send.
@Suite struct UserPoolOperationsTests {
    @Test func clientAndPoolLifecycle() async throws {
        let client = PlatformClient()
        let (poolId, clientId) = try await UserPoolFrontDoorTests.provision(client)
        let described = try await client.cognitoOK("DescribeUserPoolClient", ["UserPoolId": .string(poolId), "ClientId": .string(clientId)])
        #expect(described["UserPoolClient"]?["ExplicitAuthFlows"] == ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        #expect(described["UserPoolClient"]?["ClientSecret"] == nil)
        let pool = try await client.cognitoOK("DescribeUserPool", ["UserPoolId": .string(poolId)])
        #expect(pool["UserPool"]?["EstimatedNumberOfUsers"] == 1)
        #expect(try await client.cognitoOK("DeleteUserPoolClient", ["UserPoolId": .string(poolId), "ClientId": .string(clientId)]) == [:])
        let gone = try await client.cognito("DescribeUserPoolClient", ["UserPoolId": .string(poolId), "ClientId": .string(clientId)])
        #expect(gone.body == ["__type": "ResourceNotFoundException", "message": .string("User pool client \(clientId) does not exist.")])
        #expect(try await client.cognitoOK("DeleteUserPool", ["UserPoolId": .string(poolId)]) == [:])
        let noPool = try await client.cognito("DescribeUserPool", ["UserPoolId": .string(poolId)])
        #expect(noPool.body["__type"] == "ResourceNotFoundException")
    }

    @Test func userLifecycle() async throws {
        let client = PlatformClient()
        let (poolId, clientId) = try await UserPoolFrontDoorTests.provision(client)
        let alice: JSON = ["UserPoolId": .string(poolId), "Username": "alice"]
        _ = try await client.cognitoOK("AdminUpdateUserAttributes", [
            "UserPoolId": .string(poolId), "Username": "alice", "UserAttributes": [["Name": "custom:role", "Value": "TenantUser"]],
        ])
        _ = try await client.cognitoOK("AdminDisableUser", alice)
        #expect(try await client.cognitoOK("AdminGetUser", alice)["Enabled"] == false)
        _ = try await client.cognitoOK("AdminEnableUser", alice)

        let started = try await client.cognitoOK("AdminInitiateAuth", [
            "UserPoolId": .string(poolId), "ClientId": .string(clientId), "AuthFlow": "ADMIN_NO_SRP_AUTH",
            "AuthParameters": ["USERNAME": "alice", "PASSWORD": "Temp0rary!pw"],
        ])
        let answered = try await client.cognitoOK("AdminRespondToAuthChallenge", [
            "UserPoolId": .string(poolId), "ClientId": .string(clientId), "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": try #require(started["Session"]), "ChallengeResponses": ["USERNAME": "alice", "NEW_PASSWORD": "N3w-Passw0rd!"],
        ])
        let idToken = try #require(answered["AuthenticationResult"]?["IdToken"]?.stringValue)
        let payload = try #require(Base64URL.decode(String(idToken.split(separator: ".")[1])))
        #expect(try JSON.parse(bytes: payload)["custom:role"] == "TenantUser")

        _ = try await client.cognitoOK("AdminDeleteUser", alice)
        #expect(try await client.cognito("AdminGetUser", alice).body["__type"] == "UserNotFoundException")
    }

    @Test func signUpAndConfirmation() async throws {
        let client = PlatformClient()
        var openPool = UserPoolFrontDoorTests.pool
        if case .object(var object) = openPool {
            object["AdminCreateUserConfig"] = ["AllowAdminCreateUserOnly": false]
            openPool = .object(object)
        }
        let poolId = try #require(try await client.cognitoOK("CreateUserPool", openPool)["UserPool"]?["Id"])
        let appClient = try await client.cognitoOK("CreateUserPoolClient", ["UserPoolId": poolId, "ClientName": "web"])
        let clientId = try #require(appClient["UserPoolClient"]?["ClientId"])
        let signedUp = try await client.cognitoOK("SignUp", [
            "ClientId": clientId, "Username": "zoe", "Password": "Sign-up-0k!", "UserAttributes": [["Name": "email", "Value": "zoe@example.com"]],
        ], signed: false)
        #expect(signedUp["UserConfirmed"] == false)
        #expect(signedUp["CodeDeliveryDetails"] == ["Destination": "z***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"])
        #expect(signedUp["UserSub"]?.stringValue?.count == 36)
        let wrongCode = try await client.cognito("ConfirmSignUp", ["ClientId": clientId, "Username": "zoe", "ConfirmationCode": "not-it"], signed: false)
        #expect(wrongCode.body == ["__type": "CodeMismatchException", "message": "Invalid verification code provided, please try again."])
        _ = try await client.cognitoOK("AdminConfirmSignUp", ["UserPoolId": poolId, "Username": "zoe"])
        let user = try await client.cognitoOK("AdminGetUser", ["UserPoolId": poolId, "Username": "zoe"])
        #expect(user["UserStatus"] == "CONFIRMED")
        let again = try await client.cognito("AdminConfirmSignUp", ["UserPoolId": poolId, "Username": "zoe"])
        #expect(again.body == ["__type": "NotAuthorizedException", "message": "User cannot be confirmed. Current status is CONFIRMED"])
    }

    @Test func groupLifecycle() async throws {
        let client = PlatformClient()
        let (poolId, _) = try await UserPoolFrontDoorTests.provision(client)
        let pool = JSON.string(poolId)
        for name in ["admins", "users"] {
            _ = try await client.cognitoOK("CreateGroup", ["UserPoolId": pool, "GroupName": .string(name), "Description": "d"])
        }
        let listed = try await client.cognitoOK("ListGroups", ["UserPoolId": pool, "Limit": 1])
        #expect(listed["Groups"]?.arrayValue?.map { $0["GroupName"] } == ["admins"])
        #expect(listed["NextToken"] != nil)
        _ = try await client.cognitoOK("AdminAddUserToGroup", ["UserPoolId": pool, "Username": "alice", "GroupName": "users"])
        _ = try await client.cognitoOK("AdminRemoveUserFromGroup", ["UserPoolId": pool, "Username": "alice", "GroupName": "users"])
        _ = try await client.cognitoOK("DeleteGroup", ["UserPoolId": pool, "GroupName": "users"])
        let groups = try await client.cognitoOK("AdminListGroupsForUser", ["UserPoolId": pool, "Username": "alice"])
        #expect(groups["Groups"] == [])
        let duplicate = try await client.cognito("CreateGroup", ["UserPoolId": pool, "GroupName": "admins"])
        #expect(duplicate.body["__type"] == "GroupExistsException")
    }

    @Test func mistypedMembersAreSerializationErrors() async throws {
        let client = PlatformClient()
        let (status, body, _) = try await client.cognito("ListUserPools", ["MaxResults": "10"])
        #expect(status == 400)
        #expect(body["__type"] == "SerializationException")
        let badEnum = try await client.cognito("CreateUserPool", ["PoolName": "p", "Schema": [["Name": "x", "AttributeDataType": "Text"]]])
        #expect(badEnum.body["__type"] == "InvalidParameterException")
    }
}
