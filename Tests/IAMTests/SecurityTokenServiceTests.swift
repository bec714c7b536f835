import Core
import Foundation
import IAM
import Testing

/// STS: trust policies decide AssumeRole; sessions carry tags and web identity keys; they expire.
@Suite struct SecurityTokenServiceTests {
    let clock = ManualClock(start: IdentityStoreTests.start)
    let store: IdentityStore
    let sts: SecurityTokenService

    struct FixedVerifier: WebIdentityVerifier {
        func verify(_ token: String, at date: Date) throws(IAMError) -> WebIdentity {
            let audience = token.hasPrefix("valid:") ? "us-east-1:pool-1" : token.hasPrefix("other-pool:") ? "us-east-1:pool-2" : nil
            guard let audience else { throw .invalidIdentityToken("The ID Token provided is not a valid JWT.") }
            return WebIdentity(
                provider: "cognito-identity.amazonaws.com", subject: "us-east-1:1111-2222", audience: audience,
                authenticationMethods: ["authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"],
                principalTags: ["tenant_id": String(token.split(separator: ":").last ?? "")]
            )
        }
    }

    static let tenantPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"ProductTable","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Product","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}}]}"#
    static let webTrust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:pool-1"},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}}]}"#

    init() throws {
        store = IdentityStoreTests.makeStore(clock: clock)
        sts = SecurityTokenService(store: store, webIdentityVerifier: FixedVerifier())
        try store.createRole(name: "TenantAdmin", trustPolicy: IdentityStoreTests.trustAccount.replacingOccurrences(of: #""sts:AssumeRole""#, with: #"["sts:AssumeRole","sts:TagSession"]"#))
        try store.createRole(name: "Untaggable", trustPolicy: IdentityStoreTests.trustAccount)
        try store.putRolePolicy(roleName: "TenantAdmin", policyName: "tenant", document: Self.tenantPolicy)
        try store.createRole(name: "TenantUser", trustPolicy: Self.webTrust)
        try store.putRolePolicy(roleName: "TenantUser", policyName: "tenant", document: Self.tenantPolicy)
    }

    private var operatorPrincipal: IAMPrincipal {
        get throws {
            guard case .found(_, _, let principal) = store.resolve(accessKeyId: IdentityStoreTests.operatorKey.accessKeyId, at: clock.now()) else {
                throw IAMError.noSuchEntity("operator")
            }
            return principal
        }
    }

    private func sessionPrincipal(_ credentials: TemporaryCredentials) throws -> IAMPrincipal {
        guard case .found(_, let token, let principal) = store.resolve(accessKeyId: credentials.accessKeyId, at: clock.now()) else {
            throw IAMError.noSuchEntity("session")
        }
        #expect(token == credentials.sessionToken)
        return principal
    }

    @Test func assumeRoleIssuesTemporaryCredentialsScopedByTags() throws {
        let assumed = try sts.assumeRole(
            caller: try operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/TenantAdmin",
            sessionName: "tenant-a", tags: ["tenant_id": "TENANTa"]
        )
        #expect(assumed.credentials.accessKeyId.hasPrefix("ASIA"))
        #expect(assumed.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/TenantAdmin/tenant-a")
        #expect(assumed.credentials.expiration == clock.now().addingTimeInterval(3600))
        let session = try sessionPrincipal(assumed.credentials)
        let table = "arn:aws:dynamodb:us-east-1:123456789012:table/Product"
        #expect(store.authorize(session, action: "dynamodb:Query", resource: table, context: ["dynamodb:LeadingKeys": ["TENANTa"]]).isAllowed)
        let crossTenant = store.authorize(session, action: "dynamodb:Query", resource: table, context: ["dynamodb:LeadingKeys": ["TENANTb"]])
        #expect(!crossTenant.isAllowed)
        #expect(crossTenant.accessDeniedMessage.contains("assumed-role/TenantAdmin/tenant-a"))
    }

    @Test func sessionTagsNeedTagSessionInTheTrustPolicy() throws {
        let untaggable = "arn:aws:iam::123456789012:role/Untaggable"
        _ = try sts.assumeRole(caller: try operatorPrincipal, roleARN: untaggable, sessionName: "plain")
        #expect {
            try sts.assumeRole(caller: try operatorPrincipal, roleARN: untaggable, sessionName: "tagged", tags: ["tenant_id": "T"])
        } throws: { error in
            (error as? IAMError)?.code == "AccessDenied" && (error as? IAMError)?.message.contains("sts:TagSession") == true
        }
    }

    @Test func sessionsExpireOnTheInjectedClock() throws {
        let assumed = try sts.assumeRole(caller: try operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/TenantAdmin", sessionName: "short", durationSeconds: 900)
        clock.advance(by: 899)
        guard case .found = store.resolve(accessKeyId: assumed.credentials.accessKeyId, at: clock.now()) else {
            Issue.record("session expired early")
            return
        }
        clock.advance(by: 1)
        guard case .expired = store.resolve(accessKeyId: assumed.credentials.accessKeyId, at: clock.now()) else {
            Issue.record("session did not expire")
            return
        }
    }

    @Test func durationBeyondTheRoleMaximumIsRefused() throws {
        #expect(throws: IAMError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")) {
            try sts.assumeRole(caller: try operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/TenantAdmin", sessionName: "long", durationSeconds: 7200)
        }
    }

    @Test func trustPolicyThatNamesNoOneRefusesAssumeRole() throws {
        #expect { try sts.assumeRole(caller: try operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/TenantUser", sessionName: "nope") } throws: { error in
            (error as? IAMError)?.code == "AccessDenied"
        }
    }

    @Test func accountWideTrustAlsoNeedsTheCallersOwnPermission() throws {
        try store.createUser(name: "nobody")
        let key = try store.createAccessKey(userName: "nobody")
        guard case .found(_, _, let nobody) = store.resolve(accessKeyId: key.accessKeyId, at: clock.now()) else {
            Issue.record("key did not resolve")
            return
        }
        #expect { try sts.assumeRole(caller: nobody, roleARN: "arn:aws:iam::123456789012:role/TenantAdmin", sessionName: "try") } throws: { error in
            (error as? IAMError)?.code == "AccessDenied"
        }
        try store.putUserPolicy(userName: "nobody", policyName: "assume", document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/TenantAdmin"}]}"#)
        _ = try sts.assumeRole(caller: nobody, roleARN: "arn:aws:iam::123456789012:role/TenantAdmin", sessionName: "try")
    }

    @Test func webIdentitySessionCarriesCognitoKeysAndTags() throws {
        let (assumed, identity) = try sts.assumeRoleWithWebIdentity(
            roleARN: "arn:aws:iam::123456789012:role/TenantUser", sessionName: "web", webIdentityToken: "valid:TENANTb"
        )
        #expect(identity.subject == "us-east-1:1111-2222")
        let session = try sessionPrincipal(assumed.credentials)
        #expect(session.tags["tenant_id"] == "TENANTb")
        #expect(session.globalContext["cognito-identity.amazonaws.com:sub"] == ["us-east-1:1111-2222"])
        let table = "arn:aws:dynamodb:us-east-1:123456789012:table/Product"
        #expect(store.authorize(session, action: "dynamodb:GetItem", resource: table, context: ["dynamodb:LeadingKeys": ["TENANTb"]]).isAllowed)
        #expect(!store.authorize(session, action: "dynamodb:GetItem", resource: table, context: ["dynamodb:LeadingKeys": ["TENANTa"]]).isAllowed)
    }

    @Test func webIdentitySessionPolicyNarrowsTheSessionOrIsRefusedAsMalformed() throws {
        let onlyQuery = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:Query","Resource":"*"}]}"#
        let (assumed, _) = try sts.assumeRoleWithWebIdentity(
            roleARN: "arn:aws:iam::123456789012:role/TenantUser", sessionName: "web", webIdentityToken: "valid:TENANTb", sessionPolicy: onlyQuery
        )
        let session = try sessionPrincipal(assumed.credentials)
        let table = "arn:aws:dynamodb:us-east-1:123456789012:table/Product"
        let own: [String: [String]] = ["dynamodb:LeadingKeys": ["TENANTb"]]
        #expect(store.authorize(session, action: "dynamodb:Query", resource: table, context: own).isAllowed)
        #expect(!store.authorize(session, action: "dynamodb:GetItem", resource: table, context: own).isAllowed)
        #expect {
            try sts.assumeRoleWithWebIdentity(
                roleARN: "arn:aws:iam::123456789012:role/TenantUser", sessionName: "web", webIdentityToken: "valid:TENANTb", sessionPolicy: "{"
            )
        } throws: { error in
            (error as? IAMError)?.code == "MalformedPolicyDocument" && (error as? IAMError)?.status == 400
        }
    }

