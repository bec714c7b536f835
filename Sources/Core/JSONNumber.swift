/// A JSON number kept as the exact decimal text it was written with.
///
/// DynamoDB numbers carry up to 38 significant digits and policy documents must come back
/// byte for byte, so the text is never squeezed through `Double`: `1.50`, `1e3` and
/// `12345678901234567890123456789012345678` are stored and serialised exactly as written.
///
/// Equality and hashing are *numeric*: `1.50 == 1.5 == 15e-1` and `0 == -0`, because JSON
/// (like DynamoDB) gives them the same value. Compare ``text`` to tell spellings apart.
/// Exponents beyond ±10^15 are compared by text only (they name no number anyone uses).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// The number exactly as written, always valid RFC 8259 number syntax.
    public let text: String

    /// The number `text` spells, or nil when `text` is not exactly one RFC 8259 number
    /// (no spaces, no `+` sign, no leading zeros, no `NaN`, no hex).
    public init?(_ text: String) {
        var copy = text
        let valid = copy.withUTF8 { buffer in
            if case .number(let end) = JSONNumber.scan(buffer, from: 0) { end == buffer.count } else { false }
        }
        guard valid else { return nil }
        self.text = text
    }

    /// Wraps text the parser has already checked.
    init(unchecked text: String) {
        self.text = text
    }

    /// The integer in plain decimal, e.g. `-42`.
    public init(_ value: some BinaryInteger) {
        text = String(value)
    }

    /// A deterministic spelling of `value`, or nil for infinities and NaN (JSON has none).
    ///
    /// Integral values below 2^53 in magnitude are written as integers (`3.0` → `3`,
    /// `-0.0` → `0`); everything else uses Swift's shortest round-tripping form
    /// (`0.1`, `1.5`, `1e-07`, `1e+16`), which is always valid JSON.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            text = String(Int64(value))
        } else {
            text = value.description
        }
    }

    public init(integerLiteral value: Int) {
        self.init(value)
    }

    /// A float literal goes through `Double`, so `1.50` becomes `1.5`; use `init?(_: String)`
    /// to keep a spelling.
    public init(floatLiteral value: Double) {
        // Literals are always finite.
        text = JSONNumber(value)?.text ?? "0"
    }

    public var description: String { text }

    /// The value as an `Int` when it is a whole number that fits: `42`, `4.20e1` and `1e3`
    /// all qualify; `1.5` and `1e30` do not.
    public var intValue: Int? {
        let negative: Bool, digits: [UInt8], exponent: Int
        switch canonical {
        case .zero: return 0
        case .text: return nil
        case .finite(let sign, let significant, let scale): (negative, digits, exponent) = (sign, significant, scale)
        }
        // digits has no trailing zeros, so a negative exponent means a fraction.
        guard exponent >= 0, digits.count + exponent <= 19 else { return nil }
        var result = 0
        for digit in digits + Array(repeating: 0, count: exponent) {
            let (shifted, overflow1) = result.multipliedReportingOverflow(by: 10)
            // Accumulate towards the sign so that Int.min is reachable.
            let (next, overflow2) = negative
                ? shifted.subtractingReportingOverflow(Int(digit))
                : shifted.addingReportingOverflow(Int(digit))
            guard !overflow1, !overflow2 else { return nil }
            result = next
        }
        return result
    }

    /// The nearest `Double`, or nil when the magnitude is beyond `Double`'s range
    /// (e.g. `1e400`). Precision beyond 17 significant digits is lost.
    public var doubleValue: Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// True when written without a fraction or exponent (`42`, `-7`), whatever its value.
    public var isIntegerText: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.text == rhs.text || lhs.canonical == rhs.canonical
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonical)
    }

    /// The value normalised so that equal numbers look alike: significant digits without
    /// leading or trailing zeros, and the power of ten that scales them to an integer.
    enum Canonical: Hashable {
        case zero
        case finite(negative: Bool, digits: [UInt8], exponent: Int)
        case text(String)
    }

    var canonical: Canonical {
        var negative = false
        var digits: [UInt8] = []
        var fractionCount = 0
        var exponent = 0
        var exponentNegative = false
        var inFraction = false
        var inExponent = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                if inExponent { exponentNegative = true } else { negative = true }
            case UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."):
                inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            default:
                let digit = byte &- UInt8(ascii: "0")
                if inExponent {
                    // Past 10^15 the arithmetic below could overflow; fall back to text.
                    guard exponent < 1_000_000_000_000_000 else { return .text(text) }
                    exponent = exponent * 10 + Int(digit)
                } else {
                    if digit == 0 && digits.isEmpty {
                        if inFraction { fractionCount += 1 }
                        continue
                    }
                    digits.append(digit)
                    if inFraction { fractionCount += 1 }
                }
            }
        }
        guard !digits.isEmpty else { return .zero }
        var scale = (exponentNegative ? -exponent : exponent) - fractionCount
        while digits.last == 0 {
            digits.removeLast()
            scale += 1
        }
        return .finite(negative: negative, digits: digits, exponent: scale)
    }
}

extension JSONNumber {
    /// What reading number syntax at an offset found.
    enum ScanResult {
        /// A well-formed number ends just before `end`.
        case number(end: Int)
        /// The syntax breaks at `offset`; `message` says what was expected there.
        case failure(offset: Int, message: String)
    }

    /// Reads the RFC 8259 number grammar `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    /// starting at `start`, stopping at the first byte that cannot continue it.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> ScanResult {
        @inline(__always) func isDigit(_ index: Int) -> Bool {
            index < bytes.count && bytes[index] &- UInt8(ascii: "0") < 10
        }
        var index = start
        if index < bytes.count && bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        guard isDigit(index) else {
            return .failure(offset: index, message: "expected a digit after '-'")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) {
                return .failure(offset: start, message: "expected a number without leading zeros")
            }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else {
                return .failure(offset: index, message: "expected a digit after the decimal point")
            }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard isDigit(index) else {
                return .failure(offset: index, message: "expected a digit in the exponent")
            }
            while isDigit(index) { index += 1 }
        }
        return .number(end: index)
    }
}
