// An identity pool's configuration as values: what CreateIdentityPool, DescribeIdentityPool
// and SetIdentityPoolRoles carry, with no behaviour beyond naming things.

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

    public init(name: String, allowUnauthenticatedIdentities: Bool, providers: [CognitoIdentityProvider] = []) {
        self.name = name
        self.allowUnauthenticatedIdentities = allowUnauthenticatedIdentities
        self.providers = providers
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
