import Core
import HTTP

/// A request's JSON object body, with errors that say which field is wrong and what to send.
struct RequestBody: Sendable {
    let fields: JSONObject

    init(_ request: HTTPRequest) throws(AppError) {
        guard !request.body.isEmpty else {
            throw AppError.badRequest("\(request.method) \(request.path) needs a JSON object body")
        }
        let value: JSON
        do {
            value = try JSON.parse(bytes: request.body)
        } catch {
            throw AppError.badRequest("the body of \(request.method) \(request.path) is not valid JSON: line \(error.line), column \(error.column): \(error.message)")
        }
        guard let object = value.objectValue else {
            throw AppError.badRequest("the body of \(request.method) \(request.path) must be a JSON object, not \(value.typeName)")
        }
        fields = object
    }

    /// A required, non-empty string field.
    func string(_ name: String) throws(AppError) -> String {
        guard let value = fields[name] else { throw AppError.badRequest("the body needs \"\(name)\"") }
        guard let text = value.stringValue, !text.isEmpty else {
            throw AppError.badRequest("\"\(name)\" must be a non-empty string, not \(value)")
        }
        return text
    }

    /// An optional string field; absent, null and "" are all nil.
    func optionalString(_ name: String) throws(AppError) -> String? {
        guard let value = fields[name], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw AppError.badRequest("\"\(name)\" must be a string, not \(value)") }
        return text.isEmpty ? nil : text
    }
}
