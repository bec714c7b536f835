/// Regular expressions for the `matches` predicate and the `regex` query, using the
/// standard library's `Regex` (Perl-style syntax; `(?i)` and friends work).
///
/// Patterns arrive as text from lab files, so they are compiled at evaluation time; the
/// lab-file parser can call ``problem(with:)`` to reject a bad pattern up front.
public enum HurlRegex {
    /// The outcome of searching a text.
    public enum Search: Sendable, Hashable {
        /// The pattern does not compile; the message says why.
        case invalid(String)
        case noMatch
        /// The first capture group's text when the pattern has a group that took part in
        /// the match, otherwise the whole match.
        case match(String)
    }

    /// Why `pattern` is not a valid regular expression, or nil when it is.
    public static func problem(with pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return message(for: pattern, error)
        }
    }

    /// Searches `text` for the first match of `pattern` (anywhere, not anchored).
    public static func search(_ pattern: String, in text: String) -> Search {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern)
        } catch {
            return .invalid(message(for: pattern, error))
        }
        guard let match = text.firstMatch(of: regex) else { return .noMatch }
        if match.output.count > 1, let group = match.output[1].substring {
            return .match(String(group))
        }
        return .match(String(match.output[0].substring ?? ""))
    }

    private static func message(for pattern: String, _ error: any Error) -> String {
        "invalid regular expression \"\(pattern)\": \(error)"
    }
}
