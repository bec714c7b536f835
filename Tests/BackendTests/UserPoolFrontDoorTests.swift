import Backend
import Core
import Foundation
import HTTP
import SigV4
import Testing

extension PlatformClient {
    /// A Cognito user-pool call as the SDKs send it: JSON 1.1 with
    /// `X-Amz-Target: AWSCognitoIdentityProviderService.<operation>`, SigV4-signed for
    /// `cognito-idp` unless `signed` is false (the anonymous sign-in operations).
    func cognito(_ operation: String, _ body: JSON, signed: Bool = true) async throws -> (status: Int, body: JSON, response: HTTPResponse) {
        try await json("cognito-idp", target: "AWSCognitoIdentityProviderService", version: "1.1", operation, body, signed: signed)
    }

    /// `body` when the call succeeded; otherwise a thrown error naming what came back.
    func cognitoOK(_ operation: String, _ body: JSON, signed: Bool = true) async throws -> JSON {
        let (status, output, _) = try await cognito(operation, body, signed: signed)
        guard status == 200 else { throw HTTPError(status: HTTPStatus(status), code: "\(operation) failed", message: output.serialized()) }
        return output
    }
}

/// The bootcamp's Lab 1 over the wire: the operator configures a pool and provisions a user;
/// the user signs in anonymously, sets a new password, and reads their profile.
@Suite struct UserPoolFrontDoorTests {
    static let pool: JSON = [
        "PoolName": "TENANT1-pool",
        "Policies": ["PasswordPolicy": [
            "MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true, "RequireNumbers": true, "RequireSymbols": true,
        ]],
        "Schema": [
            ["Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true],
            ["Name": "tenant_id", "AttributeDataType": "String", "Mutable": false, "StringAttributeConstraints": ["MinLength": "1", "MaxLength": "256"]],
            ["Name": "role", "AttributeDataType": "String", "Mutable": true],
        ],
        "AdminCreateUserConfig": ["AllowAdminCreateUserOnly": true],
        "AutoVerifiedAttributes": ["email"],
    ]

    /// A pool, a client with the password and refresh flows, and user alice.
    static func provision(_ client: PlatformClient) async throws -> (poolId: String, clientId: String) {
        let created = try await client.cognitoOK("CreateUserPool", pool)
        let poolId = try #require(created["UserPool"]?["Id"]?.stringValue)
        let appClient = try await client.cognitoOK("CreateUserPoolClient", [
            "UserPoolId": .string(poolId), "ClientName": "web", "GenerateSecret": false,
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ])
        let clientId = try #require(appClient["UserPoolClient"]?["ClientId"]?.stringValue)
        _ = try await client.cognitoOK("AdminCreateUser", [
            "UserPoolId": .string(poolId), "Username": "alice", "TemporaryPassword": "Temp0rary!pw", "DesiredDeliveryMediums": ["EMAIL"],
            "UserAttributes": [["Name": "email", "Value": "alice@example.com"], ["Name": "custom:tenant_id", "Value": "TENANT1"], ["Name": "custom:role", "Value": "TenantAdmin"]],
        ])
        return (poolId, clientId)
    }

    @Test func labOneFromPoolToProfile() async throws {
        let client = PlatformClient()
        let created = try await client.cognito("CreateUserPool", Self.pool)
        #expect(created.status == 200)
        #expect(created.response.headers["Content-Type"] == "application/x-amz-json-1.1")
        let pool = try #require(created.body["UserPool"])
        let poolId = try #require(pool["Id"]?.stringValue)
        #expect(poolId.hasPrefix("us-east-1_"))
        #expect(pool["Arn"] == .string("arn:aws:cognito-idp:us-east-1:123456789012:userpool/\(poolId)"))
        #expect(pool["AdminCreateUserConfig"]?["AllowAdminCreateUserOnly"] == true)
        #expect(pool["Policies"]?["PasswordPolicy"]?["MinimumLength"] == 8)
        #expect(pool["CreationDate"] == 1_764_000_000)
        let tenantAttribute = pool["SchemaAttributes"]?.arrayValue?.first { $0["Name"] == "custom:tenant_id" }
        #expect(tenantAttribute == [
            "Name": "custom:tenant_id", "AttributeDataType": "String", "DeveloperOnlyAttribute": false, "Mutable": false, "Required": false,
            "StringAttributeConstraints": ["MinLength": "1", "MaxLength": "256"],
        ])

        let appClient = try await client.cognitoOK("CreateUserPoolClient", [
            "UserPoolId": .string(poolId), "ClientName": "web", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ])
        let clientId = try #require(appClient["UserPoolClient"]?["ClientId"]?.stringValue)
        #expect(appClient["UserPoolClient"]?["TokenValidityUnits"] == ["AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"])

