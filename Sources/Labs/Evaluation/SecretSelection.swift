/// Which checks select a secret as is, so that reports show that a value was there but not
/// the value: `jsonpath "$.UserPoolClient.ClientSecret"`, `header "X-Amz-Security-Token"`,
/// `variable "admin_password"`. Names count as secret as transcripts judge them
/// (``TranscriptRedaction``).
///
/// Only the selection itself is hidden: once filters derive something from it (a claim
/// decoded out of a token, a count), the derived value is shown, since that is what the lab
/// author chose to check.
enum SecretSelection {
    static func hides(_ query: HurlQuery, _ filters: [HurlFilter]) -> Bool {
        if let last = filters.last {
            guard case .jsonpath(let path) = last else { return false }
            return path.lastMemberName.map(TranscriptRedaction.isSecret) ?? false
        }
        switch query {
        case .jsonpath(let path): return path.lastMemberName.map(TranscriptRedaction.isSecret) ?? false
        case .header(let name): return TranscriptRedaction.isSecretHeader(name)
        case .variable(let name): return TranscriptRedaction.isSecret(name)
        case .status, .body, .bytes, .regex, .duration, .sha256: return false
        }
    }
}

extension JSONPath {
    /// The last member name the path selects by name (`ClientSecret` in
    /// `$.UserPoolClient.ClientSecret`, `items` in `$.items[0]`), if any.
    var lastMemberName: String? {
        for segment in segments.reversed() {
            for selector in segment.selectors.reversed() {
                if case .name(let name) = selector { return name }
            }
        }
        return nil
    }
}
