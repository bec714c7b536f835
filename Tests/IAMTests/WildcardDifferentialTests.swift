import Core
@testable import IAM
import Testing

/// The wildcard matcher against a plain memoised reference, over many generated small
/// patterns and subjects in every mode, colons and multi-byte characters included.
@Suite struct WildcardDifferentialTests {
    /// One pattern element: a wildcard (`*`, `?`) or a literal scalar, which may itself be
    /// `*` or `?` inserted literally (as a resolved variable would be).
    struct Element: CustomStringConvertible {
        let scalar: Unicode.Scalar
        let isWildcard: Bool

        var description: String { isWildcard ? "\(scalar)" : "'\(scalar)'" }
    }

    /// The rule stated on its own: in the first five segments a wildcard stays inside its
    /// segment, except (in a Resource element) a `*` that ends the segment.
    static func confined(_ pattern: [Element], _ index: Int, _ mode: Wildcard.Mode) -> Bool {
        guard mode != .plain else { return false }
        let colons = pattern[..<index].filter { !$0.isWildcard && $0.scalar == ":" }.count
        guard colons < 5 else { return false }
        let endsSegment = index + 1 == pattern.count || (!pattern[index + 1].isWildcard && pattern[index + 1].scalar == ":")
        return !(mode == .resourceElement && pattern[index].scalar == "*" && endsSegment)
    }

    /// Whether `subject` matches, by dynamic programming over (pattern, subject) positions.
    static func reference(_ pattern: [Element], _ subject: [Unicode.Scalar], _ mode: Wildcard.Mode) -> Bool {
        var memo: [Int: Bool] = [:]
        func match(_ p: Int, _ s: Int) -> Bool {
            let key = p * (subject.count + 1) + s
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count {
                result = s == subject.count
            } else if pattern[p].isWildcard {
                let canTake = s < subject.count && !(confined(pattern, p, mode) && subject[s] == ":")
                result = pattern[p].scalar == "*"
                    ? match(p + 1, s) || (canTake && match(p, s + 1))
                    : canTake && match(p + 1, s + 1)
            } else {
                result = s < subject.count && subject[s] == pattern[p].scalar && match(p + 1, s + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    static func compile(_ pattern: [Element], _ mode: Wildcard.Mode) -> Wildcard {
        var builder = Wildcard.Builder()
        for element in pattern {
            if element.isWildcard || (element.scalar != "*" && element.scalar != "?") {
                builder.appendPattern(String(element.scalar))
            } else {
                builder.appendLiteral(String(element.scalar))
            }
        }
        return Wildcard(builder, mode: mode)
    }

    static let letters: [Unicode.Scalar] = ["a", "b", ":", ":", ":", "é", "€", "😀", "*", "?"]

    @Test("generated patterns agree with the reference", arguments: [Wildcard.Mode.plain, .resourceElement, .arnCondition])
    func differential(_ mode: Wildcard.Mode) {
        let random = SeededRandomSource(seed: 2024)
        var mismatches: [String] = []
        for _ in 0..<4000 {
            let subject = (0..<random.int(in: 0..<12)).map { _ in random.element(of: Self.letters) }
            var pattern: [Element]
            if random.int(in: 0..<2) == 0, !subject.isEmpty {
                // From the subject, some scalars (or runs) turned into wildcards: many matches.
                pattern = []
                var index = 0
                while index < subject.count {
                    switch random.int(in: 0..<6) {
                    case 0:
                        pattern.append(Element(scalar: "*", isWildcard: true))
                        index += random.int(in: 0..<3)
                    case 1:
                        pattern.append(Element(scalar: "?", isWildcard: true))
                        index += 1
                    default:
                        pattern.append(Element(scalar: subject[index], isWildcard: false))
                        index += 1
                    }
                }
            } else {
                pattern = (0..<random.int(in: 0..<10)).map { _ in
                    random.int(in: 0..<3) == 0
                        ? Element(scalar: random.element(of: ["*", "?"]), isWildcard: true)
                        : Element(scalar: random.element(of: Self.letters), isWildcard: false)
                }
            }
            let text = String(String.UnicodeScalarView(subject))
            let expected = Self.reference(pattern, subject, mode)
            if Self.compile(pattern, mode).matches(text) != expected {
                mismatches.append("\(pattern) against \(text): expected \(expected)")
            }
        }
        let firstMismatches = Array(mismatches.prefix(5))
        #expect(firstMismatches.isEmpty, "\(mismatches.count) of 4000 disagree")
    }
}