        let user = try await client.cognitoOK("AdminCreateUser", [
            "UserPoolId": .string(poolId), "Username": "alice", "TemporaryPassword": "Temp0rary!pw",
            "UserAttributes": [["Name": "email", "Value": "alice@example.com"], ["Name": "custom:tenant_id", "Value": "TENANT1"]],
        ])
        #expect(user["User"]?["UserStatus"] == "FORCE_CHANGE_PASSWORD")
        #expect(user["User"]?["Enabled"] == true)
        #expect(user["User"]?["Attributes"]?[0]?["Name"] == "sub")

        let started = try await client.cognitoOK("InitiateAuth", [
            "ClientId": .string(clientId), "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": ["USERNAME": "alice", "PASSWORD": "Temp0rary!pw"],
        ], signed: false)
        #expect(started["ChallengeName"] == "NEW_PASSWORD_REQUIRED")
        #expect(started["ChallengeParameters"]?["USER_ID_FOR_SRP"] == "alice")
        #expect(started["ChallengeParameters"]?["requiredAttributes"] == "[]")
        let session = try #require(started["Session"])

        let answered = try await client.cognitoOK("RespondToAuthChallenge", [
            "ClientId": .string(clientId), "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session,
            "ChallengeResponses": ["USERNAME": "alice", "NEW_PASSWORD": "N3w-Passw0rd!"],
        ], signed: false)
        let tokens = try #require(answered["AuthenticationResult"])
        #expect(answered["ChallengeParameters"] == [:])
        #expect(tokens["TokenType"] == "Bearer")
        #expect(tokens["ExpiresIn"] == 3600)
        #expect(tokens["IdToken"]?.stringValue?.split(separator: ".").count == 3)
        #expect(tokens["RefreshToken"] != nil)

        let profile = try await client.cognitoOK("GetUser", ["AccessToken": try #require(tokens["AccessToken"])], signed: false)
        #expect(profile["Username"] == "alice")
        #expect(profile["UserAttributes"]?.arrayValue?.contains(["Name": "custom:tenant_id", "Value": "TENANT1"]) == true)

        let fetched = try await client.cognitoOK("AdminGetUser", ["UserPoolId": .string(poolId), "Username": "alice"])
        #expect(fetched["UserStatus"] == "CONFIRMED")
        #expect(fetched["UserAttributes"] != nil)

        let refreshed = try await client.cognitoOK("InitiateAuth", [
            "ClientId": .string(clientId), "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": ["REFRESH_TOKEN": try #require(tokens["RefreshToken"])],
        ], signed: false)
        #expect(refreshed["AuthenticationResult"]?["IdToken"] != nil)
        #expect(refreshed["AuthenticationResult"]?["RefreshToken"] == nil)
    }

    @Test func anUnsignedAdminCallIsRefused() async throws {
        let client = PlatformClient()
        let (poolId, _) = try await Self.provision(client)
        let (status, body, response) = try await client.cognito("AdminGetUser", ["UserPoolId": .string(poolId), "Username": "alice"], signed: false)
        #expect(status == 400 || status == 403)
        #expect(body["__type"] == "MissingAuthenticationTokenException")
        #expect(response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException")
    }

    @Test func cognitosErrorsCarryBareTypes() async throws {
        let client = PlatformClient()
        let (poolId, clientId) = try await Self.provision(client)
        let wrong = try await client.cognito("InitiateAuth", [
            "ClientId": .string(clientId), "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": ["USERNAME": "alice", "PASSWORD": "Wrong-passw0rd"],
        ], signed: false)
        #expect(wrong.status == 400)
        #expect(wrong.body == ["__type": "NotAuthorizedException", "message": "Incorrect username or password."])

        let missing = try await client.cognito("DescribeUserPool", ["UserPoolId": "us-east-1_missing00"])
        #expect(missing.body == ["__type": "ResourceNotFoundException", "message": "User pool us-east-1_missing00 does not exist."])

        let unknownUser = try await client.cognito("AdminGetUser", ["UserPoolId": .string(poolId), "Username": "ghost"])
        #expect(unknownUser.body == ["__type": "UserNotFoundException", "message": "User does not exist."])

        let duplicate = try await client.cognito("AdminCreateUser", [
            "UserPoolId": .string(poolId), "Username": "alice", "UserAttributes": [["Name": "email", "Value": "a@example.com"]],
        ])
        #expect(duplicate.body == ["__type": "UsernameExistsException", "message": "User account already exists"])

        let weak = try await client.cognito("AdminSetUserPassword", ["UserPoolId": .string(poolId), "Username": "alice", "Password": "weak", "Permanent": true])
        #expect(weak.body == ["__type": "InvalidPasswordException", "message": "Password did not conform with policy: Password not long enough"])

        let invalid = try await client.cognito("AdminGetUser", ["UserPoolId": .string(poolId)])
        #expect(invalid.body == [
            "__type": "InvalidParameterException",
            "message": "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null",
        ])

        let immutable = try await client.cognito("AdminUpdateUserAttributes", [
            "UserPoolId": .string(poolId), "Username": "alice", "UserAttributes": [["Name": "custom:tenant_id", "Value": "TENANT2"]],
        ])
        #expect(immutable.body["message"] == "user.custom:tenant_id: Attribute cannot be updated. (changing an immutable attribute)")

        let signUp = try await client.cognito("SignUp", ["ClientId": .string(clientId), "Username": "eve", "Password": "Sign-up-0k!"], signed: false)
        #expect(signUp.body == ["__type": "NotAuthorizedException", "message": "SignUp is not permitted for this user pool"])

        let unknown = try await client.cognito("AdminTeleportUser", [:])
        #expect(unknown.body["__type"] == "UnknownOperationException")
    }

