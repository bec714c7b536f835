// Cognito identity's request and response shapes, between JSON 1.1 bodies and the engine's
// values.
import Cognito
import Core

enum CognitoIdentityShapes {
    // MARK: - Inputs

    /// CreateIdentityPool's and UpdateIdentityPool's settings. Only user pool providers
    /// exist on this platform, so the other provider kinds are refused rather than ignored.
    static func settings(_ input: CloudMembers) throws(AWSError) -> IdentityPoolSettings {
        for other in ["SupportedLoginProviders", "OpenIdConnectProviderARNs", "SamlProviderARNs", "DeveloperProviderName"] {
            if let value = input[other], value != .object([:]), value != .array([]) {
                throw AWSError.invalidParameter("\(other) is not supported here: this platform federates Cognito user pools only (CognitoIdentityProviders)")
            }
        }
        var providers: [CognitoIdentityProvider] = []
        for entry in try input.optionalStructureList("CognitoIdentityProviders") ?? [] {
            providers.append(CognitoIdentityProvider(
                providerName: try entry.string("ProviderName"), clientId: try entry.string("ClientId"),
                serverSideTokenCheck: try entry.optionalBool("ServerSideTokenCheck") ?? false
            ))
        }
        return IdentityPoolSettings(
            name: try input.string("IdentityPoolName"),
            allowUnauthenticatedIdentities: try input.bool("AllowUnauthenticatedIdentities"), providers: providers,
            allowClassicFlow: try input.optionalBool("AllowClassicFlow") ?? false
        )
    }

    /// SetIdentityPoolRoles' `Roles` (keys `authenticated` and `unauthenticated` only) and
    /// `RoleMappings`.
    static func roles(_ input: CloudMembers) throws(AWSError) -> (IdentityPoolRoles, [String: RoleMapping]) {
        let map = try input.stringMap("Roles")
        for key in map.keys.sorted() where key != "authenticated" && key != "unauthenticated" {
            throw AWSError.invalidParameter("Invalid key '\(key)' in Roles: the keys are authenticated and unauthenticated")
        }
        let roles = IdentityPoolRoles(authenticated: map["authenticated"], unauthenticated: map["unauthenticated"])
        var mappings: [String: RoleMapping] = [:]
        if let structure = try input.optionalStructure("RoleMappings") {
            for key in structure.object.keys {
                mappings[key] = try mapping(try structure.structure(key), key: key)
            }
        }
        return (roles, mappings)
    }

    private static func mapping(_ members: CloudMembers, key: String) throws(AWSError) -> RoleMapping {
        let type: RoleMapping.MappingType = try members.enumeration("Type")
        guard members.has("AmbiguousRoleResolution") else {
            throw AWSError.invalidParameter("AmbiguousRoleResolution is required for role mapping \(key) (Token and Rules mappings both need it)")
        }
        let resolution: RoleMapping.AmbiguousRoleResolution = try members.enumeration("AmbiguousRoleResolution")
        var rules: [MappingRule] = []
        if let configuration = try members.optionalStructure("RulesConfiguration") {
            for rule in try configuration.structureList("Rules") {
                rules.append(MappingRule(
                    claim: try rule.string("Claim"), matchType: try rule.enumeration("MatchType"),
                    value: try rule.string("Value"), roleARN: try rule.string("RoleARN")
                ))
            }
        }
        return RoleMapping(type: type, ambiguousRoleResolution: resolution, rules: rules)
    }

    // MARK: - Outputs

    static func pool(_ pool: IdentityPool) -> JSON {
        [
            "IdentityPoolId": .string(pool.id), "IdentityPoolName": .string(pool.settings.name),
            "AllowUnauthenticatedIdentities": .bool(pool.settings.allowUnauthenticatedIdentities), "AllowClassicFlow": .bool(pool.settings.allowClassicFlow),
            "CognitoIdentityProviders": .array(pool.settings.providers.map { provider in
                [
                    "ProviderName": .string(provider.providerName), "ClientId": .string(provider.clientId),
                    "ServerSideTokenCheck": .bool(provider.serverSideTokenCheck),
                ]
            }),
        ]
    }

    static func list(_ pools: [IdentityPool], nextToken: String?) -> JSON {
        var object: JSONObject = [
            "IdentityPools": .array(pools.map { ["IdentityPoolId": .string($0.id), "IdentityPoolName": .string($0.settings.name)] }),
        ]
        if let nextToken { object["NextToken"] = .string(nextToken) }
        return .object(object)
    }

    static func roles(poolId: String, roles: IdentityPoolRoles, mappings: [String: RoleMapping]) -> JSON {
        var roleMap = JSONObject()
        if let arn = roles.authenticated { roleMap["authenticated"] = .string(arn) }
        if let arn = roles.unauthenticated { roleMap["unauthenticated"] = .string(arn) }
        var object: JSONObject = ["IdentityPoolId": .string(poolId), "Roles": .object(roleMap)]
        if !mappings.isEmpty {
            object["RoleMappings"] = .object(JSONObject(mappings.sorted { $0.key < $1.key }.map { ($0.key, mapping($0.value)) }))
        }
        return .object(object)
    }

    private static func mapping(_ mapping: RoleMapping) -> JSON {
        var object: JSONObject = ["Type": .string(mapping.type.rawValue), "AmbiguousRoleResolution": .string(mapping.ambiguousRoleResolution.rawValue)]
        if !mapping.rules.isEmpty {
            object["RulesConfiguration"] = ["Rules": .array(mapping.rules.map { rule in
                [
                    "Claim": .string(rule.claim), "MatchType": .string(rule.matchType.rawValue),
                    "Value": .string(rule.value), "RoleARN": .string(rule.roleARN),
                ]
            })]
        }
        return .object(object)
    }

    static func tagMap(_ map: PrincipalTagMap, poolId: String, providerName: String) -> JSON {
        [
            "IdentityPoolId": .string(poolId), "IdentityProviderName": .string(providerName), "UseDefaults": .bool(map.useDefaults),
            "PrincipalTags": .object(JSONObject(map.tags.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })),
        ]
    }

    /// An identity as DescribeIdentity returns it and ListIdentities lists it: the provider
    /// names of its logins, and its dates as epoch seconds.
    static func identity(_ identity: IdentityDescription) -> JSON {
        [
            "IdentityId": .string(identity.identityId), "Logins": .array(identity.logins.map(JSON.string)),
            "CreationDate": .number(identity.created.timeIntervalSince1970),
            "LastModifiedDate": .number(identity.lastModified.timeIntervalSince1970),
        ]
    }

    /// GetCredentialsForIdentity's output: note `SecretKey` (not STS's `SecretAccessKey`)
    /// and `Expiration` as epoch seconds, as Cognito identity sends them.
    static func credentials(_ issued: IdentityCredentials) -> JSON {
        [
            "IdentityId": .string(issued.identityId),
            "Credentials": [
                "AccessKeyId": .string(issued.credentials.accessKeyId), "SecretKey": .string(issued.credentials.secretAccessKey),
                "SessionToken": .string(issued.credentials.sessionToken),
                "Expiration": .number(Int(issued.credentials.expiration.timeIntervalSince1970)),
            ],
        ]
    }
}
