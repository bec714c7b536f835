import Backend
import Cognito
import Core
import Foundation
import HTTP
import IAM
import SigV4
import Testing

/// Lab 3's path over the wire: an ID token → GetId → GetCredentialsForIdentity → a session
/// of the mapped role with the tenant's tag, which the rest of the platform honours.
@Suite struct IdentityPoolCredentialFlowTests {
    static let productTable = "arn:aws:dynamodb:us-east-1:123456789012:table/ProductBootcamp"
    static let tenantPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:Query","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/ProductBootcamp","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}}]}"#

    /// The bootcamp's configuration: Rules on `custom:role` with Deny, `tenant_id` tagged.
    private func bootcamp(_ platform: IdentityPoolPlatform, trustPool: String? = nil) async throws -> String {
        let id = try await platform.createPool()
        for role in ["Trust", "TenantAdmin"] {
            try platform.backend.identities.createRole(name: role, trustPolicy: IdentityPoolPlatform.trust(poolId: trustPool ?? id))
        }
        try platform.backend.identities.putRolePolicy(roleName: "TenantAdmin", policyName: "products", document: Self.tenantPolicy)
        let mapping: JSON = ["\(PlatformUserPools.provider):client1": [
            "Type": "Rules", "AmbiguousRoleResolution": "Deny",
            "RulesConfiguration": ["Rules": [["Claim": "custom:role", "MatchType": "Equals", "Value": "TenantAdmin", "RoleARN": "arn:aws:iam::123456789012:role/TenantAdmin"]]],
        ]]
        let roles = try await platform.cognito("SetIdentityPoolRoles", ["IdentityPoolId": .string(id), "Roles": ["authenticated": "arn:aws:iam::123456789012:role/Trust"], "RoleMappings": mapping])
        #expect(roles.status == 200, "\(roles.body)")
        _ = try await platform.cognito("SetPrincipalTagAttributeMap", [
            "IdentityPoolId": .string(id), "IdentityProviderName": .string(PlatformUserPools.provider), "PrincipalTags": ["tenant_id": "custom:tenant_id"],
        ])
        return id
    }

    private func logins(_ platform: IdentityPoolPlatform, sub: String = "alice", role: String = "TenantAdmin", clientId: String = "client1") -> JSON {
        let token = platform.users.idToken(sub: sub, clientId: clientId, claims: ["custom:role": .string(role), "custom:tenant_id": "TENANT1"])
        return [PlatformUserPools.provider: .string(token)]
    }

    @Test func tenantCredentialsWorkAndAreLimitedAcrossThePlatform() async throws {
        var platform = IdentityPoolPlatform()
        let poolId = try await bootcamp(platform)
        let got = try await platform.cognito("GetId", ["IdentityPoolId": .string(poolId), "Logins": logins(platform)], signed: false)
        let identityId = try #require(got.body["IdentityId"]?.stringValue)
        let again = try await platform.cognito("GetId", ["IdentityPoolId": .string(poolId), "Logins": logins(platform)], signed: false)
        #expect(again.body["IdentityId"]?.stringValue == identityId)

        let issued = try await platform.cognito("GetCredentialsForIdentity", ["IdentityId": .string(identityId), "Logins": logins(platform)], signed: false)
        #expect(issued.status == 200, "\(issued.body)")
        #expect(issued.body["IdentityId"]?.stringValue == identityId)
        let credentials = try #require(issued.body["Credentials"])
        #expect(credentials["Expiration"]?.intValue == 1_764_003_600)
        let key = try #require(credentials["AccessKeyId"]?.stringValue)
        platform.credentials = AWSCredentials(
            accessKeyId: key, secretAccessKey: try #require(credentials["SecretKey"]?.stringValue),
            sessionToken: try #require(credentials["SessionToken"]?.stringValue)
        )
        let caller = try await platform.query("sts", "GetCallerIdentity")
        #expect(caller.contains("<Arn>arn:aws:sts::123456789012:assumed-role/TenantAdmin/CognitoIdentityCredentials</Arn>"))
        #expect(try await platform.query("iam", "CreateRole", [("RoleName", "Escalate"), ("AssumeRolePolicyDocument", "{}")]).contains("<Code>AccessDenied</Code>"))

        guard case .found(_, _, let principal) = platform.backend.identities.resolve(accessKeyId: key, at: platform.clock.now()) else {
            Issue.record("the session does not resolve")
            return
        }
        #expect(principal.tags["tenant_id"] == "TENANT1")
        let store = platform.backend.identities
        #expect(store.authorize(principal, action: "dynamodb:Query", resource: Self.productTable, context: ["dynamodb:LeadingKeys": ["TENANT1"]]).isAllowed)
        #expect(!store.authorize(principal, action: "dynamodb:Query", resource: Self.productTable, context: ["dynamodb:LeadingKeys": ["TENANT2"]]).isAllowed)
    }

    @Test func refusalsInCognitoIdentitysWords() async throws {
        let platform = IdentityPoolPlatform()
        let poolId = try await bootcamp(platform)
        let wrongClient = try await platform.cognito("GetId", ["IdentityPoolId": .string(poolId), "Logins": logins(platform, clientId: "client2")], signed: false)
        #expect(wrongClient.status == 400)
        #expect(wrongClient.body == ["__type": "NotAuthorizedException", "message": "Token is not from a supported provider of this identity pool."])
        let guest = try await platform.cognito("GetId", ["IdentityPoolId": .string(poolId)], signed: false)
        #expect(guest.body["message"] == "Unauthenticated access is not supported for this identity pool.")
        let support = logins(platform, sub: "sam", role: "SystemSupport")
        let samId = try #require(try await platform.cognito("GetId", ["IdentityPoolId": .string(poolId), "Logins": support], signed: false).body["IdentityId"]?.stringValue)
        let denied = try await platform.cognito("GetCredentialsForIdentity", ["IdentityId": .string(samId), "Logins": support], signed: false)
        #expect(denied.body == ["__type": "NotAuthorizedException", "message": .string("The ambiguous role mapping rules for: \(PlatformUserPools.provider):client1 denied this request.")])
    }

    @Test func aTrustPolicyForAnotherPoolIsAnInvalidConfiguration() async throws {
        let platform = IdentityPoolPlatform()
        let poolId = try await bootcamp(platform, trustPool: "us-east-1:00000000-0000-4000-8000-000000000000")
        let id = try #require(try await platform.cognito("GetId", ["IdentityPoolId": .string(poolId), "Logins": logins(platform)], signed: false).body["IdentityId"]?.stringValue)
        let refused = try await platform.cognito("GetCredentialsForIdentity", ["IdentityId": .string(id), "Logins": logins(platform)], signed: false)
        #expect(refused.body == [
            "__type": "InvalidIdentityPoolConfigurationException", "message": "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
        ])
    }

    @Test func theBasicFlowOpenIdTokenThenAssumeRoleWithWebIdentity() async throws {
        let platform = IdentityPoolPlatform()
        // The bootcamp pool maps roles, so the basic flow (which would bypass that) is refused.
        let mapped = try await bootcamp(platform)
        let mappedId = try #require(try await platform.cognito("GetId", ["IdentityPoolId": .string(mapped), "Logins": logins(platform)], signed: false).body["IdentityId"]?.stringValue)
        let refused = try await platform.cognito("GetOpenIdToken", ["IdentityId": .string(mappedId), "Logins": logins(platform)], signed: false)
        #expect(refused.body == ["__type": "InvalidParameterException", "message": "Basic (classic) flow is not enabled, please use enhanced flow."])
        // A pool with AllowClassicFlow and no role mappings: the caller picks the role.
        let poolId = try await platform.createPool(classicFlow: true)
        #expect(try await platform.cognito("DescribeIdentityPool", ["IdentityPoolId": .string(poolId)]).body["AllowClassicFlow"] == true)
        try platform.backend.identities.createRole(name: "Reader", trustPolicy: IdentityPoolPlatform.trust(poolId: poolId))
        let id = try #require(try await platform.cognito("GetId", ["IdentityPoolId": .string(poolId), "Logins": logins(platform)], signed: false).body["IdentityId"]?.stringValue)
        let openId = try await platform.cognito("GetOpenIdToken", ["IdentityId": .string(id), "Logins": logins(platform)], signed: false)
        let token = try #require(openId.body["Token"]?.stringValue)
        let form = URLEncoding.formEncode([
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", "arn:aws:iam::123456789012:role/Reader"),
            ("RoleSessionName", "basic"), ("WebIdentityToken", token),
        ])
        let request = HTTPRequest(method: "POST", target: "/", headers: ["Host": "127.0.0.1", "Content-Type": "application/x-www-form-urlencoded"], text: form)
        let response = try await InProcessClient(responder: platform.backend.router).send(request)
        #expect(response.status == 200, "\(response.bodyText)")
        #expect(response.bodyText.contains("<SubjectFromWebIdentityToken>\(id)</SubjectFromWebIdentityToken>"))
        #expect(response.bodyText.contains("<Audience>\(poolId)</Audience>"))
    }

    @Test func aLoginTheBackendsUserPoolsDidNotIssueIsRefused() async throws {
        let platform = IdentityPoolPlatform(realUserPools: true)
        let poolId = try await platform.createPool()
        let refused = try await platform.cognito("GetId", ["IdentityPoolId": .string(poolId), "Logins": logins(platform)], signed: false)
        #expect(refused.body["__type"] == "NotAuthorizedException")
    }
}
