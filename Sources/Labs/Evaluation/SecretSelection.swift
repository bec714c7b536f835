/// Which checks select a secret as is, so that reports show that a value was there but not
/// the value: `jsonpath "$.UserPoolClient.ClientSecret"`, `header "X-Amz-Security-Token"`,
/// `variable "admin_password"`. Names and lengths count as secret as transcripts judge them
/// (``TranscriptRedaction``).
///
/// Only the selection itself is hidden: once filters derive something from it (a claim
/// decoded out of a token, a count), the derived value is shown, since that is what the lab
/// author chose to check.
enum SecretSelection {
    /// What the checked value is named, when it is a selection as is: the last member name of
    /// the query's JSONPath (or of a final `jsonpath` filter), a header's or a variable's name.
    enum Name {
        case field(String)
        case header(String)

        /// Whether the name alone says the value is a secret (lengths aside).
        var soundsSecret: Bool {
            switch self {
            case .field(let field): TranscriptRedaction.isSecret(field)
            case .header(let header): TranscriptRedaction.isSecretHeader(header)
            }
        }
    }

    /// The value's name when the check selects it as is: the last step of the chain names it.
    static func name(_ query: HurlQuery, _ filters: [HurlFilter]) -> Name? {
        guard let last = filters.last else { return selected(by: query) }
        return selected(by: last)
    }

    /// Whether the query or any `jsonpath` filter along the chain selects something named like
    /// a secret: an error anywhere after it may quote the secret.
    static func touchesSecret(_ query: HurlQuery, _ filters: [HurlFilter]) -> Bool {
        selected(by: query)?.soundsSecret == true || filters.contains { selected(by: $0)?.soundsSecret == true }
    }

    private static func selected(by query: HurlQuery) -> Name? {
        switch query {
        case .jsonpath(let path): path.lastMemberName.map(Name.field)
        case .header(let name): .header(name)
        case .variable(let name): .field(name)
        case .status, .body, .bytes, .regex, .duration, .sha256: nil
        }
    }

    /// A `jsonpath` filter selects by name; every other filter derives a new value.
    private static func selected(by filter: HurlFilter) -> Name? {
        guard case .jsonpath(let path) = filter else { return nil }
        return path.lastMemberName.map(Name.field)
    }

    /// How a failed check shows `value`, when it must not show it as is; nil when it may.
    static func masked(_ value: HurlValue, named name: Name?) -> String? {
        guard let name else { return nil }
        switch (name, value) {
        case (.header, .string):
            return name.soundsSecret ? "\(TranscriptRedaction.mask) (a string)" : nil
        case (.header, .list(let values)):
            return name.soundsSecret ? "\(TranscriptRedaction.mask) (a list of \(values.count))" : nil
        case (.field(let field), .string(let text)):
            return TranscriptRedaction.isSecretValue(named: field, length: text.count) ? "\(TranscriptRedaction.mask) (a string)" : nil
        case (.field(let field), .list(let elements)):
            let secret = elements.contains { element in
                if case .string(let text) = element { return TranscriptRedaction.isSecretValue(named: field, length: text.count) }
                return false
            }
            return secret ? "\(TranscriptRedaction.mask) (a list of \(elements.count))" : nil
        default:
            return nil
        }
    }

    /// A query or filter error about a secret, with the value it quotes masked: quoted text as
    /// long as a secret is (a path or a filter name the lab wrote stays readable).
    static func maskedError(_ message: String) -> String {
        func shown(_ text: String) -> String {
            text.count >= TranscriptRedaction.shortestSecret ? TranscriptRedaction.mask : text
        }
        var output = ""
        var quoted: String?
        var escaped = false
        for character in message {
            guard var text = quoted else {
                output.append(character)
                if character == "\"" { quoted = "" }
                continue
            }
            // A closing quote ends the text; so does `…`, where a value cut to a readable size
            // ends unquoted: `"abc… (90 characters)`.
            if !escaped && (character == "\"" || character == "…") {
                output += shown(text)
                output.append(character)
                quoted = nil
                continue
            }
            escaped = !escaped && character == "\\"
            text.append(character)
            quoted = text
        }
        if let text = quoted { output += shown(text) }
        return output
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
