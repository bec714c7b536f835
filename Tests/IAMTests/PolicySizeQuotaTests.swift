import Core
@testable import IAM
import Testing

/// IAM's size limits on policy documents: each quota holds at its limit and refuses one
/// character more in AWS's words, and whitespace does not count.
@Suite struct PolicySizeQuotaTests {
    static let permissions = #""Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*""#
    static let trust = #""Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole""#

    /// A one-statement document of exactly `size` characters that are not whitespace, the
    /// statement's `Sid` padded to make it so.
    static func document(size: Int, _ statement: String = permissions) -> String {
        let skeleton = { (sid: String) in #"{"Version":"2012-10-17","Statement":[{"Sid":"\#(sid)",\#(statement)}]}"# }
        return skeleton(String(repeating: "S", count: size - PolicySizeQuotas.size(of: skeleton(""))))
    }

    /// The same document laid out with plenty of whitespace between its tokens.
    static func spaced(_ document: String) -> String {
        document.replacingOccurrences(of: ",\"", with: ",\n        \"").replacingOccurrences(of: "\":", with: "\" :\t ")
            .replacingOccurrences(of: "{", with: "{\r\n    ")
    }

    /// `document` made `length` characters long with spaces before its closing brace.
    static func padded(_ document: String, toLength length: Int) -> String {
        String(document.dropLast()) + String(repeating: " ", count: length - document.count) + "}"
    }

    let store = IdentityStoreTests.makeStore()

    @Test func theDocumentHelperCountsAsIAMDoes() {
        let document = Self.document(size: 500)
        #expect(PolicySizeQuotas.size(of: document) == 500 && document.count == 500)
        #expect(PolicySizeQuotas.size(of: Self.spaced(document)) == 500 && Self.spaced(document).count > 550)
        #expect(Self.padded(document, toLength: 2048).count == 2048)
    }

    @Test func aManagedPolicyHoldsAtMost6144Characters() throws {
        try store.createPolicy(name: "AtTheLimit", document: Self.document(size: 6144))
        try store.createPolicy(name: "Spaced", document: Self.spaced(Self.document(size: 6144)))
        #expect(throws: IAMError.limitExceeded("Cannot exceed quota for PolicySize: 6144")) {
            try store.createPolicy(name: "OneOver", document: Self.document(size: 6145))
        }
        #expect(throws: IAMError.self) { try store.managedPolicy(arn: store.arn("policy", name: "OneOver")) }
    }

    @Test func aTrustPolicyHoldsAtMost2048Characters() throws {
        try store.createRole(name: "AtTheLimit", trustPolicy: Self.document(size: 2048, Self.trust))
        try store.createRole(name: "Spaced", trustPolicy: Self.spaced(Self.document(size: 2048, Self.trust)))
        let tooLarge = IAMError.limitExceeded("Cannot exceed quota for ACLSizePerRole: 2048")
        #expect(throws: tooLarge) { try store.createRole(name: "OneOver", trustPolicy: Self.document(size: 2049, Self.trust)) }
        #expect(throws: IAMError.self) { try store.role(named: "OneOver") }
        #expect(throws: tooLarge) { try store.updateTrustPolicy(roleName: "AtTheLimit", document: Self.document(size: 2049, Self.trust)) }
        #expect(try store.role(named: "AtTheLimit").trustPolicy.text == Self.document(size: 2048, Self.trust))
        try store.updateTrustPolicy(roleName: "AtTheLimit", document: Self.spaced(Self.document(size: 2048, Self.trust)))
    }

