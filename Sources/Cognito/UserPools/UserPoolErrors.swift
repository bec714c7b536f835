// The user-pool engine's refusals, spelt once with Cognito's codes and messages, so the
// engine, its tests and the wire adapter agree on every word.

extension CognitoError {
    /// `ResourceNotFoundException`: "User pool <id> does not exist."
    static func noSuchPool(_ poolId: String) -> CognitoError {
        .resourceNotFound("User pool \(poolId) does not exist.")
    }

    /// `ResourceNotFoundException`: "User pool client <id> does not exist."
    static func noSuchClient(_ clientId: String) -> CognitoError {
        .resourceNotFound("User pool client \(clientId) does not exist.")
    }

    /// `UserNotFoundException`: what admin operations say about an unknown user.
    static var userNotFound: CognitoError {
        CognitoError(code: "UserNotFoundException", message: "User does not exist.")
    }

    /// `UsernameExistsException` from `AdminCreateUser`.
    static var userAccountExists: CognitoError {
        CognitoError(code: "UsernameExistsException", message: "User account already exists")
    }

    /// `UsernameExistsException` in a pool whose users sign in with an email or phone number.
    static func signInNameExists(_ name: String) -> CognitoError {
        CognitoError(
            code: "UsernameExistsException",
            message: "An account with the given \(name.contains("@") ? "email" : "phone number") already exists."
        )
    }

    /// `UsernameExistsException` from `SignUp` (Cognito words it differently there).
    static var userExists: CognitoError {
        CognitoError(code: "UsernameExistsException", message: "User already exists")
    }

    /// `NotAuthorizedException`: a wrong password, or (with user-existence errors prevented)
    /// an unknown user; the two are indistinguishable on purpose.
    static var incorrectCredentials: CognitoError {
        .notAuthorized("Incorrect username or password.")
    }

    /// `NotAuthorizedException` for a disabled user.
    static var userDisabled: CognitoError {
        .notAuthorized("User is disabled.")
    }

    /// `NotAuthorizedException` once `TemporaryPasswordValidityDays` have passed.
    static var temporaryPasswordExpired: CognitoError {
        .notAuthorized("Temporary password has expired and must be reset by an administrator.")
    }

    /// `UserNotConfirmedException` for a signed-up user who has not confirmed.
    static var userNotConfirmed: CognitoError {
        CognitoError(code: "UserNotConfirmedException", message: "User is not confirmed.")
    }

    /// `InvalidPasswordException`: "Password did not conform with policy: <reason>".
    static func invalidPassword(_ reason: String) -> CognitoError {
        CognitoError(code: "InvalidPasswordException", message: "Password did not conform with policy: \(reason)")
    }

    /// `InvalidParameterException`: "Attributes did not conform to the schema: <problems>".
    static func schemaViolation(_ problems: [String]) -> CognitoError {
        .invalidParameter("Attributes did not conform to the schema: " + problems.joined(separator: "\n"))
    }

    /// `TooManyFailedAttemptsException` once a confirmation code has been guessed at too often.
    static var tooManyFailedAttempts: CognitoError {
        CognitoError(code: "TooManyFailedAttemptsException", message: "Too many failed attempts.")
    }

    /// `CodeMismatchException` for a wrong confirmation code.
    static var codeMismatch: CognitoError {
        CognitoError(code: "CodeMismatchException", message: "Invalid verification code provided, please try again.")
    }

    /// `ExpiredCodeException` for a confirmation code past its 24 hours.
    static var expiredCode: CognitoError {
        CognitoError(code: "ExpiredCodeException", message: "Invalid code provided, please request a code again.")
    }

    /// `NotAuthorizedException` for a session that is unknown, spent or for someone else.
    static var invalidSession: CognitoError {
        .notAuthorized("Invalid session for the user.")
    }

    /// `NotAuthorizedException` for a session past its validity.
    static var expiredSession: CognitoError {
        .notAuthorized("Invalid session for the user, session is expired.")
    }

    /// `InvalidParameterException`: "Missing required parameter <NAME>".
    static func missingParameter(_ name: String) -> CognitoError {
        .invalidParameter("Missing required parameter \(name)")
    }

    /// `UnsupportedUserStateException` for a state change the user's status does not allow.
    static func unsupportedUserState(_ message: String) -> CognitoError {
        CognitoError(code: "UnsupportedUserStateException", message: message)
    }
}
