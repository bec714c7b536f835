/// One lexical unit of an expression, located by UTF-8 byte offsets into the source so a syntax
/// error can quote the offending token and its neighbours exactly as written.
struct ExpressionToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare word: attribute name, keyword or function name (keywords are told apart by the
        /// parser, case-insensitively, because the same word can be a path elsewhere).
        case identifier
        /// `#name`, resolved through ExpressionAttributeNames.
        case nameRef
        /// `:value`, resolved through ExpressionAttributeValues.
        case valueRef
        /// Decimal digits, only meaningful as a list index.
        case integer
        case leftParen, rightParen, leftBracket, rightBracket, comma, dot
        case equal, notEqual, less, lessEqual, greater, greaterEqual, plus, minus
        /// A character no rule accepts (`@`, a lone `#` or `:`); the parser reports it as the
        /// token of a syntax error, which is what DynamoDB does.
        case unknown
        case end
    }

    let kind: Kind
    let start: Int
    let end: Int
}

/// Splits an expression into tokens. Whitespace separates tokens and is otherwise dropped.
enum ExpressionLexer {
    static func tokenize(_ source: [UInt8]) -> [ExpressionToken] {
        var tokens: [ExpressionToken] = []
        tokens.reserveCapacity(source.count / 2 + 1)
        var position = 0
        while position < source.count {
            let byte = source[position]
            if isSpace(byte) {
                position += 1
                continue
            }
            let start = position
            let kind: ExpressionToken.Kind
            if isWordStart(byte) {
                position = wordEnd(source, from: position + 1)
                kind = .identifier
            } else if isDigit(byte) {
                while position < source.count, isDigit(source[position]) { position += 1 }
                kind = .integer
            } else if byte == UInt8(ascii: "#") || byte == UInt8(ascii: ":") {
                let end = wordEnd(source, from: position + 1)
                if end == position + 1 {
                    // A sigil with no name is not a placeholder.
                    position += 1
                    kind = .unknown
                } else {
                    position = end
                    kind = byte == UInt8(ascii: "#") ? .nameRef : .valueRef
                }
            } else {
                (kind, position) = punctuation(source, at: position)
            }
            tokens.append(ExpressionToken(kind: kind, start: start, end: position))
        }
        tokens.append(ExpressionToken(kind: .end, start: source.count, end: source.count))
        return tokens
    }

    private static func punctuation(_ source: [UInt8], at position: Int) -> (ExpressionToken.Kind, Int) {
        let next: UInt8? = position + 1 < source.count ? source[position + 1] : nil
        switch source[position] {
        case UInt8(ascii: "("): return (.leftParen, position + 1)
        case UInt8(ascii: ")"): return (.rightParen, position + 1)
        case UInt8(ascii: "["): return (.leftBracket, position + 1)
        case UInt8(ascii: "]"): return (.rightBracket, position + 1)
        case UInt8(ascii: ","): return (.comma, position + 1)
        case UInt8(ascii: "."): return (.dot, position + 1)
        case UInt8(ascii: "="): return (.equal, position + 1)
        case UInt8(ascii: "+"): return (.plus, position + 1)
        case UInt8(ascii: "-"): return (.minus, position + 1)
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: ">") { return (.notEqual, position + 2) }
            if next == UInt8(ascii: "=") { return (.lessEqual, position + 2) }
            return (.less, position + 1)
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { return (.greaterEqual, position + 2) }
            return (.greater, position + 1)
        default:
            // One whole Unicode scalar, so the quoted token is valid text.
            var end = position + 1
            while end < source.count, source[end] & 0xC0 == 0x80 { end += 1 }
            return (.unknown, end)
        }
    }

    private static func wordEnd(_ source: [UInt8], from position: Int) -> Int {
        var end = position
        while end < source.count, isWordStart(source[end]) || isDigit(source[end]) { end += 1 }
        return end
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isWordStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }
}