    @Test func aRolesInlinePoliciesHoldAtMost10240CharactersTogether() throws {
        try store.createRole(name: "Tenant", trustPolicy: IdentityStoreTests.trustAccount)
        try store.putRolePolicy(roleName: "Tenant", policyName: "One", document: Self.document(size: 6000))
        try store.putRolePolicy(roleName: "Tenant", policyName: "Two", document: Self.spaced(Self.document(size: 4240)))
        let tooLarge = IAMError.limitExceeded("Maximum policy size of 10240 bytes exceeded for role Tenant")
        #expect(throws: tooLarge) {
            try store.putRolePolicy(roleName: "Tenant", policyName: "Three", document: Self.document(size: 200))
        }
        #expect(throws: tooLarge) {
            try store.putRolePolicy(roleName: "Tenant", policyName: "Two", document: Self.document(size: 4241))
        }
        // Replacing a policy counts the new document in place of the old one.
        try store.putRolePolicy(roleName: "Tenant", policyName: "One", document: Self.document(size: 6000))
        #expect(try store.role(named: "Tenant").inlinePolicies.map(\.name) == ["One", "Two"])
        try store.deleteRolePolicy(roleName: "Tenant", policyName: "Two")
        try store.putRolePolicy(roleName: "Tenant", policyName: "Three", document: Self.document(size: 4240))
    }

    @Test func aUsersInlinePoliciesHoldAtMost2048CharactersTogether() throws {
        try store.createUser(name: "app")
        try store.putUserPolicy(userName: "app", policyName: "One", document: Self.spaced(Self.document(size: 2048)))
        let tooLarge = IAMError.limitExceeded("Maximum policy size of 2048 bytes exceeded for user app")
        #expect(throws: tooLarge) { try store.putUserPolicy(userName: "app", policyName: "One", document: Self.document(size: 2049)) }
        #expect(throws: tooLarge) { try store.putUserPolicy(userName: "app", policyName: "Two", document: Self.document(size: 200)) }
        try store.putUserPolicy(userName: "app", policyName: "One", document: Self.document(size: 1848))
        try store.putUserPolicy(userName: "app", policyName: "Two", document: Self.document(size: 200))
    }

    /// Any document parameter longer than 131,072 characters, whitespace included, fails
    /// validation before its quota is even counted.
    @Test func aDocumentParameterIsAtMost131072CharactersLong() throws {
        let atTheLimit = Self.padded(Self.document(size: 1000), toLength: 131_072)
        try store.createRole(name: "Tenant", trustPolicy: IdentityStoreTests.trustAccount)
        try store.putRolePolicy(roleName: "Tenant", policyName: "Long", document: atTheLimit)
        let oneOver = atTheLimit + " "
        func tooLong(_ member: String) -> IAMError {
            .validation("1 validation error detected: Value at '\(member)' failed to satisfy constraint: Member must have length less than or equal to 131072")
        }
        #expect(throws: tooLong("policyDocument")) { try store.putRolePolicy(roleName: "Tenant", policyName: "Long", document: oneOver) }
        try store.createUser(name: "app")
        #expect(throws: tooLong("policyDocument")) { try store.putUserPolicy(userName: "app", policyName: "Long", document: oneOver) }
        #expect(throws: tooLong("policyDocument")) { try store.createPolicy(name: "Long", document: oneOver) }
        #expect(throws: tooLong("policyDocument")) { try store.updateTrustPolicy(roleName: "Tenant", document: oneOver) }
        #expect(throws: tooLong("assumeRolePolicyDocument")) { try store.createRole(name: "Long", trustPolicy: oneOver) }
    }

    /// AssumeRole's inline session policy is at most 2,048 characters, whitespace included.
    @Test func aSessionPolicyIsAtMost2048CharactersLong() throws {
        try store.createRole(name: "Tenant", trustPolicy: IdentityStoreTests.trustAccount)
        try store.createUser(name: "caller")
        try store.putUserPolicy(userName: "caller", policyName: "Assume", document: Self.document(size: 200, #""Effect":"Allow","Action":"sts:AssumeRole","Resource":"*""#))
        let caller = IAMPrincipal.user(try store.user(named: "caller"), accountId: store.accountId)
        let sts = SecurityTokenService(store: store)
        let roleARN = store.arn("role", name: "Tenant")
        let atTheLimit = Self.padded(Self.document(size: 1500), toLength: 2048)
        _ = try sts.assumeRole(caller: caller, roleARN: roleARN, sessionName: "session", sessionPolicy: atTheLimit)
        #expect(throws: IAMError.validation("1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048")) {
            try sts.assumeRole(caller: caller, roleARN: roleARN, sessionName: "session", sessionPolicy: atTheLimit + " ")
        }
    }
}
