import Backend
import Cognito
import Core
import Foundation
import HTTP
import Testing

/// The platform as an AWS SDK sees it: IAM and STS over SigV4-signed Query calls.
@Suite struct PlatformIAMTests {
    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#
    static let tenantPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"ProductTable","Effect":"Allow","Action":"dynamodb:Query","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Product","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}}]}"#

    private func tenantSession(_ client: inout PlatformClient, durationSeconds: Int = 3600) async throws {
        #expect(try await client.query("iam", "CreateRole", [("RoleName", "TenantAdmin"), ("AssumeRolePolicyDocument", Self.trust)]).status == 200)
        #expect(try await client.query("iam", "PutRolePolicy", [("RoleName", "TenantAdmin"), ("PolicyName", "tenant"), ("PolicyDocument", Self.tenantPolicy)]).status == 200)
        let assumed = try await client.query("sts", "AssumeRole", [
            ("RoleArn", "arn:aws:iam::123456789012:role/TenantAdmin"), ("RoleSessionName", "tenant-a"),
            ("DurationSeconds", String(durationSeconds)), ("Tags.member.1.Key", "tenant_id"), ("Tags.member.1.Value", "TENANTa"),
        ])
        #expect(assumed.status == 200, "\(assumed.bodyText)")
        try client.use(sessionFrom: assumed)
    }

    @Test func operatorIdentityOverTheQueryProtocol() async throws {
        let response = try await PlatformClient().query("sts", "GetCallerIdentity")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/xml") == true)
        #expect(PlatformClient.element("Arn", in: response) == "arn:aws:iam::123456789012:user/operator")
        #expect(PlatformClient.element("Account", in: response) == "123456789012")
    }

    @Test func aTenantSessionCannotManageIAM() async throws {
        var client = PlatformClient()
        try await tenantSession(&client)
        let identity = try await client.query("sts", "GetCallerIdentity")
        #expect(PlatformClient.element("Arn", in: identity) == "arn:aws:sts::123456789012:assumed-role/TenantAdmin/tenant-a")
        let denied = try await client.query("iam", "CreateRole", [("RoleName", "Escalate"), ("AssumeRolePolicyDocument", Self.trust)])
        #expect(denied.status == 403)
        #expect(PlatformClient.element("Code", in: denied) == "AccessDenied")
        #expect(PlatformClient.element("Message", in: denied) == "User: arn:aws:sts::123456789012:assumed-role/TenantAdmin/tenant-a is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/Escalate because no identity-based policy allows the iam:CreateRole action")
    }

    @Test func anExpiredSessionIsRefused() async throws {
        var client = PlatformClient()
        try await tenantSession(&client, durationSeconds: 900)
        client.clock.advance(by: 901)
        let response = try await client.query("sts", "GetCallerIdentity")
        #expect(PlatformClient.element("Code", in: response) == "ExpiredToken")
    }

    @Test func aRequestSignedSixMinutesAgoIsRefused() async throws {
        let client = PlatformClient()
        let response = try await client.query("sts", "GetCallerIdentity", signedAt: client.clock.now().addingTimeInterval(-360))
        #expect(response.status == 403)
        #expect(PlatformClient.element("Code", in: response) == "SignatureDoesNotMatch")
        #expect(PlatformClient.element("Message", in: response)?.hasPrefix("Signature expired") == true)
    }

    @Test func anUnsignedCallIsRefused() async throws {
        let response = try await PlatformClient().query("iam", "ListRoles", signed: false)
        #expect(response.status == 403)
        #expect(PlatformClient.element("Code", in: response) == "MissingAuthenticationToken")
    }

    @Test func webIdentityWithoutAnIdentityPoolIsAnInvalidToken() async throws {
        let response = try await PlatformClient().query("sts", "AssumeRoleWithWebIdentity", [
            ("RoleArn", "arn:aws:iam::123456789012:role/TenantUser"), ("RoleSessionName", "web"), ("WebIdentityToken", "not-a-token"),
        ], signed: false)
        #expect(response.status == 400)
        #expect(PlatformClient.element("Code", in: response) == "InvalidIdentityToken")
        #expect(PlatformClient.element("Message", in: response)
            == "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")