    @Test func listsPageOverTheWire() async throws {
        let client = PlatformClient()
        let (poolId, _) = try await Self.provision(client)
        for name in ["bob", "carol"] {
            _ = try await client.cognitoOK("AdminCreateUser", [
                "UserPoolId": .string(poolId), "Username": .string(name), "MessageAction": "SUPPRESS",
                "UserAttributes": [["Name": "email", "Value": .string("\(name)@example.com")]],
            ])
        }
        let first = try await client.cognitoOK("ListUsers", ["UserPoolId": .string(poolId), "Limit": 2, "AttributesToGet": ["email"]])
        #expect(first["Users"]?.arrayValue?.map { $0["Username"] } == ["alice", "bob"])
        #expect(first["Users"]?[0]?["Attributes"] == [["Name": "email", "Value": "alice@example.com"]])
        let rest = try await client.cognitoOK("ListUsers", ["UserPoolId": .string(poolId), "PaginationToken": try #require(first["PaginationToken"])])
        #expect(rest["Users"]?.arrayValue?.map { $0["Username"] } == ["carol"])
        let filtered = try await client.cognitoOK("ListUsers", ["UserPoolId": .string(poolId), "Filter": #"email ^= "car""#])
        #expect(filtered["Users"]?.arrayValue?.count == 1)
        let pools = try await client.cognitoOK("ListUserPools", ["MaxResults": 10])
        #expect(pools["UserPools"]?[0]?["Id"] == .string(poolId))
        let clients = try await client.cognitoOK("ListUserPoolClients", ["UserPoolId": .string(poolId)])
        #expect(clients["UserPoolClients"]?.arrayValue?.count == 1)
    }

    @Test func groupsOverTheWire() async throws {
        let client = PlatformClient()
        let (poolId, _) = try await Self.provision(client)
        let group = try await client.cognitoOK("CreateGroup", ["UserPoolId": .string(poolId), "GroupName": "admins", "Precedence": 1])
        #expect(group["Group"]?["GroupName"] == "admins")
        #expect(group["Group"]?["Precedence"] == 1)
        _ = try await client.cognitoOK("AdminAddUserToGroup", ["UserPoolId": .string(poolId), "Username": "alice", "GroupName": "admins"])
        let groups = try await client.cognitoOK("AdminListGroupsForUser", ["UserPoolId": .string(poolId), "Username": "alice"])
        #expect(groups["Groups"]?.arrayValue?.map { $0["GroupName"] } == ["admins"])
        let missing = try await client.cognito("GetGroup", ["UserPoolId": .string(poolId), "GroupName": "nobody"])
        #expect(missing.body == ["__type": "ResourceNotFoundException", "message": "Group not found."])
    }

    @Test func aSeededBackendIssuesTheSameTokens() async throws {
        func idToken(seed: UInt64) async throws -> JSON? {
            let client = PlatformClient(seed: seed)
            let (poolId, clientId) = try await Self.provision(client)
            _ = try await client.cognitoOK("AdminSetUserPassword", ["UserPoolId": .string(poolId), "Username": "alice", "Password": "N3w-Passw0rd!", "Permanent": true])
            let signedIn = try await client.cognitoOK("AdminInitiateAuth", [
                "UserPoolId": .string(poolId), "ClientId": .string(clientId), "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                "AuthParameters": ["USERNAME": "alice", "PASSWORD": "N3w-Passw0rd!"],
            ])
            return signedIn["AuthenticationResult"]?["IdToken"]
        }
        let first = try await idToken(seed: 5)
        #expect(first != nil)
        #expect(try await idToken(seed: 5) == first)
        #expect(try await idToken(seed: 6) != first)
    }
}
