/// "Did you mean ...?" for misspelt names: commands and options, policy elements, condition
/// operators. One rule everywhere, so every refusal in saaslab suggests alike.
public enum Suggestion {
    /// The candidate closest to `word`, when it is close enough to be a plausible typo.
    ///
    /// A case-insensitive exact match wins outright (`stringequals` → `StringEquals`);
    /// otherwise the smallest edit distance, allowing two edits or one per four characters,
    /// whichever is more, so that `StringEqual` finds `StringEquals` but `Foo` finds nothing.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lowered }) {
            return exact
        }
        let limit = max(2, word.count / 4)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Levenshtein distance over characters, two rows at a time.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
