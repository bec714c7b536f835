import Core

extension Suggestion {
    /// The closest policy element or operator name (see Core's ``Suggestion``).
    static func closest(to word: String, in candidates: [String]) -> String? {
        closest(to: word, among: candidates)
    }

    /// `; did you mean "X"?` or "", quoted as policy messages quote names.
    static func hint(for word: String, in candidates: [String]) -> String {
        guard let candidate = closest(to: word, among: candidates) else { return "" }
        return "; did you mean \(quoted(candidate))?"
    }
}
