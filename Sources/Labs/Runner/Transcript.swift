import HTTP

/// The request and response of a failing entry as text, bodies cut to a readable size, so a
/// failure shows what was actually exchanged next to the assert that did not hold. Secrets
/// are masked first (``TranscriptRedaction``).
enum Transcript {
    /// Bodies longer than this many characters are cut: enough for an IAM explanation or a
    /// DescribeUserPool answer whole, which is where the reason for a failure usually is.
    static let bodyLimit = 2000

    static func render(_ request: HTTPRequest, _ response: HTTPResponse?) -> String {
        var lines = ["> \(request.method) \(request.target)"]
        lines += request.headers.map { "> \($0.name): \(TranscriptRedaction.headerValue($0))" }
        if !request.body.isEmpty { lines += [">", cut(TranscriptRedaction.body(request.bodyText)).map { "> " + $0 }.joined(separator: "\n")] }
        guard let response else { return lines.joined(separator: "\n") + "\n< (no response)" }
        lines.append("< HTTP \(response.status) \(HTTPResponse.reasonPhrase(response.status))")
        lines += response.headers.map { "< \($0.name): \(TranscriptRedaction.headerValue($0))" }
        if !response.body.isEmpty { lines += ["<", cut(TranscriptRedaction.body(response.bodyText)).map { "< " + $0 }.joined(separator: "\n")] }
        return lines.joined(separator: "\n")
    }

    private static func cut(_ text: String) -> [String] {
        let body = text.count > bodyLimit ? String(text.prefix(bodyLimit)) + "… (\(text.count) characters)" : text
        return body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
