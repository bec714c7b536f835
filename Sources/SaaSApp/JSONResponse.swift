import Core
import HTTP

extension HTTPResponse {
    /// A JSON answer of the app's services: `value` serialised, `Content-Type: application/json`.
    static func json(_ value: JSON, status: Int = 200) -> HTTPResponse {
        .json(text: value.serialized(), status: status)
    }
}
