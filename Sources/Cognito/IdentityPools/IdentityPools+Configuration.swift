// SetIdentityPoolRoles / GetIdentityPoolRoles and SetPrincipalTagAttributeMap /
// GetPrincipalTagAttributeMap: what an authenticated identity becomes.

extension IdentityPools {
    /// SetIdentityPoolRoles: replaces the pool's roles and role mappings together, as the
    /// API does. Role ARNs must be roles of this account; mapping keys must name a provider
    /// and client the pool has; Rules mappings need 1-25 rules. Roles are not required to
    /// exist yet (AWS checks them only when credentials are requested; so does STS here).
    public func setRoles(poolId: String, roles: IdentityPoolRoles, roleMappings: [String: RoleMapping]) throws(CognitoError) {
        if let arn = roles.authenticated {
            try IdentityPoolValidation.checkRoleARN(arn, member: "roles.authenticated", accountId: accountId)
        }
        if let arn = roles.unauthenticated {
            try IdentityPoolValidation.checkRoleARN(arn, member: "roles.unauthenticated", accountId: accountId)
        }
        _ = try mutatePool(poolId) { pool throws(CognitoError) in
            try IdentityPoolValidation.checkRoleMappings(roleMappings, pool: pool, accountId: accountId)
            pool.roles = roles
            pool.roleMappings = roleMappings
        }
    }

    /// GetIdentityPoolRoles.
    public func roles(poolId: String) throws(CognitoError) -> (roles: IdentityPoolRoles, roleMappings: [String: RoleMapping]) {
        let pool = try identityPool(id: poolId)
        return (pool.roles, pool.roleMappings)
    }

    /// SetPrincipalTagAttributeMap for one of the pool's providers. `useDefaults` replaces
    /// `tags` with ``PrincipalTagMap/userPoolDefaults``; an empty map without defaults
    /// turns principal tags off for the provider.
    @discardableResult
    public func setPrincipalTagMap(poolId: String, providerName: String, useDefaults: Bool, tags: [String: String]) throws(CognitoError) -> PrincipalTagMap {
        let map = PrincipalTagMap(useDefaults: useDefaults, tags: tags)
        try map.validate()
        _ = try mutatePool(poolId) { pool throws(CognitoError) in
            guard pool.hasProvider(named: providerName) else { throw Self.notAProvider(providerName) }
            pool.principalTagMaps[providerName] = map
        }
        return map
    }

    /// GetPrincipalTagAttributeMap: a provider never configured has no tags and no defaults.
    public func principalTagMap(poolId: String, providerName: String) throws(CognitoError) -> PrincipalTagMap {
        let pool = try identityPool(id: poolId)
        guard pool.hasProvider(named: providerName) else { throw Self.notAProvider(providerName) }
        return pool.principalTagMaps[providerName] ?? PrincipalTagMap(useDefaults: false)
    }

    private static func notAProvider(_ providerName: String) -> CognitoError {
        .invalidParameter("Identity provider '\(providerName)' is not configured for this identity pool.")
    }
}
