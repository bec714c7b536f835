import Backend
import Core
import Foundation
import HTTP
import Testing

/// IAM's policy size limits as an SDK meets them: `LimitExceeded` (409) in IAM's words for
/// the quotas, `ValidationError` (400) for a parameter too long, and nothing stored.
@Suite struct PlatformPolicySizeTests {
    /// A document allowing everything, `size` characters long, its `Sid` padded to make it so.
    static func allowAll(size: Int) -> String {
        let head = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Sid":""#
        return head + String(repeating: "P", count: size - head.count - 4) + #""}]}"#
    }

    /// PlatformIAMTests' trust policy, `size` characters long.
    static func trust(size: Int) -> String {
        let head = String(PlatformIAMTests.trust.dropLast(3)) + #","Sid":""#
        return head + String(repeating: "T", count: size - head.count - 4) + #""}]}"#
    }

    static func expectRefusal(_ response: HTTPResponse, _ code: String, _ status: Int, _ message: String) {
        #expect(response.status == status, "\(response.bodyText)")
        #expect(PlatformClient.element("Code", in: response) == code)
        #expect(PlatformClient.element("Message", in: response)?.replacingOccurrences(of: "&apos;", with: "'") == message)
    }

    @Test func eachQuotaIsRefusedOneCharacterOverItsLimit() async throws {
        let client = PlatformClient()
        func call(_ action: String, _ parameters: [(String, String)]) async throws -> HTTPResponse {
            try await client.query("iam", action, parameters)
        }
        #expect(try await call("CreatePolicy", [("PolicyName", "Full"), ("PolicyDocument", Self.allowAll(size: 6144))]).status == 200)
        Self.expectRefusal(
            try await call("CreatePolicy", [("PolicyName", "Over"), ("PolicyDocument", Self.allowAll(size: 6145))]),
            "LimitExceeded", 409, "Cannot exceed quota for PolicySize: 6144"
        )
        #expect(try await call("CreateRole", [("RoleName", "Tenant"), ("AssumeRolePolicyDocument", Self.trust(size: 2048))]).status == 200)
        let trustTooLarge = "Cannot exceed quota for ACLSizePerRole: 2048"
        Self.expectRefusal(
            try await call("CreateRole", [("RoleName", "Over"), ("AssumeRolePolicyDocument", Self.trust(size: 2049))]),
            "LimitExceeded", 409, trustTooLarge
        )
        #expect(try await call("GetRole", [("RoleName", "Over")]).status == 404)
        Self.expectRefusal(
            try await call("UpdateAssumeRolePolicy", [("RoleName", "Tenant"), ("PolicyDocument", Self.trust(size: 2049))]),
            "LimitExceeded", 409, trustTooLarge
        )
        #expect(try await call("PutRolePolicy", [("RoleName", "Tenant"), ("PolicyName", "Half"), ("PolicyDocument", Self.allowAll(size: 5120))]).status == 200)
        #expect(try await call("PutRolePolicy", [("RoleName", "Tenant"), ("PolicyName", "Other"), ("PolicyDocument", Self.allowAll(size: 5120))]).status == 200)
        Self.expectRefusal(
            try await call("PutRolePolicy", [("RoleName", "Tenant"), ("PolicyName", "Other"), ("PolicyDocument", Self.allowAll(size: 5121))]),
            "LimitExceeded", 409, "Maximum policy size of 10240 bytes exceeded for role Tenant"
        )
        #expect(try await call("CreateUser", [("UserName", "app")]).status == 200)
        Self.expectRefusal(
            try await call("PutUserPolicy", [("UserName", "app"), ("PolicyName", "Over"), ("PolicyDocument", Self.allowAll(size: 2049))]),
            "LimitExceeded", 409, "Maximum policy size of 2048 bytes exceeded for user app"
        )
        let oversized = Self.allowAll(size: 100) + String(repeating: " ", count: 131_073 - 100)
        Self.expectRefusal(
            try await call("PutUserPolicy", [("UserName", "app"), ("PolicyName", "Long"), ("PolicyDocument", oversized)]),
            "ValidationError", 400,
            "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to 131072"
        )
        // Simulation stores nothing, so no quota applies, but its parameters have the same length.
        #expect(try await call("SimulateCustomPolicy", [("PolicyInputList.member.1", Self.allowAll(size: 20_000)), ("ActionNames.member.1", "s3:GetObject")]).status == 200)
        Self.expectRefusal(
            try await call("SimulateCustomPolicy", [("PolicyInputList.member.1", oversized), ("ActionNames.member.1", "s3:GetObject")]),
            "ValidationError", 400,
            "1 validation error detected: Value at 'policyInputList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 131072]"
        )
    }
}
