/// A DynamoDB number: an exact decimal of up to 38 significant digits, magnitude between
/// 1E-130 and 9.99…E+125, compared numerically and written in DynamoDB's normal form
/// (`1.50` is stored and returned as `1.5`, `-0` as `0`).
public struct DynamoNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Significant digits, most significant first, no leading or trailing zeros; empty for zero.
    let digits: [UInt8]
    /// The value is `0.d1d2d3... × 10^exponent`.
    let exponent: Int
    let negative: Bool

    public static let zero = DynamoNumber(digits: [], exponent: 0, negative: false)

    init(digits: [UInt8], exponent: Int, negative: Bool) {
        var digits = digits[...]
        var exponent = exponent
        while digits.first == 0 { digits.removeFirst(); exponent -= 1 }
        while digits.last == 0 { digits.removeLast() }
        self.digits = Array(digits)
        self.exponent = digits.isEmpty ? 0 : exponent
        self.negative = digits.isEmpty ? false : negative
    }

    /// Why a text is not a DynamoDB number.
    public enum ParseError: Error, Equatable, Sendable {
        case notANumber
        case tooPrecise
        case outOfRange
    }

    /// Parses decimal text (`12`, `-0.5`, `1.5e3`, `+7`), refusing more than 38 significant
    /// digits and magnitudes outside DynamoDB's range.
    public init(parsing text: some StringProtocol) throws(ParseError) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        var digits: [UInt8] = []
        var pointPosition: Int?
        var sawDigit = false
        var exponentAdjust = 0
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes.removeFirst()
            if byte == UInt8(ascii: ".") {
                guard pointPosition == nil else { throw .notANumber }
                pointPosition = digits.count
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                sawDigit = true
                digits.append(byte - UInt8(ascii: "0"))
            } else {
                throw .notANumber
            }
        }
        guard sawDigit else { throw .notANumber }
        if !bytes.isEmpty {
            bytes.removeFirst()
            var exponentNegative = false
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                exponentNegative = sign == UInt8(ascii: "-")
                bytes.removeFirst()
            }
            guard !bytes.isEmpty, bytes.count <= 6, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .notANumber
            }
            let value = bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            exponentAdjust = exponentNegative ? -value : value
        }
        let integerDigits = pointPosition ?? digits.count
        let number = DynamoNumber(digits: digits, exponent: integerDigits + exponentAdjust, negative: negative)
        guard number.digits.count <= 38 else { throw .tooPrecise }
        if !number.digits.isEmpty {
            // 1E-130 = 0.1 × 10^-129; 9.99…E+125 < 10^126 = 0.1 × 10^127.
            guard number.exponent >= -129, number.exponent <= 126 else { throw .outOfRange }
        }
        self = number
    }

    public init(_ value: Int) {
        // Int's decimal text always parses.
        self = try! DynamoNumber(parsing: String(value))
    }

    public var isZero: Bool { digits.isEmpty }

    /// The normal form DynamoDB returns: plain notation, no exponent, no trailing zeros.
    public var description: String {
        guard !digits.isEmpty else { return "0" }
        var text = negative ? "-" : ""
        let characters = digits.map { Character(Unicode.Scalar($0 + UInt8(ascii: "0"))) }
        if exponent <= 0 {
            text += "0." + String(repeating: "0", count: -exponent) + String(characters)
        } else if exponent >= digits.count {
            text += String(characters) + String(repeating: "0", count: exponent - digits.count)
        } else {
            text += String(characters[..<exponent]) + "." + String(characters[exponent...])
        }
        return text
    }

    public static func < (lhs: DynamoNumber, rhs: DynamoNumber) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        let magnitudeLess = compareMagnitude(lhs, rhs) < 0
        let magnitudeEqual = compareMagnitude(lhs, rhs) == 0
        return lhs.negative ? (!magnitudeLess && !magnitudeEqual) : magnitudeLess
    }

    /// -1, 0 or 1 comparing absolute values.
    static func compareMagnitude(_ a: DynamoNumber, _ b: DynamoNumber) -> Int {
        if a.digits.isEmpty || b.digits.isEmpty {
            return a.digits.isEmpty ? (b.digits.isEmpty ? 0 : -1) : 1
        }
        if a.exponent != b.exponent { return a.exponent < b.exponent ? -1 : 1 }
        for index in 0..<max(a.digits.count, b.digits.count) {
            let x = index < a.digits.count ? a.digits[index] : 0
            let y = index < b.digits.count ? b.digits[index] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }
}
