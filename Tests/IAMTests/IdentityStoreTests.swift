import Core
import Foundation
import IAM
import Testing

/// The account's identities: users, roles, policies, keys, and how a signed key resolves.
@Suite struct IdentityStoreTests {
    static let operatorKey = (accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let start = Date(timeIntervalSince1970: 1_764_000_000)

    static func makeStore(clock: ManualClock = ManualClock(start: start)) -> IdentityStore {
        IdentityStore(accountId: "123456789012", operatorKey: operatorKey, clock: clock, random: SeededRandomSource(seed: 7))
    }

    static let trustAccount = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#
    static let readProducts = #"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Product"}]}"#

    private func principal(_ store: IdentityStore, key: String) throws -> IAMPrincipal {
        guard case .found(_, _, let principal) = store.resolve(accessKeyId: key, at: Self.start) else {
            Issue.record("key \(key) did not resolve")
            throw CancellationError()
        }
        return principal
    }

    @Test(arguments: [
        ("Tenant-Admin_1+=,.@", true), ("a", true), (String(repeating: "r", count: 64), true),
        ("", false), (String(repeating: "r", count: 65), false), ("rôle", false), ("a b", false), ("a/b", false), ("a:b", false), ("é", false),
    ])
    func roleNamesAreWordCharactersAndPlusEqualsCommaDotAtDash(name: String, accepted: Bool) {
        let store = Self.makeStore()
        do {
            _ = try store.createRole(name: name, trustPolicy: Self.trustAccount)
            #expect(accepted, "\(name) was accepted")
        } catch {
            #expect(!accepted, "\(name) was refused: \(error)")
            #expect("\(error)".contains("roleName"))
        }
    }

    @Test func operatorKeyResolvesToTheOperatorWithFullAccess() throws {
        let store = Self.makeStore()
        guard case .found(let secret, let token, let principal) = store.resolve(accessKeyId: Self.operatorKey.accessKeyId, at: Self.start) else {
            Issue.record("operator key did not resolve")
            return
        }
        #expect(secret == Self.operatorKey.secretAccessKey)
        #expect(token == nil)
        #expect(principal.arn == "arn:aws:iam::123456789012:user/operator")
        #expect(store.authorize(principal, action: "iam:CreateRole", resource: "arn:aws:iam::123456789012:role/X").isAllowed)
        #expect(store.authorize(principal, action: "dynamodb:Query", resource: "*").isAllowed)
    }

    @Test func unknownKeyIsUnknown() {
        guard case .unknown = Self.makeStore().resolve(accessKeyId: "AKIANOTAKEY000000000", at: Self.start) else {
            Issue.record("an unknown key resolved")
            return
        }
    }

    @Test func createRoleKeepsTheTrustPolicyTextAndRefusesDuplicates() throws {
        let store = Self.makeStore()
        let role = try store.createRole(name: "TenantAdmin-abc", path: "/tenants/", trustPolicy: Self.trustAccount)
        #expect(role.arn == "arn:aws:iam::123456789012:role/tenants/TenantAdmin-abc")
        #expect(role.id.hasPrefix("AROA") && role.id.count == 21)
        #expect(try store.role(named: "TenantAdmin-abc").trustPolicy.text == Self.trustAccount)
        #expect(throws: IAMError.alreadyExists("Role with name TenantAdmin-abc already exists.")) {
            try store.createRole(name: "TenantAdmin-abc", trustPolicy: Self.trustAccount)
        }
    }

