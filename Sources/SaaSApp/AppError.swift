import Foundation
import Core
import HTTP

/// An error the app answers with: a status, a machine-readable name and a message for people,
/// rendered through ``HTTPError``, the one error body, as
/// `{"error": ..., "message": ..., "explanation": ...}`. A type of its own so that the app's
/// code keeps typed throws.
///
/// The platform's errors keep their AWS names, so a participant sees exactly what the data
/// store or the identity provider said: a refusal by IAM is 403 `AccessDeniedException` with
/// the platform's explanation of which policy condition failed; a missing resource is 404; a
/// conflict is 409; other platform errors are the caller's mistake, 400. A wrong password at
/// sign-in is 401. Nothing a user can send makes the app answer 500.
public struct AppError: HTTPResponseError, Equatable, CustomStringConvertible, Sendable {
    public var status: HTTPStatus
    public var code: String
    public var message: String
    /// Why the platform refused, when it said (the policy evaluation's summary).
    public var explanation: String?

    public init(status: HTTPStatus, code: String, message: String, explanation: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.explanation = explanation
    }

    /// The error as the one error body renders it; a 401 challenges for the bearer token.
    public var httpError: HTTPError {
        HTTPError(
            status: status, code: code, message: message,
            details: explanation.map { ["explanation": .string($0)] } ?? [:],
            headers: status == .unauthorized ? ["WWW-Authenticate": "Bearer"] : HTTPHeaders()
        )
    }

    public var response: HTTPResponse { httpError.response }

    public var description: String { "\(status.code) \(code): \(message)" }

    // MARK: - The app's own refusals

    static func badRequest(_ message: String) -> AppError { AppError(status: .badRequest, code: "BadRequest", message: message) }
    static func unauthorized(_ message: String) -> AppError { AppError(status: .unauthorized, code: "Unauthorized", message: message) }
    static func forbidden(_ message: String) -> AppError { AppError(status: .forbidden, code: "Forbidden", message: message) }
    static func notFound(_ message: String) -> AppError { AppError(status: .notFound, code: "NotFound", message: message) }
    static func conflict(_ message: String) -> AppError { AppError(status: .conflict, code: "Conflict", message: message) }
    /// The platform could not be reached or answered nonsense: not the caller's fault.
    static func platformUnavailable(_ message: String) -> AppError {
        AppError(status: .badGateway, code: "PlatformUnavailable", message: message)
    }

    // MARK: - The platform's refusals

    /// A platform error by its AWS name, with the status the app answers it with.
    static func platform(code: String, message: String, operation: String) -> AppError {
        // The platform appends its policy explanation to AWS's sentence after ". saaslab: ".
        var message = message
        var explanation: String?
        if let range = message.range(of: ". saaslab: ") {
            explanation = String(message[range.upperBound...])
            message = String(message[..<range.lowerBound])
        }
        return AppError(status: status(forPlatformCode: code), code: code, message: message, explanation: explanation)
    }

    /// A JSON-protocol error body: `__type` (possibly namespaced) and `message` or `Message`;
    /// `status` is the platform's, as it arrived.
    init(platformJSON body: JSON, status: Int, operation: String) {
        let type = body["__type"]?.stringValue ?? "HTTP\(status)"
        let code = type.split(separator: "#").last.map(String.init) ?? type
        let message = body["message"]?.stringValue ?? body["Message"]?.stringValue ?? "\(operation) failed with HTTP \(status)"
        if status >= 500 {
            self = .platformUnavailable("\(operation) failed on the platform: \(code): \(message)")
        } else {
            self = .platform(code: code, message: message, operation: operation)
        }
    }

    static func status(forPlatformCode code: String) -> HTTPStatus {
        switch code {
        // A refusal of an authenticated request; sign-in turns a wrong password into 401 itself.
        case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "NotAuthorizedException": .forbidden
        case "ResourceNotFoundException", "UserNotFoundException", "NoSuchEntity": .notFound
        case "UsernameExistsException", "ResourceInUseException", "ConditionalCheckFailedException",
             "EntityAlreadyExists", "DeleteConflict", "TransactionCanceledException", "AliasExistsException": .conflict
        case "InternalServerError", "InternalFailure", "ServiceUnavailable", "ThrottlingException": .badGateway
        default: .badRequest
        }
    }
}
