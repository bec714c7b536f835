// Which role an authenticated identity gets, from the pool's roles, the provider's role
// mapping and the ID token's claims. A pure function, so the whole matrix is testable
// without tokens or STS.
import Core

/// Picks the role for one login, as AWS's "Using role-based access control" guide
/// describes it (docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html).
public enum RoleResolution {
    /// The role ARN to assume.
    ///
    /// - No mapping for the provider: the pool's authenticated role; `CustomRoleArn` is
    ///   ignored, as for providers "that do not support role customization".
    /// - `Token`: `customRoleARN` when it is one of `cognito:roles`, and a refusal when it is
    ///   not ("If this parameter doesn't match a role in cognito:roles, deny access"); else
    ///   `cognito:preferred_role`; else the ambiguity rule.
    /// - `Rules`: the first rule that holds, in order. A `customRoleARN` picks, among the
    ///   rules that hold, the one naming it ("unless CustomRoleArn is specified to override
    ///   the order"); if none of them names it the request is refused, as for `Token`,
    ///   rather than silently given another role. No rule holds: the ambiguity rule.
    /// - Ambiguity: `AuthenticatedRole` → the pool's authenticated role; `Deny` →
    ///   NotAuthorizedException "The ambiguous role mapping rules for: <key> denied this request."
    ///
    /// - Parameters:
    ///   - mappingKey: `<providerName>:<clientId>`, named in the Deny message.
    ///   - authenticatedRole: the pool's `Roles.authenticated`; nil makes every fallback to
    ///     it an InvalidIdentityPoolConfigurationException.
    public static func role(
        mapping: RoleMapping?, mappingKey: String, claims: JSONObject, authenticatedRole: String?, customRoleARN: String?
    ) throws(CognitoError) -> String {
        guard let mapping else { return try fallback(authenticatedRole) }
        switch mapping.type {
        case .token:
            if let custom = customRoleARN {
                guard tokenRoles(claims).contains(custom) else { throw customRoleRefused(custom) }
                return custom
            }
            if case .string(let preferred)? = claims["cognito:preferred_role"], !preferred.isEmpty {
                return preferred
            }
        case .rules:
            let holding = mapping.rules.filter { $0.matches(claims) }
            if let custom = customRoleARN {
                guard holding.contains(where: { $0.roleARN == custom }) else { throw customRoleRefused(custom) }
                return custom
            }
            if let first = holding.first { return first.roleARN }
        }
        switch mapping.ambiguousRoleResolution {
        case .authenticatedRole: return try fallback(authenticatedRole)
        case .deny: throw .ambiguousRoleDenied(mappingKey)
        }
    }

    /// `cognito:roles`: a JSON array in user pool tokens; AWS's guide also describes it as
    /// a comma-separated string, so both are read.
    static func tokenRoles(_ claims: JSONObject) -> [String] {
        switch claims["cognito:roles"] {
        case .array(let elements)?: elements.compactMap(\.stringValue)
        case .string(let text)?: text.split(separator: ",").map { String($0).trimmingSpaces }
        default: []
        }
    }

    private static func fallback(_ authenticatedRole: String?) throws(CognitoError) -> String {
        guard let authenticatedRole else { throw .invalidPoolConfiguration() }
        return authenticatedRole
    }

    private static func customRoleRefused(_ arn: String) -> CognitoError {
        .notAuthorized("The role '\(arn)' given as CustomRoleArn is not one the login token allows.")
    }
}

extension String {
    /// The string without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
