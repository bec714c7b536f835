import Core
import Foundation
import IAM
import Testing

/// ListPolicies, GetPolicyVersion, ListUsers and ListAccessKeys on the engine, and
/// GetSessionToken's user sessions.
@Suite struct IdentityListingTests {
    static let start = IdentityStoreTests.start

    private func store(clock: ManualClock = ManualClock(start: start)) throws -> IdentityStore {
        let store = IdentityStore(
            accountId: "123456789012", operatorKey: IdentityStoreTests.operatorKey, clock: clock, random: SeededRandomSource(seed: 3)
        )
        try store.createPolicy(name: "ProductRead", document: IdentityStoreTests.readProducts)
        try store.createPolicy(name: "TenantRead", path: "/tenants/", document: IdentityStoreTests.readProducts)
        try store.createRole(name: "Reader", trustPolicy: IdentityStoreTests.trustAccount)
        try store.attachRolePolicy(roleName: "Reader", policyARN: "arn:aws:iam::123456789012:policy/tenants/TenantRead")
        return store
    }

    private func principal(_ store: IdentityStore, key: String, at date: Date = start) -> IAMPrincipal? {
        guard case .found(_, _, let principal) = store.resolve(accessKeyId: key, at: date) else { return nil }
        return principal
    }

    @Test func listPoliciesFiltersByScopeAttachmentPathAndUsage() throws {
        let store = try store()
        let names = { (policies: [ListedPolicy]) in policies.map(\.policy.name) }
        // Sorted by ARN: the AWS managed policy's account is `aws`, before the account's digits.
        #expect(names(store.listPolicies()) == ["ProductRead", "TenantRead", "AdministratorAccess"])
        #expect(names(store.listPolicies(scope: .aws)) == ["AdministratorAccess"])
        #expect(names(store.listPolicies(scope: .local)) == ["ProductRead", "TenantRead"])
        // The operator has AdministratorAccess; the role TenantRead.
        #expect(names(store.listPolicies(onlyAttached: true)) == ["TenantRead", "AdministratorAccess"])
        #expect(names(store.listPolicies(scope: .local, onlyAttached: true)) == ["TenantRead"])
        #expect(names(store.listPolicies(pathPrefix: "/tenants/")) == ["TenantRead"])
        #expect(names(store.listPolicies(usage: .permissionsPolicy)).count == 3)
        #expect(store.listPolicies(usage: .permissionsBoundary).isEmpty)
        #expect(store.listPolicies(scope: .local).map(\.attachments) == [0, 1])
    }

