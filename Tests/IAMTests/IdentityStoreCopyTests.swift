import Core
import Foundation
import IAM
import Testing

/// A copied identity store: everything the original held, nothing shared afterwards, and no
/// randomness spent on copying.
@Suite struct IdentityStoreCopyTests {
    static let start = IdentityStoreTests.start

    private func seededStore() throws -> (store: IdentityStore, random: SeededRandomSource, key: AccessKey) {
        let random = SeededRandomSource(seed: 7)
        let store = IdentityStore(
            accountId: "123456789012", operatorKey: IdentityStoreTests.operatorKey, clock: ManualClock(start: Self.start), random: random
        )
        _ = try store.createUser(name: "app")
        let key = try store.createAccessKey(userName: "app")
        try store.putUserPolicy(userName: "app", policyName: "read", document: IdentityStoreTests.readProducts)
        try store.createRole(name: "Reader", path: "/tenants/", trustPolicy: IdentityStoreTests.trustAccount)
        try store.putRolePolicy(roleName: "Reader", policyName: "products", document: IdentityStoreTests.readProducts)
        return (store, random, key)
    }

    private func principal(_ store: IdentityStore, key: String, at date: Date = start) -> IAMPrincipal? {
        guard case .found(_, _, let principal) = store.resolve(accessKeyId: key, at: date) else { return nil }
        return principal
    }

    @Test func theCopyHoldsUsersKeysRolesPoliciesAndSessions() throws {
        let (store, random, key) = try seededStore()
        let sts = SecurityTokenService(store: store)
        let operatorPrincipal = try #require(principal(store, key: IdentityStoreTests.operatorKey.accessKeyId))
        let session = try sts.assumeRole(
            caller: operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/tenants/Reader", sessionName: "reader"
        )
        let copy = store.copy(clock: ManualClock(start: Self.start), random: random.copy())

        let copiedApp = try #require(principal(copy, key: key.accessKeyId))
        let product = "arn:aws:dynamodb:us-east-1:123456789012:table/Product"
        #expect(copy.authorize(copiedApp, action: "dynamodb:GetItem", resource: product).isAllowed)
        #expect(try copy.role(named: "Reader") == store.role(named: "Reader"))
        let copiedSession = try #require(principal(copy, key: session.credentials.accessKeyId))
        #expect(copy.authorize(copiedSession, action: "dynamodb:GetItem", resource: product).isAllowed)
        #expect(principal(copy, key: IdentityStoreTests.operatorKey.accessKeyId) != nil)
    }

    @Test func changesOnEitherSideStayThere() throws {
        let (store, random, _) = try seededStore()
        let copy = store.copy(clock: ManualClock(start: Self.start), random: random.copy())
        try copy.deleteRolePolicy(roleName: "Reader", policyName: "products")
        _ = try copy.createUser(name: "only-on-copy")
        try store.createRole(name: "OnlyOnOriginal", trustPolicy: IdentityStoreTests.trustAccount)

        #expect(try store.rolePolicy(roleName: "Reader", policyName: "products").document.text == IdentityStoreTests.readProducts)
        #expect(throws: IAMError.self) { try copy.rolePolicy(roleName: "Reader", policyName: "products") }
        #expect(throws: IAMError.self) { try store.user(named: "only-on-copy") }
        #expect(throws: IAMError.self) { try copy.role(named: "OnlyOnOriginal") }
    }

    @Test func copyingDrawsNothingSoTheCopyGoesOnAsTheOriginalWould() throws {
        let (store, random, _) = try seededStore()
        let copy = store.copy(clock: ManualClock(start: Self.start), random: random.copy())
        let onCopy = try copy.createRole(name: "Next", trustPolicy: IdentityStoreTests.trustAccount)
        let onOriginal = try store.createRole(name: "Next", trustPolicy: IdentityStoreTests.trustAccount)
        #expect(onCopy.id == onOriginal.id)
        #expect(try copy.createAccessKey(userName: "app") == store.createAccessKey(userName: "app"))
    }

    @Test func theCopyKeepsTimeByItsOwnClock() throws {
        let (store, random, _) = try seededStore()
        let clock = ManualClock(start: Self.start.addingTimeInterval(86_400))
        let copy = store.copy(clock: clock, random: random.copy())
        #expect(try copy.createRole(name: "Later", trustPolicy: IdentityStoreTests.trustAccount).created == clock.now())
        #expect(try store.createRole(name: "Later", trustPolicy: IdentityStoreTests.trustAccount).created == Self.start)
    }
}
