import Core

extension ExchangeSnapshot {
    /// What an error response says, for failures that would otherwise read as data: `an
    /// AccessDeniedException error (HTTP 403): User: … is not authorized …`. Nil unless the
    /// status is 400 or more and the body is a JSON object naming an error, as the app
    /// (`error`, `message`) and the AWS JSON protocols (`__type`, `message` or `Message`) do.
    public var errorSummary: String? {
        guard status >= 400, body.count <= 1 << 20, case .object(let object)? = try? JSON.parse(bytes: body) else { return nil }
        let named = object["error"]?.stringValue ?? object["__type"]?.stringValue ?? object["code"]?.stringValue
        guard var code = named, !code.isEmpty else { return nil }
        // `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` names its error last.
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        // "an AccessDenied…", "an Unrecognized…", but "a UsernameExists…".
        let article = code.first.map { "AEIO".contains($0) } == true || code.hasPrefix("Un") ? "an" : "a"
        var summary = "\(article) \(code) error (HTTP \(status))"
        if let message = object["message"]?.stringValue ?? object["Message"]?.stringValue, !message.isEmpty {
            summary += ": " + (message.count > 300 ? String(message.prefix(300)) + "…" : message)
        }
        return summary
    }
}
