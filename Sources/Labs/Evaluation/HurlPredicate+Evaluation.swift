import Core

extension HurlPredicate {
    /// Checks `actual` against this predicate.
    ///
    /// Typed as Hurl: `"1" == 1` is false, `1 == 1.0` is true, strings order by Unicode
    /// scalars. A predicate that does not apply to the actual type (ordering a boolean,
    /// `startsWith` on an integer) is a *type mismatch* and fails even when negated, as
    /// does anything but `exists` on `none`: a missing value satisfies only `not exists`.
    /// Equality never mismatches: different types are simply unequal, so `!= "1"` holds
    /// for the integer `1`.
    public func evaluate(_ actual: HurlValue) -> PredicateOutcome {
        let expected = description
        let shown = actual.displayed()
        switch function.check(actual) {
        case .holds(let holds):
            return PredicateOutcome(passed: holds != negated, expected: expected, actual: shown)
        case .mismatch(let why):
            return PredicateOutcome(passed: false, expected: expected, actual: shown, typeMismatch: why)
        }
    }
}

/// A function's verdict before negation.
enum PredicateCheck: Equatable {
    case holds(Bool)
    case mismatch(String)
}

extension HurlPredicate.Function {
    /// The verb as written, for mismatch messages.
    private var name: String {
        String(description.prefix { $0 != " " })
    }

    func check(_ actual: HurlValue) -> PredicateCheck {
        if case .exists = self { return .holds(actual != .none) }
        if actual == .none { return .mismatch("the query matched nothing") }
        switch self {
        case .equal(let value): return .holds(HurlValue.areEqual(actual, value))
        case .notEqual(let value): return .holds(!HurlValue.areEqual(actual, value))
        case .greater(let value): return order(actual, value) { $0 == .greater }
        case .greaterOrEqual(let value): return order(actual, value) { $0 != .less }
        case .less(let value): return order(actual, value) { $0 == .less }
        case .lessOrEqual(let value): return order(actual, value) { $0 != .greater }
        case .startsWith(let value): return affix(actual, value, prefix: true)
        case .endsWith(let value): return affix(actual, value, prefix: false)
        case .contains(let value): return contains(actual, value)
        case .includes(let value):
            guard case .list(let elements) = actual else { return mismatch("lists", actual) }
            return .holds(elements.contains { HurlValue.areEqual($0, value) })
        case .matches(let pattern):
            guard case .string(let text) = actual else { return mismatch("strings", actual) }
            switch HurlRegex.search(pattern, in: text) {
            case .invalid(let problem): return .mismatch(problem)
            case .noMatch: return .holds(false)
            case .match: return .holds(true)
            }
        case .exists: return .holds(true)
        case .isEmpty:
            switch actual {
            case .string(let text): return .holds(text.isEmpty)
            case .list(let elements): return .holds(elements.isEmpty)
            case .object(let object): return .holds(object.isEmpty)
            case .bytes(let bytes): return .holds(bytes.isEmpty)
            default: return mismatch("strings and collections", actual)
            }
        case .isString: return .holds(actual.typeName == "string")
        case .isInteger: return .holds(actual.typeName == "integer")
        case .isFloat: return .holds(actual.typeName == "float")
        case .isBoolean: return .holds(actual.typeName == "boolean")
        case .isCollection:
            switch actual {
            case .list, .object, .bytes: return .holds(true)
            default: return .holds(false)
            }
        }
    }

    private func mismatch(_ applies: String, _ actual: HurlValue) -> PredicateCheck {
        .mismatch("type mismatch: \(name) applies to \(applies), not to \(actual.typeName == "integer" ? "an" : "a") \(actual.typeName)")
    }

    private func order(
        _ actual: HurlValue, _ expected: HurlValue, _ accept: (NumericOrder.Result) -> Bool
    ) -> PredicateCheck {
        switch (actual, expected) {
        case (.integer(let a), .integer(let b)), (.integer(let a), .float(let b)),
             (.float(let a), .integer(let b)), (.float(let a), .float(let b)):
            return .holds(accept(NumericOrder.compare(a, b)))
        case (.string(let a), .string(let b)):
            let result: NumericOrder.Result = a == b ? .equal
                : a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? .less : .greater
            return .holds(accept(result))
        case (.integer, _), (.float, _), (.string, _):
            return .mismatch("type mismatch: cannot order \(actual.typeName == "integer" ? "an" : "a") \(actual.typeName) against \(expected.literal) (\(expected.typeName))")
        default:
            return mismatch("numbers and strings", actual)
        }
    }

    private func affix(_ actual: HurlValue, _ expected: HurlValue, prefix: Bool) -> PredicateCheck {
        switch (actual, expected) {
        case (.string(let text), .string(let part)):
            return .holds(prefix ? text.hasPrefix(part) : text.hasSuffix(part))
        case (.bytes(let bytes), .bytes(let part)):
            return .holds(prefix ? bytes.starts(with: part) : bytes.reversed().starts(with: part.reversed()))
        default:
            return mismatch(expected.typeName == "bytes" ? "bytes" : "strings", actual)
        }
    }

    private func contains(_ actual: HurlValue, _ expected: HurlValue) -> PredicateCheck {
        switch (actual, expected) {
        case (.string(let text), .string(let part)):
            return .holds(part.isEmpty || text.contains(part))
        case (.bytes(let bytes), .bytes(let part)):
            return .holds(part.isEmpty || bytes.indices.contains { bytes[$0...].starts(with: part) })
        case (.list(let elements), _):
            return .holds(elements.contains { HurlValue.areEqual($0, expected) })
        default:
            return mismatch("strings, bytes and lists", actual)
        }
    }
}

extension HurlValue {
    /// Hurl's typed equality: numbers compare numerically across integer and float,
    /// lists element by element, objects member by member (in any order). Bytes equal a
    /// string holding their hex (either case), so `sha256 == "e3b0..."` reads naturally.
    public static func areEqual(_ a: HurlValue, _ b: HurlValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)), (.integer(let x), .float(let y)),
             (.float(let x), .integer(let y)), (.float(let x), .float(let y)):
            return NumericOrder.compare(x, y) == .equal
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { areEqual($0, $1) }
        case (.bytes(let bytes), .string(let hex)), (.string(let hex), .bytes(let bytes)):
            return Hex.decode(hex) == bytes
        default:
            return a == b
        }
    }
}

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
