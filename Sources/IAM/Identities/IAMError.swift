/// An error from the identity store or STS, named as AWS names it. The Cloud front door turns
/// these into protocol-shaped responses; the engine knows nothing about HTTP.
public struct IAMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// AWS's error code, e.g. `NoSuchEntity`.
    public let code: String
    public let message: String
    /// The HTTP status AWS answers with.
    public let status: Int

    public init(code: String, message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { "\(code): \(message)" }

    public static func noSuchEntity(_ message: String) -> IAMError {
        IAMError(code: "NoSuchEntity", message: message, status: 404)
    }

    public static func alreadyExists(_ message: String) -> IAMError {
        IAMError(code: "EntityAlreadyExists", message: message, status: 409)
    }

    public static func deleteConflict(_ message: String) -> IAMError {
        IAMError(code: "DeleteConflict", message: message, status: 409)
    }

    public static func validation(_ message: String) -> IAMError {
        IAMError(code: "ValidationError", message: message, status: 400)
    }

    public static func malformedPolicy(_ error: MalformedPolicyDocument) -> IAMError {
        IAMError(code: MalformedPolicyDocument.code, message: error.message, status: 400)
    }

    public static func limitExceeded(_ message: String) -> IAMError {
        IAMError(code: "LimitExceeded", message: message, status: 409)
    }

    /// `AccessDenied` with AWS's sentence, e.g. `User: arn:... is not authorized to perform:
    /// iam:CreateRole on resource: arn:... because no identity-based policy allows ...`.
    public static func accessDenied(_ message: String) -> IAMError {
        IAMError(code: "AccessDenied", message: message, status: 403)
    }

    /// A web identity token past its `exp`, as AssumeRoleWithWebIdentity reports it: both
    /// times in seconds since 1970.
    public static func expiredWebIdentityToken(now: Int, expiry: Int) -> IAMError {
        IAMError(code: "ExpiredTokenException",
                 message: "Token expired: current date/time \(now) must be before the expiration date/time \(expiry)", status: 400)
    }

    /// A web identity token AssumeRoleWithWebIdentity cannot accept, e.g. "Couldn't verify
    /// signed token." or "Incorrect token audience".
    public static func invalidIdentityToken(_ message: String) -> IAMError {
        IAMError(code: "InvalidIdentityToken", message: message, status: 400)
    }
}
