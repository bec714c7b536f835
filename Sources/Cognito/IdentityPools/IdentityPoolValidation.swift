// The errors Cognito identity (federated identities) answers with, and the API's member
// constraints (from the Cognito identity API reference) plus the shape rules this engine
// adds. Messages that real clients show are AWS's own words, as seen in SDK error reports;
// the rest are ours and say what to fix.

enum IdentityPoolValidation {
    /// `[\w-]+:[0-9a-f-]+`, 1-55 characters: the form of identity pool ids and identity ids.
    static func checkId(_ id: String, member: String) throws(CognitoError) {
        let parts = id.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let wellFormed = (1...55).contains(id.count) && parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && parts[0].unicodeScalars.allSatisfy { isWord($0) || $0 == "-" }
            && parts[1].unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) || $0 == "-" }
        guard wellFormed else {
            throw .validation(value: id, member: member, constraint: "Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+")
        }
    }

    /// IdentityPoolName: `[\w\s+=,.@-]+`, 1-128 characters.
    static func checkPoolName(_ name: String) throws(CognitoError) {
        let allowed = name.unicodeScalars.allSatisfy { isWord($0) || " \t\n+=,.@-".unicodeScalars.contains($0) }
        guard (1...128).contains(name.count), allowed else {
            throw .validation(value: name, member: "identityPoolName", constraint: "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+")
        }
    }

    /// A provider entry: the name must be a user pool's (`cognito-idp.<region>.amazonaws.com/
    /// <region>_<id>`), the only provider kind this platform has; the client id `[\w_]+`.
    static func checkProvider(_ provider: CognitoIdentityProvider) throws(CognitoError) {
        guard isUserPoolProviderName(provider.providerName) else {
            throw .invalidParameter(
                "Invalid Cognito Identity Provider '\(provider.providerName)': expected cognito-idp.<region>.amazonaws.com/<userPoolId>"
            )
        }
        guard (1...128).contains(provider.clientId.count), provider.clientId.unicodeScalars.allSatisfy(isWord) else {
            throw .validation(value: provider.clientId, member: "cognitoIdentityProviders.clientId", constraint: "Member must satisfy regular expression pattern: [\\w_]+")
        }
    }

    /// `cognito-idp.<region>.amazonaws.com/<region>_<alphanumerics>`.
    static func isUserPoolProviderName(_ name: String) -> Bool {
        guard name.hasPrefix("cognito-idp."), let slash = name.firstIndex(of: "/") else { return false }
        let host = name[name.index(name.startIndex, offsetBy: "cognito-idp.".count)..<slash]
        guard host.hasSuffix(".amazonaws.com") else { return false }
        let region = host.dropLast(".amazonaws.com".count)
        let poolId = name[name.index(after: slash)...]
        let parts = poolId.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        return !region.isEmpty && region.unicodeScalars.allSatisfy { isWord($0) || $0 == "-" } && parts.count == 2
            && parts[0] == region && !parts[1].isEmpty && parts[1].unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// A role ARN in `accountId`: 20-2048 characters (the API's constraint), then
    /// `arn:aws:iam::<accountId>:role/<path/><name>`.
    static func checkRoleARN(_ arn: String, member: String, accountId: String) throws(CognitoError) {
        guard (20...2048).contains(arn.count) else {
            throw .validation(value: arn, member: member, constraint: "Member must have length between 20 and 2048")
        }
        let prefix = "arn:aws:iam::\(accountId):role/"
        guard arn.hasPrefix(prefix), arn.count > prefix.count, !arn.hasSuffix("/") else {
            throw .invalidParameter("Invalid role ARN '\(arn)': expected arn:aws:iam::\(accountId):role/<name>")
        }
    }

    /// SetIdentityPoolRoles' role mappings: at most 10; each keyed by a provider and client
    /// the pool has; Rules mappings with 1-25 rules, claims 1-64 and values 1-128 characters.
    static func checkRoleMappings(_ mappings: [String: RoleMapping], pool: IdentityPool, accountId: String) throws(CognitoError) {
        guard mappings.count <= 10 else {
            throw .validation(value: "\(mappings.count) entries", member: "roleMappings", constraint: "Member must have length less than or equal to 10")
        }
        let keys = Set(pool.settings.providers.map(\.roleMappingKey))
        for (key, mapping) in mappings.sorted(by: { $0.key < $1.key }) {
            guard keys.contains(key) else {
                throw .invalidParameter("Role mapping key '\(key)' names no provider of this identity pool; use <ProviderName>:<ClientId> of one of its CognitoIdentityProviders")
            }
            guard mapping.type == .rules else { continue }
            guard !mapping.rules.isEmpty else {
                throw .invalidParameter("RulesConfiguration with at least one rule is required when the role mapping type is Rules (\(key))")
            }
            guard mapping.rules.count <= 25 else {
                throw .validation(value: "\(mapping.rules.count) rules", member: "roleMappings.\(key).member.rulesConfiguration.rules", constraint: "Member must have length less than or equal to 25")
            }
            for rule in mapping.rules {
                guard (1...64).contains(rule.claim.count) else {
                    throw .validation(value: rule.claim, member: "roleMappings.\(key).member.rulesConfiguration.rules.member.claim", constraint: "Member must have length between 1 and 64")
                }
                guard (1...128).contains(rule.value.count) else {
                    throw .validation(value: rule.value, member: "roleMappings.\(key).member.rulesConfiguration.rules.member.value", constraint: "Member must have length between 1 and 128")
                }
                try checkRoleARN(rule.roleARN, member: "roleMappings.\(key).member.rulesConfiguration.rules.member.roleARN", accountId: accountId)
            }
        }
    }

    private static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
    }
}

