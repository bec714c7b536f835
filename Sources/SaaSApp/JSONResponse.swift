import Core
import HTTP

extension HTTPResponse {
    /// A JSON answer of the app's services: `value` serialised, `Content-Type: application/json`.
    static func json(_ value: JSON, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status.code, headers: ["Content-Type": "application/json"], body: value.serializedBytes())
    }
}
