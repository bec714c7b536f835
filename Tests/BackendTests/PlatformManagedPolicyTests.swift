import Backend
import Core
import Foundation
import HTTP
import Testing

/// Managed policies, attachments and deletion rules over the wire, as the AWS CLI uses them.
@Suite struct PlatformManagedPolicyTests {
    static let readProducts = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Product"}]}"#

    @Test func createAttachListDetachAndDelete() async throws {
        let client = PlatformClient()
        let created = try await client.query("iam", "CreatePolicy", [("PolicyName", "ProductRead"), ("PolicyDocument", Self.readProducts)])
        #expect(created.status == 200)
        let arn = "arn:aws:iam::123456789012:policy/ProductRead"
        #expect(PlatformClient.element("Arn", in: created) == arn)
        _ = try await client.query("iam", "CreateRole", [("RoleName", "Reader"), ("AssumeRolePolicyDocument", PlatformIAMTests.trust)])
        #expect(try await client.query("iam", "AttachRolePolicy", [("RoleName", "Reader"), ("PolicyArn", arn)]).status == 200)

        let attached = try await client.query("iam", "ListAttachedRolePolicies", [("RoleName", "Reader")])
        #expect(PlatformClient.element("PolicyArn", in: attached) == arn)
        #expect(PlatformClient.element("PolicyName", in: attached) == "ProductRead")
        #expect(PlatformClient.element("AttachmentCount", in: try await client.query("iam", "GetPolicy", [("PolicyArn", arn)])) == "1")

        let conflict = try await client.query("iam", "DeleteRole", [("RoleName", "Reader")])
        #expect(conflict.status == 409)
        #expect(PlatformClient.element("Code", in: conflict) == "DeleteConflict")

        #expect(try await client.query("iam", "DetachRolePolicy", [("RoleName", "Reader"), ("PolicyArn", arn)]).status == 200)
        let detachAgain = try await client.query("iam", "DetachRolePolicy", [("RoleName", "Reader"), ("PolicyArn", arn)])
        #expect(PlatformClient.element("Code", in: detachAgain) == "NoSuchEntity")
        #expect(try await client.query("iam", "DeleteRole", [("RoleName", "Reader")]).status == 200)
        let gone = try await client.query("iam", "GetRole", [("RoleName", "Reader")])
        #expect(gone.status == 404)
        #expect(PlatformClient.element("Code", in: gone) == "NoSuchEntity")
    }

    @Test func listRolesFiltersByPathAndPolicyDocumentsTravelURLEncoded() async throws {
        let client = PlatformClient()
        _ = try await client.query("iam", "CreateRole", [("RoleName", "A"), ("Path", "/tenants/"), ("AssumeRolePolicyDocument", PlatformIAMTests.trust)])
        _ = try await client.query("iam", "CreateRole", [("RoleName", "B"), ("AssumeRolePolicyDocument", PlatformIAMTests.trust)])
        let listed = try await client.query("iam", "ListRoles", [("PathPrefix", "/tenants/")])
        #expect(listed.bodyText.components(separatedBy: "<RoleName>").count == 2)
        #expect(PlatformClient.element("RoleName", in: listed) == "A")
        let document = try #require(PlatformClient.element("AssumeRolePolicyDocument", in: listed))
        #expect(URLEncoding.decode(document, plusAsSpace: false) == PlatformIAMTests.trust)
    }

    @Test func missingRequiredParameterIsAValidationError() async throws {
        let response = try await PlatformClient().query("iam", "CreateRole", [("RoleName", "NoTrust")])
        #expect(response.status == 400)
        #expect(PlatformClient.element("Code", in: response) == "ValidationError")
        #expect(PlatformClient.element("Message", in: response)?.contains("assumeRolePolicyDocument") == true)
    }

    @Test func usersGetKeysThatSignTheirOwnCalls() async throws {
        var client = PlatformClient()
        _ = try await client.query("iam", "CreateUser", [("UserName", "participant")])
        let key = try await client.query("iam", "CreateAccessKey", [("UserName", "participant")])
        let id = try #require(PlatformClient.element("AccessKeyId", in: key))
        let secret = try #require(PlatformClient.element("SecretAccessKey", in: key))
        client.credentials = .init(accessKeyId: id, secretAccessKey: secret)
        let identity = try await client.query("sts", "GetCallerIdentity")
        #expect(PlatformClient.element("Arn", in: identity) == "arn:aws:iam::123456789012:user/participant")
        let denied = try await client.query("iam", "ListRoles")
        #expect(PlatformClient.element("Code", in: denied) == "AccessDenied")
    }
}