extension CognitoError {
    /// `ResourceNotFoundException: IdentityPool '<id>' not found.`
    static func identityPoolNotFound(_ id: String) -> CognitoError {
        .resourceNotFound("IdentityPool '\(id)' not found.")
    }

    /// `ResourceNotFoundException: Identity '<id>' not found.`
    static func identityNotFound(_ id: String) -> CognitoError {
        .resourceNotFound("Identity '\(id)' not found.")
    }

    /// The login names a provider the pool does not have, or a token whose `aud` is none of
    /// its client ids: AWS gives the same sentence for both.
    static func unsupportedProvider() -> CognitoError {
        .notAuthorized("Token is not from a supported provider of this identity pool.")
    }

    /// GetId or GetCredentialsForIdentity without logins on a pool without guest access.
    static func unauthenticatedNotSupported() -> CognitoError {
        .notAuthorized("Unauthenticated access is not supported for this identity pool.")
    }

    /// Logins that are not the ones linked to the identity.
    static func loginsDoNotMatch() -> CognitoError {
        .notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.")
    }

    /// An authenticated identity asked for without any login.
    static func identityForbidden(_ id: String) -> CognitoError {
        .notAuthorized("Access to Identity '\(id)' is forbidden.")
    }

    /// `AmbiguousRoleResolution: Deny` and no role followed from the token.
    static func ambiguousRoleDenied(_ mappingKey: String) -> CognitoError {
        .notAuthorized("The ambiguous role mapping rules for: \(mappingKey) denied this request.")
    }

    /// The role picked cannot be assumed: no such role configured, or STS refused the trust
    /// policy (wrong `aud`, missing `amr`, no `sts:TagSession` for principal tags).
    static func invalidPoolConfiguration() -> CognitoError {
        CognitoError(
            code: "InvalidIdentityPoolConfigurationException",
            message: "Invalid identity pool configuration. Check assigned IAM roles for this pool."
        )
    }

    /// A request member outside its documented constraint, in AWS's validation wording.
    static func validation(value: String, member: String, constraint: String) -> CognitoError {
        CognitoError(
            code: "ValidationException",
            message: "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)"
        )
    }
}