    @Test func webIdentityForTheWrongAudienceOrBadTokenIsRefused() throws {
        #expect { try sts.assumeRoleWithWebIdentity(roleARN: "arn:aws:iam::123456789012:role/TenantUser", sessionName: "web", webIdentityToken: "forged") } throws: { error in
            (error as? IAMError)?.code == "InvalidIdentityToken"
        }
        #expect { try sts.assumeRoleWithWebIdentity(roleARN: "arn:aws:iam::123456789012:role/TenantAdmin", sessionName: "web", webIdentityToken: "valid:X") } throws: { error in
            (error as? IAMError)?.code == "AccessDenied"
        }
    }

    @Test func webIdentityFromAnotherIdentityPoolIsRefusedByTheAudienceCondition() throws {
        #expect {
            try sts.assumeRoleWithWebIdentity(roleARN: "arn:aws:iam::123456789012:role/TenantUser", sessionName: "web", webIdentityToken: "other-pool:T")
        } throws: { error in
            (error as? IAMError)?.code == "AccessDenied" && (error as? IAMError)?.message.contains("cognito-identity.amazonaws.com:aud") == true
        }
    }

    @Test func accountTrustWithAConditionStillNeedsTheCallersPermission() throws {
        let conditioned = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/*"}}}]}"#
        try store.createRole(name: "Admin", trustPolicy: conditioned)
        try store.attachRolePolicy(roleName: "Admin", policyARN: IdentityStore.administratorAccessARN)
        try store.createUser(name: "nobody")
        let key = try store.createAccessKey(userName: "nobody")
        guard case .found(_, _, let nobody) = store.resolve(accessKeyId: key.accessKeyId, at: clock.now()) else {
            Issue.record("key did not resolve")
            return
        }
        #expect { try sts.assumeRole(caller: nobody, roleARN: "arn:aws:iam::123456789012:role/Admin", sessionName: "escalate") } throws: { error in
            (error as? IAMError)?.code == "AccessDenied"
        }
    }

    @Test func aTrustPolicyNamingTheCallerNeedsNoOtherPermission() throws {
        try store.createUser(name: "named")
        let key = try store.createAccessKey(userName: "named")
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/named"},"Action":"sts:AssumeRole"}]}"#
        try store.createRole(name: "ForNamed", trustPolicy: trust)
        guard case .found(_, _, let named) = store.resolve(accessKeyId: key.accessKeyId, at: clock.now()) else {
            Issue.record("key did not resolve")
            return
        }
        _ = try sts.assumeRole(caller: named, roleARN: "arn:aws:iam::123456789012:role/ForNamed", sessionName: "direct")
    }

    @Test func aSessionDiesWithItsRoleEvenIfTheNameComesBack() throws {
        let assumed = try sts.assumeRole(caller: try operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/Untaggable", sessionName: "old")
        try store.deleteRole(named: "Untaggable")
        guard case .unknown = store.resolve(accessKeyId: assumed.credentials.accessKeyId, at: clock.now()) else {
            Issue.record("a session of a deleted role still resolves")
            return
        }
        try store.createRole(name: "Untaggable", trustPolicy: IdentityStoreTests.trustAccount)
        try store.attachRolePolicy(roleName: "Untaggable", policyARN: IdentityStore.administratorAccessARN)
        guard case .unknown = store.resolve(accessKeyId: assumed.credentials.accessKeyId, at: clock.now()) else {
            Issue.record("a session of the old role resolves against the new one")
            return
        }
    }

    @Test func aSessionPolicyCapsTheRolesPermissions() throws {
        let onlyGetItem = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}]}"#
        let assumed = try sts.assumeRole(
            caller: try operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/TenantAdmin", sessionName: "capped",
            tags: ["tenant_id": "TENANTa"], sessionPolicy: onlyGetItem
        )
        let session = try sessionPrincipal(assumed.credentials)
        let table = "arn:aws:dynamodb:us-east-1:123456789012:table/Product"
        let own: [String: [String]] = ["dynamodb:LeadingKeys": ["TENANTa"]]
        #expect(store.authorize(session, action: "dynamodb:GetItem", resource: table, context: own).isAllowed)
        #expect(!store.authorize(session, action: "dynamodb:Query", resource: table, context: own).isAllowed)
    }

    @Test func callerIdentityOfASession() throws {
        let assumed = try sts.assumeRole(caller: try operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/TenantAdmin", sessionName: "who")
        let identity = sts.callerIdentity(try sessionPrincipal(assumed.credentials))
        #expect(identity.account == "123456789012")
        #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/TenantAdmin/who")
        #expect(identity.userId.hasSuffix(":who") && identity.userId.hasPrefix("AROA"))
    }
}
