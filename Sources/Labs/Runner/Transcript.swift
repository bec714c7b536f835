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
        if !request.body.isEmpty { lines += [">", shown(request.bodyText).map { "> " + $0 }.joined(separator: "\n")] }
        guard let response else { return lines.joined(separator: "\n") + "\n< (no response)" }
        lines.append("< HTTP \(response.status) \(HTTPStatus(response.status).reasonPhrase)")
        lines += response.headers.map { "< \($0.name): \(TranscriptRedaction.headerValue($0))" }
        if !response.body.isEmpty { lines += ["<", shown(response.bodyText).map { "< " + $0 }.joined(separator: "\n")] }
        return lines.joined(separator: "\n")
    }

    /// A body as shown: secrets masked, then cut. Only the part that can be shown is masked
    /// (with room for a secret the cut would split), so a big body costs no more than a small one.
    private static func shown(_ text: String) -> [String] {
        let count = text.count
        let slack = 512
        let masked = TranscriptRedaction.body(count > bodyLimit + slack ? String(text.prefix(bodyLimit + slack)) : text)
        let body = count > bodyLimit ? String(masked.prefix(bodyLimit)) + "… (\(count) characters)" : masked
        return body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
