// An identity pool's configuration as values: what CreateIdentityPool, DescribeIdentityPool,
// SetIdentityPoolRoles and SetPrincipalTagAttributeMap carry.
import Core

/// A user pool app client an identity pool accepts logins from
/// (`CognitoIdentityProviders` in the API).
public struct CognitoIdentityProvider: Sendable, Hashable {
    /// `cognito-idp.<region>.amazonaws.com/<userPoolId>`: the key clients use in `Logins`.
    public var providerName: String
    /// The app client id; an ID token's `aud` must be one of the pool's client ids.
    public var clientId: String
    /// Kept and reported as configured. This engine verifies every token through the
    /// ``LoginTokenVerifier`` whatever the flag says, so it changes nothing here.
    public var serverSideTokenCheck: Bool

    public init(providerName: String, clientId: String, serverSideTokenCheck: Bool = false) {
        self.providerName = providerName
        self.clientId = clientId
        self.serverSideTokenCheck = serverSideTokenCheck
    }

    /// The key of this provider's role mapping: `<providerName>:<clientId>`.
    public var roleMappingKey: String { "\(providerName):\(clientId)" }
}

/// What CreateIdentityPool and UpdateIdentityPool set.
public struct IdentityPoolSettings: Sendable, Hashable {
    /// 1-128 characters of `[\w\s+=,.@-]`.
    public var name: String
    /// Whether GetId without logins (guest identities) is allowed.
    public var allowUnauthenticatedIdentities: Bool
    public var providers: [CognitoIdentityProvider]
    /// `AllowClassicFlow`: whether the basic flow (GetOpenIdToken, then the caller's own
    /// AssumeRoleWithWebIdentity) is allowed. Off by default, as in AWS: that flow lets the
    /// caller pick any role whose trust policy names the pool, so role mapping means nothing.
    public var allowClassicFlow: Bool

    /// Settings; the classic flow stays off unless asked for.
    public init(name: String, allowUnauthenticatedIdentities: Bool, providers: [CognitoIdentityProvider] = [], allowClassicFlow: Bool = false) {
        self.name = name
        self.allowUnauthenticatedIdentities = allowUnauthenticatedIdentities
        self.providers = providers
        self.allowClassicFlow = allowClassicFlow
    }
}

/// The pool's default roles (`Roles` in SetIdentityPoolRoles), by role ARN.
public struct IdentityPoolRoles: Sendable, Hashable {
    /// Assumed by authenticated identities when no role mapping decides otherwise.
    public var authenticated: String?
    /// Assumed by guest identities.
    public var unauthenticated: String?

    public init(authenticated: String? = nil, unauthenticated: String? = nil) {
        self.authenticated = authenticated
        self.unauthenticated = unauthenticated
    }
}

/// One identity pool: its settings, roles, role mappings and principal-tag maps.
public struct IdentityPool: Sendable, Hashable {
    /// `<region>:<uuid>`.
    public let id: String
    public var settings: IdentityPoolSettings
    public var roles: IdentityPoolRoles
    /// By ``CognitoIdentityProvider/roleMappingKey``.
    public var roleMappings: [String: RoleMapping]
    /// By provider name; a provider without an entry gets no principal tags.
    public var principalTagMaps: [String: PrincipalTagMap]

    public init(
        id: String, settings: IdentityPoolSettings, roles: IdentityPoolRoles = IdentityPoolRoles(),
        roleMappings: [String: RoleMapping] = [:], principalTagMaps: [String: PrincipalTagMap] = [:]
    ) {
        self.id = id
        self.settings = settings
        self.roles = roles
        self.roleMappings = roleMappings
        self.principalTagMaps = principalTagMaps
    }

    /// The configured provider whose name is `providerName` and whose client id is one of
    /// `audiences`, if any.
    func provider(named providerName: String, audiences: [String]) -> CognitoIdentityProvider? {
        settings.providers.first { $0.providerName == providerName && audiences.contains($0.clientId) }
    }

    /// Whether any configured provider has this name.
    func hasProvider(named providerName: String) -> Bool {
        settings.providers.contains { $0.providerName == providerName }
    }
}

// Attributes for access control: which token claims become session tags, so policies can
// say `${aws:PrincipalTag/tenant_id}` once for every tenant.

/// One provider's claim-to-tag map (SetPrincipalTagAttributeMap).
public struct PrincipalTagMap: Sendable, Hashable {
    /// AWS's default map for a Cognito user pool provider: the tag `username` from the ID
    /// token's `sub` and `client` from its `aud` ("Default provider mappings" in the Cognito
    /// developer guide lists `aud` (client ID) and `sub` (user ID); the API reference names
    /// the defaults "username and clientID").
    public static let userPoolDefaults: [String: String] = ["username": "sub", "client": "aud"]

    /// Whether the defaults are in use; when true, ``tags`` is ``userPoolDefaults``.
    public let useDefaults: Bool
    /// Tag key → claim name.
    public let tags: [String: String]

    /// A map; `useDefaults` replaces `tags` with the defaults, as AWS does.
    public init(useDefaults: Bool, tags: [String: String] = [:]) {
        self.useDefaults = useDefaults
        self.tags = useDefaults ? Self.userPoolDefaults : tags
    }

    /// The session tags for a token with `claims`. A claim the token lacks gives no tag;
    /// a string claim gives its text, a number or boolean its JSON spelling, and anything
    /// else (arrays, objects) no tag, since a session tag holds one value.
    public func sessionTags(from claims: JSONObject) -> [String: String] {
        var result: [String: String] = [:]
        for (tag, claim) in tags {
            switch claims[claim] {
            case .string(let text)?: result[tag] = text
            case .number(let number)?: result[tag] = number.text
            case .bool(let flag)?: result[tag] = flag ? "true" : "false"
            default: break
            }
        }
        return result
    }

    /// SetPrincipalTagAttributeMap's limits: at most 50 tags, keys 1-128 and claim names
    /// 1-256 characters.
    func validate() throws(CognitoError) {
        guard tags.count <= 50 else {
            throw .validation(value: "\(tags.count) entries", member: "principalTags", constraint: "Member must have length less than or equal to 50")
        }
        for (key, claim) in tags.sorted(by: { $0.key < $1.key }) {
            guard (1...128).contains(key.count) else {
                throw .validation(value: key, member: "principalTags", constraint: "Map keys must have length between 1 and 128")
            }
            guard (1...256).contains(claim.count) else {
                throw .validation(value: claim, member: "principalTags.\(key)", constraint: "Member must have length between 1 and 256")
            }
        }
    }
}
