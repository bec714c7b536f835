/// A `*`/`?` pattern compiled once and matched against UTF-8 text.
///
/// `*` matches any run of characters (possibly empty) and `?` exactly one character
/// (one Unicode scalar). Matching is case-sensitive and byte-exact: callers that need
/// case-insensitivity (actions) lowercase both sides first.
///
/// ARNs add one twist. In a `Resource` element AWS keeps a wildcard inside its ARN segment
/// (the colon-separated parts before the resource part), except that a `*` ending a
/// segment may run on past colons; the `ArnLike` operator keeps every wildcard of the first
/// five segments inside its segment. ``Mode`` selects which rule applies, and wildcards so
/// confined are compiled as "segment" wildcards that refuse to match a colon.
///
/// A match costs at most O(pattern × text) steps whatever the pattern, so no policy a
/// participant writes can make evaluation slow: exact, `*` and prefix patterns compare
/// bytes; other patterns without segment wildcards use a single-backtrack glob; the rest
/// run as an automaton over every position the pattern could be at.
final class Wildcard: Sendable {
    /// How wildcards relate to ARN segments.
    enum Mode: Sendable {
        /// Plain text: wildcards match anything (actions, `StringLike`).
        case plain
        /// A `Resource` element: wildcards stay inside the first five segments unless a `*`
        /// ends its segment.
        case resourceElement
        /// An `ArnLike` value: wildcards stay inside each of the first five segments.
        case arnCondition
    }

    /// The pattern, one code per element: 0...255 a literal byte, or one of the wildcards.
    private let codes: [UInt16]
    private let shape: Shape
    /// For `.exact`, the whole text; for `.prefix`, the text before the final `*`.
    private let literal: String
    private let hasSegmentWildcards: Bool

    private static let star: UInt16 = 256
    private static let one: UInt16 = 257
    private static let segmentStar: UInt16 = 258
    private static let segmentOne: UInt16 = 259
    private static let colon = UInt8(ascii: ":")

    /// Shapes that need no general matching. A class with a payload-free enum, so that
    /// matching reads fields in place instead of copying (and retaining) a payload.
    private enum Shape: Sendable {
        case exact
        case everything
        case prefix
        case general
    }

    /// Compiles `pattern`, where `*` and `?` are wildcards.
    convenience init(_ pattern: String, mode: Mode = .plain) {
        var builder = Builder()
        builder.appendPattern(pattern)
        self.init(builder, mode: mode)
    }

    /// Compiles pieces built by a ``Builder`` (patterns with literal insertions).
    init(_ builder: Builder, mode: Mode) {
        var codes = builder.codes
        var segmentWildcards = false
        if mode != .plain {
            // Count colons to know which wildcards sit in the first five segments.
            var colons = 0
            for index in codes.indices {
                let code = codes[index]
                if code == UInt16(Self.colon) {
                    colons += 1
                } else if colons < 5, code == Self.star || code == Self.one {
                    let endsSegment = index + 1 == codes.count || codes[index + 1] == UInt16(Self.colon)
                    if mode == .resourceElement, code == Self.star, endsSegment { continue }
                    codes[index] = code == Self.star ? Self.segmentStar : Self.segmentOne
                    segmentWildcards = true
                }
            }
        }
        self.codes = codes
        self.hasSegmentWildcards = segmentWildcards
        (shape, literal) = Self.shape(of: codes)
    }

    private static func shape(of codes: [UInt16]) -> (Shape, String) {
        if codes == [star] { return (.everything, "") }
        let firstWildcard = codes.firstIndex { $0 > 255 }
        guard let firstWildcard else {
            return (.exact, String(decoding: codes.map { UInt8($0) }, as: UTF8.self))
        }
        if firstWildcard == codes.count - 1, codes[firstWildcard] == star {
            return (.prefix, String(decoding: codes.dropLast().map { UInt8($0) }, as: UTF8.self))
        }
        return (.general, "")
    }

    /// Whether `subject` matches the whole pattern.
    func matches(_ subject: String) -> Bool {
        switch shape {
        case .everything:
            return true
        case .exact:
            return TextComparison.equal(subject, literal)
        case .prefix:
            return TextComparison.hasPrefix(subject, literal)
        case .general:
            if let result = subject.utf8.withContiguousStorageIfAvailable({ matchGeneral($0) }) {
                return result
            }
            return Array(subject.utf8).withUnsafeBufferPointer { matchGeneral($0) }
        }
    }

    private func matchGeneral(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        codes.withUnsafeBufferPointer { pattern in
            hasSegmentWildcards
                ? Self.matchAutomaton(pattern, subject)
                : Self.matchLinear(pattern, subject)
        }
    }

