import Cognito
import Core
import Testing

/// The role-mapping matrix: every match type, absent claims, both ambiguity resolutions,
/// Token mappings with and without a preferred role, and CustomRoleArn in and out of
/// `cognito:roles`.
@Suite struct IdentityPoolRoleMappingTests {
    static let key = "cognito-idp.us-east-1.amazonaws.com/us-east-1_TenantOne:client1"
    static let fallback = "arn:aws:iam::123456789012:role/Trust"
    static let admin = "arn:aws:iam::123456789012:role/TenantAdmin"
    static let user = "arn:aws:iam::123456789012:role/TenantUser"

    private func role(_ mapping: RoleMapping?, _ claims: JSONObject, custom: String? = nil, authenticated: String? = fallback) throws -> String {
        try RoleResolution.role(mapping: mapping, mappingKey: Self.key, claims: claims, authenticatedRole: authenticated, customRoleARN: custom)
    }

    private func rules(_ resolution: RoleMapping.AmbiguousRoleResolution = .deny, _ rules: MappingRule...) -> RoleMapping {
        RoleMapping(type: .rules, ambiguousRoleResolution: resolution, rules: rules)
    }

    private static let denied = CognitoError.notAuthorized("The ambiguous role mapping rules for: \(key) denied this request.")

    struct MatchCase: Sendable, CustomTestStringConvertible {
        let matchType: MappingRule.MatchType
        let value: String
        let claim: String?
        let matches: Bool
        var testDescription: String { "\(matchType.rawValue) '\(value)' on \(claim.map { "'\($0)'" } ?? "absent claim") → \(matches)" }
    }

    static let matchCases: [MatchCase] = [
        MatchCase(matchType: .equals, value: "TenantAdmin", claim: "TenantAdmin", matches: true),
        MatchCase(matchType: .equals, value: "TenantAdmin", claim: "tenantadmin", matches: false),
        MatchCase(matchType: .equals, value: "TenantAdmin", claim: nil, matches: false),
        MatchCase(matchType: .notEqual, value: "TenantUser", claim: "TenantAdmin", matches: true),
        MatchCase(matchType: .notEqual, value: "TenantAdmin", claim: "TenantAdmin", matches: false),
        MatchCase(matchType: .notEqual, value: "TenantAdmin", claim: nil, matches: false),
        MatchCase(matchType: .startsWith, value: "Tenant", claim: "TenantAdmin", matches: true),
        MatchCase(matchType: .startsWith, value: "Admin", claim: "TenantAdmin", matches: false),
        MatchCase(matchType: .startsWith, value: "Tenant", claim: nil, matches: false),
        MatchCase(matchType: .contains, value: "antAd", claim: "TenantAdmin", matches: true),
        MatchCase(matchType: .contains, value: "User", claim: "TenantAdmin", matches: false),
        MatchCase(matchType: .contains, value: "antAd", claim: nil, matches: false),
    ]

    @Test(arguments: matchCases)
    func eachMatchTypeDecidesAlone(_ test: MatchCase) throws {
        let mapping = rules(.authenticatedRole, MappingRule(claim: "custom:role", matchType: test.matchType, value: test.value, roleARN: Self.admin))
        let claims: JSONObject = test.claim.map { ["custom:role": .string($0)] } ?? [:]
        #expect(try role(mapping, claims) == (test.matches ? Self.admin : Self.fallback))
    }

    @Test func rulesAreTriedInOrderAndTheFirstMatchWins() throws {
        let mapping = rules(
            .deny,
            MappingRule(claim: "custom:role", matchType: .startsWith, value: "Tenant", roleARN: Self.user),
            MappingRule(claim: "custom:role", matchType: .equals, value: "TenantAdmin", roleARN: Self.admin)
        )
        #expect(try role(mapping, ["custom:role": "TenantAdmin"]) == Self.user)
    }

