import Backend
import Core
import Foundation
import HTTP
import Testing

/// Admin operations are authorised by the caller's IAM policies on the pool's ARN, as the
/// bootcamp's TenantUser role (AdminGetUser and ListUsers on its own pool only) needs.
@Suite struct UserPoolAuthorizationTests {
    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#

    /// Two provisioned pools, then the client switched to a TenantUser session whose policy
    /// allows reading users of the first pool only.
    private func tenantUserSession() async throws -> (client: PlatformClient, own: String, other: String) {
        var client = PlatformClient()
        let own = try await UserPoolFrontDoorTests.provision(client).poolId
        let other = try await UserPoolFrontDoorTests.provision(client).poolId
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cognito-idp:AdminGetUser","cognito-idp:ListUsers"],"Resource":"arn:aws:cognito-idp:us-east-1:123456789012:userpool/\#(own)"}]}"#
        #expect(try await client.query("iam", "CreateRole", [("RoleName", "TenantUser"), ("AssumeRolePolicyDocument", Self.trust)]).status == 200)
        #expect(try await client.query("iam", "PutRolePolicy", [("RoleName", "TenantUser"), ("PolicyName", "users"), ("PolicyDocument", policy)]).status == 200)
        let assumed = try await client.query("sts", "AssumeRole", [("RoleArn", "arn:aws:iam::123456789012:role/TenantUser"), ("RoleSessionName", "t1")])
        try client.use(sessionFrom: assumed)
        return (client, own, other)
    }

    @Test func aTenantUserReadsUsersOfItsOwnPool() async throws {
        let (client, own, _) = try await tenantUserSession()
        let user = try await client.cognitoOK("AdminGetUser", ["UserPoolId": .string(own), "Username": "alice"])
        #expect(user["Username"] == "alice")
        let listed = try await client.cognitoOK("ListUsers", ["UserPoolId": .string(own)])
        #expect(listed["Users"]?.arrayValue?.count == 1)
    }

    @Test func aTenantUserCannotCreateUsers() async throws {
        let (client, own, _) = try await tenantUserSession()
        let denied = try await client.cognito("AdminCreateUser", ["UserPoolId": .string(own), "Username": "mallory"])
        #expect(denied.status == 400)
        #expect(denied.body["__type"] == "AccessDeniedException")
        #expect(denied.body["Message"] == .string(
            "User: arn:aws:sts::123456789012:assumed-role/TenantUser/t1 is not authorized to perform: cognito-idp:AdminCreateUser on resource: arn:aws:cognito-idp:us-east-1:123456789012:userpool/\(own) because no identity-based policy allows the cognito-idp:AdminCreateUser action"
        ))
    }

    @Test func aTenantUserCannotReadAnotherTenantsPool() async throws {
        let (client, _, other) = try await tenantUserSession()
        let denied = try await client.cognito("AdminGetUser", ["UserPoolId": .string(other), "Username": "alice"])
        #expect(denied.body["__type"] == "AccessDeniedException")
    }

    @Test func poolCreationIsAuthorisedOnStar() async throws {
        let (client, _, _) = try await tenantUserSession()
        let denied = try await client.cognito("CreateUserPool", ["PoolName": "rogue"])
        #expect(denied.body["Message"]?.stringValue?.contains("cognito-idp:CreateUserPool on resource: *") == true)
    }

    @Test func signInIsNotAuthorisedByIAM() async throws {
        let (client, _, _) = try await tenantUserSession()
        // The session may not call InitiateAuth by its policy, yet the call reaches the
        // engine: anonymous operations ignore who signed them.
        let started = try await client.cognito("InitiateAuth", ["ClientId": "unknown", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": ["USERNAME": "a", "PASSWORD": "b"]])
        #expect(started.body == ["__type": "ResourceNotFoundException", "message": "User pool client unknown does not exist."])
    }
}
