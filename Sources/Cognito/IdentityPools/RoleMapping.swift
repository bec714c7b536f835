// Role mappings (SetIdentityPoolRoles' `RoleMappings`): how an identity pool picks a role
// from the claims of a user pool ID token.
import Core

/// How one provider's users are mapped to roles, keyed in the pool by
/// `<providerName>:<clientId>`.
public struct RoleMapping: Sendable, Hashable {
    /// `Type`: `Token` reads `cognito:preferred_role` / `cognito:roles`; `Rules` tries rules.
    public enum MappingType: String, Sendable, Hashable, CaseIterable {
        case token = "Token"
        case rules = "Rules"
    }

    /// `AmbiguousRoleResolution`: what happens when no role follows from the token.
    public enum AmbiguousRoleResolution: String, Sendable, Hashable, CaseIterable {
        /// Fall back to the pool's authenticated role.
        case authenticatedRole = "AuthenticatedRole"
        /// Refuse with NotAuthorizedException.
        case deny = "Deny"
    }

    public var type: MappingType
    public var ambiguousRoleResolution: AmbiguousRoleResolution
    /// `RulesConfiguration.Rules`, tried in order; only for ``MappingType/rules``.
    public var rules: [MappingRule]

    public init(type: MappingType, ambiguousRoleResolution: AmbiguousRoleResolution, rules: [MappingRule] = []) {
        self.type = type
        self.ambiguousRoleResolution = ambiguousRoleResolution
        self.rules = rules
    }
}

/// One rule: if the token's `claim` matches `value` by `matchType`, the user gets `roleARN`.
public struct MappingRule: Sendable, Hashable {
    /// `MatchType`. Comparisons are case-sensitive.
    public enum MatchType: String, Sendable, Hashable, CaseIterable {
        case equals = "Equals"
        case notEqual = "NotEqual"
        case startsWith = "StartsWith"
        case contains = "Contains"
    }

    /// A claim name such as `custom:role` (1-64 characters).
    public var claim: String
    public var matchType: MatchType
    /// 1-128 characters.
    public var value: String
    public var roleARN: String

    public init(claim: String, matchType: MatchType, value: String, roleARN: String) {
        self.claim = claim
        self.matchType = matchType
        self.value = value
        self.roleARN = roleARN
    }

    /// Whether the rule holds for `claims`.
    ///
    /// A missing claim makes every match type false, and AWS documents that a NotEqual rule
    /// is not evaluated when its claim is absent (so an absent `custom:role` never "differs"
    /// from `TenantAdmin`). Claims are compared as text: numbers and booleans by their JSON
    /// spelling; an array claim (`cognito:groups`) matches when any element does, and is
    /// NotEqual only when no element equals the value.
    func matches(_ claims: JSONObject) -> Bool {
        guard let claim = claims[claim], let texts = Self.texts(of: claim) else { return false }
        switch matchType {
        case .equals: return texts.contains(value)
        case .notEqual: return !texts.contains(value)
        case .startsWith: return texts.contains { $0.hasPrefix(value) }
        case .contains: return texts.contains { $0.contains(value) }
        }
    }

    /// A claim's values as text; nil for claims that cannot be compared (objects, null).
    static func texts(of claim: JSON) -> [String]? {
        switch claim {
        case .string(let text): return [text]
        case .number(let number): return [number.text]
        case .bool(let flag): return [flag ? "true" : "false"]
        case .array(let elements):
            let flattened = elements.compactMap { Self.texts(of: $0) }.flatMap { $0 }
            return flattened.isEmpty ? nil : flattened
        case .object, .null: return nil
        }
    }
}
