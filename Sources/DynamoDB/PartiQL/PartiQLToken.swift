/// One token of a PartiQL statement.
struct PartiQLToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// An unquoted word: a keyword, an attribute or table name, `true`, `null`...
        case word
        /// A `"double-quoted"` name (table, index or attribute).
        case quotedName
        /// A `'single-quoted'` string literal.
        case string
        case number
        /// `?`: the next of the request's `Parameters`.
        case parameter
        case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
        case comma, dot, colon, star, plus, minus
        case equal, notEqual, less, lessEqual, greater, greaterEqual
        /// `<<` and `>>`, around a set literal.
        case setOpen, setClose
        case end
    }

    let kind: Kind
    /// The name, the string's content (quotes undone) or the number's text; empty otherwise.
    let text: String

    /// Whether the token is the keyword `keyword` (given in capitals; keywords are
    /// case-insensitive).
    func isKeyword(_ keyword: String) -> Bool {
        kind == .word && text.count == keyword.count && text.uppercased() == keyword
    }
}

/// Splits a statement into tokens in one pass over its bytes: linear in its length.
enum PartiQLLexer {
    static func tokens(_ statement: String) throws(DynamoDBError) -> [PartiQLToken] {
        let bytes = Array(statement.utf8)
        var tokens: [PartiQLToken] = []
        var index = 0
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func byte(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
        while index < bytes.count {
            let current = bytes[index]
            switch current {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "-") where byte(index + 1) == UInt8(ascii: "-"):
                // A comment runs to the end of its line.
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // Quoted: a doubled quote stands for one.
                var content: [UInt8] = []
                index += 1
                var closed = false
                while index < bytes.count {
                    if bytes[index] == current {
                        if byte(index + 1) == current {
                            content.append(current)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    content.append(bytes[index])
                    index += 1
                }
                guard closed else { throw PartiQLParser.malformed("Unterminated quoted text") }
                tokens.append(PartiQLToken(kind: current == UInt8(ascii: "'") ? .string : .quotedName, text: String(decoding: content, as: UTF8.self)))
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while let next = byte(index), isDigit(next) || next == UInt8(ascii: ".") { index += 1 }
                if let next = byte(index), next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
                    index += 1
                    if let sign = byte(index), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
                    while let next = byte(index), isDigit(next) { index += 1 }
                }
                tokens.append(PartiQLToken(kind: .number, text: text(start..<index)))
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                let start = index
                while let next = byte(index), isWordByte(next) { index += 1 }
                tokens.append(PartiQLToken(kind: .word, text: text(start..<index)))
            default:
                let (kind, length) = try punctuation(current, byte(index + 1))
                tokens.append(PartiQLToken(kind: kind, text: ""))
                index += length
            }
        }
        tokens.append(PartiQLToken(kind: .end, text: ""))
        return tokens
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }

    /// The punctuation token starting with `first` and its length in bytes.
    private static func punctuation(_ first: UInt8, _ second: UInt8?) throws(DynamoDBError) -> (PartiQLToken.Kind, Int) {
        switch (first, second) {
        case (UInt8(ascii: "<"), UInt8(ascii: "<")): return (.setOpen, 2)
        case (UInt8(ascii: ">"), UInt8(ascii: ">")): return (.setClose, 2)
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): return (.lessEqual, 2)
        case (UInt8(ascii: "<"), UInt8(ascii: ">")): return (.notEqual, 2)
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): return (.notEqual, 2)
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): return (.greaterEqual, 2)
        case (UInt8(ascii: "<"), _): return (.less, 1)
        case (UInt8(ascii: ">"), _): return (.greater, 1)
        case (UInt8(ascii: "="), _): return (.equal, 1)
        case (UInt8(ascii: "?"), _): return (.parameter, 1)
        case (UInt8(ascii: "("), _): return (.leftParen, 1)
        case (UInt8(ascii: ")"), _): return (.rightParen, 1)
        case (UInt8(ascii: "["), _): return (.leftBracket, 1)
        case (UInt8(ascii: "]"), _): return (.rightBracket, 1)
        case (UInt8(ascii: "{"), _): return (.leftBrace, 1)
        case (UInt8(ascii: "}"), _): return (.rightBrace, 1)
        case (UInt8(ascii: ","), _): return (.comma, 1)
        case (UInt8(ascii: "."), _): return (.dot, 1)
        case (UInt8(ascii: ":"), _): return (.colon, 1)
        case (UInt8(ascii: "*"), _): return (.star, 1)
        case (UInt8(ascii: "+"), _): return (.plus, 1)
        case (UInt8(ascii: "-"), _): return (.minus, 1)
        default: throw PartiQLParser.malformed("Unexpected character")
        }
    }
}