        // A token of the right issuer under a key not the service's: refused in STS's words,
        // never in the verifier's (no "badSignature").
        let forged = JWT.sign(["iss": .string(IdentityPoolTokens.issuer), "sub": "us-east-1:1", "aud": "us-east-1:2", "exp": 1_900_000_000],
                              with: HS256Key(keyId: "cognito-identity-1", secret: Array("guessed".utf8)))
        let refused = try await PlatformClient().query("sts", "AssumeRoleWithWebIdentity", [
            ("RoleArn", "arn:aws:iam::123456789012:role/TenantUser"), ("RoleSessionName", "web"), ("WebIdentityToken", forged),
        ], signed: false)
        #expect(refused.status == 400)
        #expect(PlatformClient.element("Code", in: refused) == "InvalidIdentityToken")
        // The element's raw text: the apostrophe is XML-escaped, as the SDKs expect.
        #expect(PlatformClient.element("Message", in: refused) == "Couldn&apos;t verify signed token.", "\(refused.bodyText)")
    }

    @Test func simulatePrincipalPolicyUsesTheRolesOwnPolicies() async throws {
        var client = PlatformClient()
        _ = try await client.query("iam", "CreateRole", [("RoleName", "TenantAdmin"), ("AssumeRolePolicyDocument", Self.trust)])
        _ = try await client.query("iam", "PutRolePolicy", [("RoleName", "TenantAdmin"), ("PolicyName", "tenant"), ("PolicyDocument", Self.tenantPolicy)])
        func decide(_ leadingKey: String) async throws -> HTTPResponse {
            try await client.query("iam", "SimulatePrincipalPolicy", [
                ("PolicySourceArn", "arn:aws:iam::123456789012:role/TenantAdmin"), ("ActionNames.member.1", "dynamodb:Query"),
                ("ResourceArns.member.1", "arn:aws:dynamodb:us-east-1:123456789012:table/Product"),
                ("ContextEntries.member.1.ContextKeyName", "aws:PrincipalTag/tenant_id"),
                ("ContextEntries.member.1.ContextKeyValues.member.1", "TENANTa"), ("ContextEntries.member.1.ContextKeyType", "string"),
                ("ContextEntries.member.2.ContextKeyName", "dynamodb:LeadingKeys"),
                ("ContextEntries.member.2.ContextKeyValues.member.1", leadingKey), ("ContextEntries.member.2.ContextKeyType", "stringList"),
            ])
        }
        let own = try await decide("TENANTa")
        #expect(PlatformClient.element("EvalDecision", in: own) == "allowed")
        #expect(PlatformClient.element("SourcePolicyId", in: own) == "tenant")
        #expect(PlatformClient.element("EvalDecision", in: try await decide("TENANTb")) == "implicitDeny")
        client.credentials.secretAccessKey = "wrong"
        #expect(PlatformClient.element("Code", in: try await decide("TENANTa")) == "SignatureDoesNotMatch")
    }

    @Test func simulateCustomPolicyReportsMissingContextValues() async throws {
        let response = try await PlatformClient().query("iam", "SimulateCustomPolicy", [
            ("PolicyInputList.member.1", Self.tenantPolicy), ("ActionNames.member.1", "dynamodb:Query"),
            ("ResourceArns.member.1", "arn:aws:dynamodb:us-east-1:123456789012:table/Product"),
        ])
        #expect(PlatformClient.element("EvalDecision", in: response) == "allowed", "ForAllValues holds on no leading keys")
        #expect(PlatformClient.element("MissingContextValues", in: response) == "<member>dynamodb:LeadingKeys</member>")
    }

    @Test func aHostileParameterNameIsRefusedAndTheServerGoesOn() async throws {
        let client = PlatformClient()
        let deep = Array(repeating: "a", count: 100_000).joined(separator: ".")
        let refused = try await client.query("sts", "AssumeRoleWithWebIdentity", [(deep, "x")], signed: false)
        #expect(refused.status == 400)
        #expect(PlatformClient.element("Code", in: refused) == "ValidationError")
        #expect(try await client.query("sts", "GetCallerIdentity").status == 200)
    }

    @Test func aDeniedCallerLearnsNothingAboutWhichRolesExist() async throws {
        var client = PlatformClient()
        try await tenantSession(&client)
        let missing = try await client.query("iam", "GetRole", [("RoleName", "NoSuchRole")])
        let existing = try await client.query("iam", "GetRole", [("RoleName", "TenantAdmin")])
        #expect(PlatformClient.element("Code", in: missing) == "AccessDenied")
        #expect(PlatformClient.element("Code", in: existing) == "AccessDenied")
    }

    @Test func getUserWithoutANameDescribesTheCallingUserOnly() async throws {
        var client = PlatformClient()
        let own = try await client.query("iam", "GetUser")
        #expect(PlatformClient.element("UserName", in: own) == "operator")
        try await tenantSession(&client)
        let session = try await client.query("iam", "GetUser")
        #expect(session.status == 400)
        #expect(PlatformClient.element("Code", in: session) == "ValidationError")
    }

    @Test func aSeededRunIsReproducibleToTheByte() async throws {
        func run() async throws -> [String] {
            var client = PlatformClient(seed: 99)
            try await tenantSession(&client)
            return [try await client.query("sts", "GetCallerIdentity").bodyText, client.credentials.accessKeyId, client.credentials.sessionToken ?? ""]
        }
        let first = try await run()
        let second = try await run()
        #expect(first == second)
    }
}