    @Test func aPolicyHasOneVersionItsDefault() throws {
        let store = try store()
        let arn = "arn:aws:iam::123456789012:policy/ProductRead"
        #expect(try store.policyVersion(arn: arn, versionId: "v1").document.text == IdentityStoreTests.readProducts)
        #expect(throws: IAMError.noSuchEntity("Policy \(arn) version v2 does not exist or is not attachable.")) {
            try store.policyVersion(arn: arn, versionId: "v2")
        }
        #expect(throws: IAMError.noSuchEntity("Policy arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable.")) {
            try store.policyVersion(arn: "arn:aws:iam::123456789012:policy/Nope", versionId: "v1")
        }
    }

    @Test func usersByPathAndTheirAccessKeys() throws {
        let store = try store()
        try store.createUser(name: "zed", path: "/staff/")
        try store.createUser(name: "amy")
        #expect(store.users().map(\.name) == ["amy", "operator", "zed"])
        #expect(store.users(pathPrefix: "/staff/").map(\.name) == ["zed"])
        let keys = [try store.createAccessKey(userName: "amy"), try store.createAccessKey(userName: "amy")]
        #expect(try store.accessKeys(userName: "amy").map(\.accessKeyId) == keys.map(\.accessKeyId).sorted())
        #expect(try store.accessKeys(userName: "zed").isEmpty)
        #expect(throws: IAMError.noSuchEntity("The user with name nobody cannot be found.")) { try store.accessKeys(userName: "nobody") }
    }

    @Test func getSessionTokenActsAsTheUserUntilItExpires() throws {
        let clock = ManualClock(start: Self.start)
        let store = try store(clock: clock)
        let sts = SecurityTokenService(store: store)
        let user = try #require(principal(store, key: IdentityStoreTests.operatorKey.accessKeyId))
        let credentials = try sts.sessionToken(caller: user)
        #expect(credentials.accessKeyId.hasPrefix("ASIA"))
        #expect(credentials.expiration == Self.start.addingTimeInterval(43_200))
        let session = try #require(principal(store, key: credentials.accessKeyId))
        #expect(session.arn == user.arn)
        #expect(session.userId == user.userId)
        #expect(session.isUserSession && !user.isUserSession)
        #expect(store.authorize(session, action: "dynamodb:GetItem", resource: "*").isAllowed, "the user's own policies")
        guard case .found(_, let token, _) = store.resolve(accessKeyId: credentials.accessKeyId, at: Self.start) else {
            Issue.record("the session resolves")
            return
        }
        #expect(token == credentials.sessionToken)
        // A session may not ask for another.
        #expect(throws: IAMError.accessDenied("Cannot call GetSessionToken with session credentials")) { try sts.sessionToken(caller: session) }
        let expired = store.resolve(accessKeyId: credentials.accessKeyId, at: Self.start.addingTimeInterval(43_200))
        guard case .expired = expired else {
            Issue.record("expected expired, got \(expired)")
            return
        }
    }

    @Test(arguments: [(899, "greater than or equal to 900"), (129_601, "less than or equal to 129600")])
    func getSessionTokenDurationsOutsideAWSsRangeAreRefused(duration: Int, constraint: String) throws {
        let store = try store()
        let user = try #require(principal(store, key: IdentityStoreTests.operatorKey.accessKeyId))
        #expect(throws: IAMError.validation(
            "1 validation error detected: Value '\(duration)' at 'durationSeconds' failed to satisfy constraint: Member must have value \(constraint)"
        )) { try SecurityTokenService(store: store).sessionToken(caller: user, durationSeconds: duration) }
        #expect(try SecurityTokenService(store: store).sessionToken(caller: user, durationSeconds: 129_600).expiration == Self.start.addingTimeInterval(129_600))
        #expect(try SecurityTokenService(store: store).sessionToken(caller: user, durationSeconds: 900).expiration == Self.start.addingTimeInterval(900))
    }

    @Test func aRoleSessionMayNotCallGetSessionToken() throws {
        let store = try store()
        let sts = SecurityTokenService(store: store)
        let user = try #require(principal(store, key: IdentityStoreTests.operatorKey.accessKeyId))
        let assumed = try sts.assumeRole(caller: user, roleARN: "arn:aws:iam::123456789012:role/Reader", sessionName: "reader")
        let session = try #require(principal(store, key: assumed.credentials.accessKeyId))
        #expect(throws: IAMError.accessDenied("Cannot call GetSessionToken with session credentials")) { try sts.sessionToken(caller: session) }
    }

    @Test func aCopiedStoreKeepsUserSessionsAndTheOriginalIssuesNoMoreToIt() throws {
        let store = try store()
        let sts = SecurityTokenService(store: store)
        let user = try #require(principal(store, key: IdentityStoreTests.operatorKey.accessKeyId))
        let before = try sts.sessionToken(caller: user)
        let copy = store.copy(clock: ManualClock(start: Self.start), random: SeededRandomSource(seed: 9))
        let after = try sts.sessionToken(caller: user)
        #expect(principal(copy, key: before.accessKeyId)?.isUserSession == true)
        #expect(principal(copy, key: after.accessKeyId) == nil)
    }

    @Test func theAccessProbesDryRunIssuesNothing() async throws {
        let store = try store()
        let user = try #require(principal(store, key: IdentityStoreTests.operatorKey.accessKeyId))
        let (decision, outcome) = await AuthorizationDryRun().firstDecision { try SecurityTokenService(store: store).sessionToken(caller: user) }
        #expect(decision == nil, "GetSessionToken needs no permission")
        let issued = try outcome.get()
        #expect(issued.accessKeyId.isEmpty)
    }
}