    /// The classic single-backtrack glob match: on a mismatch, let the last `*` swallow one
    /// more character. Correct when every `*` may match anything, and O(pattern × text):
    /// each backtrack moves the last star's start one scalar on, and between two backtracks
    /// the pattern position only advances.
    private static func matchLinear(_ pattern: UnsafeBufferPointer<UInt16>, _ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0, s = 0
        var starP = -1, starS = 0
        while s < subject.count {
            if p < pattern.count, pattern[p] == one {
                s = nextScalar(subject, s)
                p += 1
            } else if p < pattern.count, pattern[p] == star {
                starP = p
                starS = s
                p += 1
            } else if p < pattern.count, pattern[p] == UInt16(subject[s]) {
                p += 1
                s += 1
            } else if starP >= 0 {
                starS = nextScalar(subject, starS)
                s = starS
                p = starP + 1
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }

    /// Matches patterns with segment wildcards (which never match a colon), where letting
    /// only the last star backtrack is wrong: a segment star cannot swallow what a later
    /// free star could. The pattern runs as a nondeterministic automaton instead, every
    /// position it could be at held in a bit set and advanced one scalar of the subject at a
    /// time, so the cost is O(pattern × text) whatever the pattern; backtracking was
    /// exponential in the number of stars.
    ///
    /// State `p` means "the first `p` codes are matched"; `pattern.count` accepts. A star
    /// state also stands for the state after it (the star matching nothing), which
    /// ``activate(_:_:_:)`` adds.
    private static func matchAutomaton(_ pattern: UnsafeBufferPointer<UInt16>, _ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        let words = (pattern.count + 1 + 63) / 64
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * words) { storage in
            var current = UnsafeMutableBufferPointer(rebasing: storage[0..<words])
            var next = UnsafeMutableBufferPointer(rebasing: storage[words...])
            current.update(repeating: 0)
            activate(0, current, pattern)
            var s = 0
            while s < subject.count {
                let end = nextScalar(subject, s)
                let isColon = subject[s] == colon
                next.update(repeating: 0)
                var alive = false
                for word in 0..<words {
                    var bits = current[word]
                    while bits != 0 {
                        let p = word &* 64 &+ bits.trailingZeroBitCount
                        bits &= bits &- 1
                        guard p < pattern.count else { continue }
                        let target: Int
                        switch pattern[p] {
                        case star: target = p
                        case segmentStar where !isColon: target = p
                        case one: target = p + 1
                        case segmentOne where !isColon: target = p + 1
                        case segmentStar, segmentOne: continue
                        default:
                            // A literal scalar: its bytes, all of them, in order.
                            let length = end - s
                            guard p + length <= pattern.count else { continue }
                            var equal = true
                            for offset in 0..<length where pattern[p + offset] != UInt16(subject[s + offset]) {
                                equal = false
                                break
                            }
                            guard equal else { continue }
                            target = p + length
                        }
                        activate(target, next, pattern)
                        alive = true
                    }
                }
                guard alive else { return false }
                swap(&current, &next)
                s = end
            }
            return current[pattern.count >> 6] & (1 << UInt64(pattern.count & 63)) != 0
        }
    }

    /// Adds `state` and, through any stars from there on (each may match nothing), the
    /// states after them. Stops at a state already present: its followers are too.
    @inline(__always)
    private static func activate(_ state: Int, _ set: UnsafeMutableBufferPointer<UInt64>, _ pattern: UnsafeBufferPointer<UInt16>) {
        var p = state
        while true {
            let bit: UInt64 = 1 << UInt64(p & 63)
            if set[p >> 6] & bit != 0 { return }
            set[p >> 6] |= bit
            guard p < pattern.count, pattern[p] == star || pattern[p] == segmentStar else { return }
            p += 1
        }
    }

    /// The index after the scalar that starts at `index`.
    @inline(__always)
    private static func nextScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        var next = index + 1
        while next < bytes.count, bytes[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }

    /// Assembles a pattern from policy text (wildcards active) and literal insertions
    /// (resolved variables and the `${*}` escapes, whose characters are never wildcards).
    struct Builder: Sendable {
        fileprivate var codes: [UInt16] = []

        init() {}

        /// Appends policy text in which `*` and `?` are wildcards.
        mutating func appendPattern(_ text: String) {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "*"): codes.append(Wildcard.star)
                case UInt8(ascii: "?"): codes.append(Wildcard.one)
                default: codes.append(UInt16(byte))
                }
            }
        }

        /// Appends text matched literally, wildcard characters included.
        mutating func appendLiteral(_ text: String) {
            for byte in text.utf8 { codes.append(UInt16(byte)) }
        }
    }
}