    @Test func malformedTrustPolicyIsRefusedAndNothingIsStored() {
        let store = Self.makeStore()
        #expect {
            try store.createRole(name: "Broken", trustPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}"#)
        } throws: { error in
            (error as? IAMError)?.code == "MalformedPolicyDocument" && (error as? IAMError)?.message.contains("line 1") == true
        }
        #expect(throws: IAMError.noSuchEntity("The role with name Broken cannot be found.")) { try store.role(named: "Broken") }
    }

    @Test func badNamesAndPathsGetValidationErrors() {
        let store = Self.makeStore()
        #expect { try store.createRole(name: "has space", trustPolicy: Self.trustAccount) } throws: { error in
            (error as? IAMError)?.message.contains("Member must satisfy regular expression pattern") == true
        }
        #expect { try store.createRole(name: "Role", path: "no-slashes", trustPolicy: Self.trustAccount) } throws: { error in
            (error as? IAMError)?.code == "ValidationError"
        }
    }

    @Test func inlinePoliciesArePutReplacedReadAndDeleted() throws {
        let store = Self.makeStore()
        try store.createRole(name: "Reader", trustPolicy: Self.trustAccount)
        try store.putRolePolicy(roleName: "Reader", policyName: "products", document: Self.readProducts)
        #expect(try store.rolePolicy(roleName: "Reader", policyName: "products").document.text == Self.readProducts)
        let replacement = Self.readProducts.replacingOccurrences(of: "GetItem", with: "Query")
        try store.putRolePolicy(roleName: "Reader", policyName: "products", document: replacement)
        #expect(try store.role(named: "Reader").inlinePolicies.map(\.document.text) == [replacement])
        #expect(throws: IAMError.deleteConflict("Cannot delete entity, must remove policies first.")) { try store.deleteRole(named: "Reader") }
        try store.deleteRolePolicy(roleName: "Reader", policyName: "products")
        try store.deleteRole(named: "Reader")
        #expect(store.roles().isEmpty)
    }

    @Test func managedPoliciesAttachAndCount() throws {
        let store = Self.makeStore()
        let policy = try store.createPolicy(name: "ProductRead", document: Self.readProducts)
        #expect(policy.arn == "arn:aws:iam::123456789012:policy/ProductRead")
        try store.createRole(name: "Reader", trustPolicy: Self.trustAccount)
        try store.attachRolePolicy(roleName: "Reader", policyARN: policy.arn)
        #expect(store.attachmentCount(policyARN: policy.arn) == 1)
        #expect(throws: IAMError.noSuchEntity("Policy arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable.")) {
            try store.attachRolePolicy(roleName: "Reader", policyARN: "arn:aws:iam::123456789012:policy/Nope")
        }
    }

    @Test func userKeysResolveAndUserPoliciesDecide() throws {
        let store = Self.makeStore()
        try store.createUser(name: "participant")
        let key = try store.createAccessKey(userName: "participant")
        #expect(key.accessKeyId.hasPrefix("AKIA") && key.accessKeyId.count == 20)
        #expect(key.secretAccessKey.count == 40)
        let user = try principal(store, key: key.accessKeyId)
        #expect(user.globalContext["aws:username"] == ["participant"])
        let table = "arn:aws:dynamodb:us-east-1:123456789012:table/Product"
        #expect(!store.authorize(user, action: "dynamodb:GetItem", resource: table).isAllowed)
        try store.putUserPolicy(userName: "participant", policyName: "read", document: Self.readProducts)
        #expect(store.authorize(user, action: "dynamodb:GetItem", resource: table).isAllowed)
        #expect(!store.authorize(user, action: "dynamodb:PutItem", resource: table).isAllowed)
        _ = try store.createAccessKey(userName: "participant")
        #expect(throws: IAMError.limitExceeded("Cannot exceed quota for AccessKeysPerUser: 2")) {
            try store.createAccessKey(userName: "participant")
        }
    }

    @Test func sameSeedGivesSameIdentifiers() throws {
        let first = try Self.makeStore().createRole(name: "R", trustPolicy: Self.trustAccount)
        let second = try Self.makeStore().createRole(name: "R", trustPolicy: Self.trustAccount)
        #expect(first.id == second.id)
    }

    @Test func aSessionNamesItsRoleAsPrincipalArnAsTheParsedSessionArnWould() throws {
        let store = Self.makeStore()
        try store.createRole(name: "Reader", path: "/tenants/", trustPolicy: Self.trustAccount)
        let operatorPrincipal = try principal(store, key: Self.operatorKey.accessKeyId)
        let session = try SecurityTokenService(store: store).assumeRole(
            caller: operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/tenants/Reader", sessionName: "reader"
        )
        let caller = try principal(store, key: session.credentials.accessKeyId)
        let request = caller.authorizationRequest(action: "dynamodb:Query", resource: "*", at: Self.start)
        #expect(request.context.values(for: "aws:PrincipalArn") == ["arn:aws:iam::123456789012:role/Reader"])
        #expect(request.principal.policyARN == AuthorizationRequest.Principal(arn: caller.arn).policyARN)
        // Equal to the same principal built from its ARN alone, and hashed alike.
        let parsed = AuthorizationRequest.Principal(arn: caller.arn, account: caller.accountId)
        #expect(request.principal == parsed)
        #expect(Set([request.principal, parsed]).count == 1)
        let user = operatorPrincipal.authorizationRequest(action: "iam:GetUser", resource: "*", at: Self.start)
        #expect(user.context.values(for: "aws:PrincipalArn") == ["arn:aws:iam::123456789012:user/operator"])
    }
}
