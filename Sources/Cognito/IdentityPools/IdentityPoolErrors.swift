// The errors Cognito identity (federated identities) answers with, spelt once. Messages that
// real clients show are AWS's own words, as seen in SDK error reports; the rest are ours and
// say what to fix.

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