    @Test func aNotEqualRuleIsSkippedWhenItsClaimIsAbsent() throws {
        // Without the skip, a user lacking custom:tier would "not equal" Basic and get Admin.
        let mapping = rules(
            .deny,
            MappingRule(claim: "custom:tier", matchType: .notEqual, value: "Basic", roleARN: Self.admin),
            MappingRule(claim: "custom:role", matchType: .equals, value: "TenantUser", roleARN: Self.user)
        )
        #expect(try role(mapping, ["custom:role": "TenantUser"]) == Self.user)
        #expect(try role(mapping, ["custom:role": "TenantUser", "custom:tier": "Premium"]) == Self.admin)
    }

    @Test func noMatchFollowsTheAmbiguityResolution() throws {
        let rule = MappingRule(claim: "custom:role", matchType: .equals, value: "TenantAdmin", roleARN: Self.admin)
        #expect(try role(rules(.authenticatedRole, rule), ["custom:role": "Nobody"]) == Self.fallback)
        #expect(throws: Self.denied) { try role(rules(.deny, rule), ["custom:role": "Nobody"]) }
        #expect(throws: CognitoError(code: "InvalidIdentityPoolConfigurationException", message: "Invalid identity pool configuration. Check assigned IAM roles for this pool.")) {
            try role(rules(.authenticatedRole, rule), [:], authenticated: nil)
        }
    }

    @Test func arrayAndNumberClaimsAreComparedAsText() throws {
        let groups = rules(.deny, MappingRule(claim: "cognito:groups", matchType: .equals, value: "admins", roleARN: Self.admin))
        #expect(try role(groups, ["cognito:groups": ["users", "admins"]]) == Self.admin)
        let level = rules(.deny, MappingRule(claim: "custom:level", matchType: .equals, value: "3", roleARN: Self.admin))
        #expect(try role(level, ["custom:level": 3]) == Self.admin)
    }

    @Test func tokenMappingUsesThePreferredRoleOrTheAmbiguityRule() throws {
        let deny = RoleMapping(type: .token, ambiguousRoleResolution: .deny)
        let lenient = RoleMapping(type: .token, ambiguousRoleResolution: .authenticatedRole)
        let both: JSONObject = ["cognito:roles": [.string(Self.admin), .string(Self.user)], "cognito:preferred_role": .string(Self.user)]
        #expect(try role(deny, both) == Self.user)
        let noPreference: JSONObject = ["cognito:roles": [.string(Self.admin), .string(Self.user)]]
        #expect(throws: Self.denied) { try role(deny, noPreference) }
        #expect(try role(lenient, noPreference) == Self.fallback)
    }

    @Test func customRoleArnMustBeOneOfTheTokensRoles() throws {
        let mapping = RoleMapping(type: .token, ambiguousRoleResolution: .authenticatedRole)
        let claims: JSONObject = ["cognito:roles": [.string(Self.admin), .string(Self.user)], "cognito:preferred_role": .string(Self.user)]
        #expect(try role(mapping, claims, custom: Self.admin) == Self.admin)
        let other = "arn:aws:iam::123456789012:role/Elsewhere"
        #expect(throws: CognitoError.notAuthorized("The role '\(other)' given as CustomRoleArn is not one the login token allows.")) {
            try role(mapping, claims, custom: other)
        }
        // AWS's guide describes cognito:roles as a comma-separated string too.
        #expect(try role(mapping, ["cognito:roles": .string("\(Self.user), \(Self.admin)")], custom: Self.admin) == Self.admin)
    }

    @Test func customRoleArnPicksAmongRulesThatHold() throws {
        let mapping = rules(
            .deny,
            MappingRule(claim: "custom:role", matchType: .startsWith, value: "Tenant", roleARN: Self.user),
            MappingRule(claim: "custom:role", matchType: .equals, value: "TenantAdmin", roleARN: Self.admin)
        )
        #expect(try role(mapping, ["custom:role": "TenantAdmin"], custom: Self.admin) == Self.admin)
        #expect(throws: CognitoError.self) { try role(mapping, ["custom:role": "TenantUser"], custom: Self.admin) }
    }

    @Test func withoutAMappingTheAuthenticatedRoleIsUsedAndCustomRoleArnIgnored() throws {
        #expect(try role(nil, [:]) == Self.fallback)
        #expect(try role(nil, [:], custom: Self.admin) == Self.fallback)
    }
}
