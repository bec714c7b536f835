/// An error from the user-pool or identity-pool engine, named as Cognito names it
/// (`NotAuthorizedException`, `ResourceNotFoundException`, ...). The Cloud adapter renders it
/// as a JSON 1.1 error with a bare `__type`.
public struct CognitoError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let status: Int

    public init(code: String, message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { "\(code): \(message)" }

    public static func notAuthorized(_ message: String) -> CognitoError {
        CognitoError(code: "NotAuthorizedException", message: message)
    }

    public static func resourceNotFound(_ message: String) -> CognitoError {
        CognitoError(code: "ResourceNotFoundException", message: message)
    }

    public static func invalidParameter(_ message: String) -> CognitoError {
        CognitoError(code: "InvalidParameterException", message: message)
    }
}
