import Core

/// Recursive-descent parser for ``JSONPath``, over characters so that error columns count
/// what a reader sees (a name with an accent is one column, not two bytes).
struct JSONPathParser {
    let text: String
    let characters: [Character]
    var position = 0
    /// Open `(` and `!` in the filter being parsed; bounded so a hostile lab file cannot
    /// exhaust the stack of this recursive parser.
    var filterDepth = 0
    static let maxFilterDepth = 64
    /// `&&` and `||` build their tree in a loop, not by recursion, but the tree is as deep as
    /// the operands are many, and evaluating (or freeing) it recurses: so they are counted too.
    var filterOperands = 0
    static let maxFilterOperands = 256
    /// Real paths are short; a bound keeps every loop and error message small.
    static let maxLength = 4096

    init(_ text: String) {
        self.text = text
        self.characters = Array(text)
    }

    var current: Character? { position < characters.count ? characters[position] : nil }

    func peek(_ offset: Int = 1) -> Character? {
        position + offset < characters.count ? characters[position + offset] : nil
    }

    func error(_ message: String, at index: Int? = nil) -> JSONPathError {
        JSONPathError(path: text, column: (index ?? position) + 1, message: message)
    }

    /// `what`, or "the end of the path" when the input ran out, for "unexpected" messages.
    var currentDescription: String {
        current.map { "'\($0)'" } ?? "the end of the path"
    }

    mutating func skipSpaces() {
        while let character = current, character == " " || character == "\t" { position += 1 }
    }

    mutating func expect(_ character: Character) throws(JSONPathError) {
        skipSpaces()
        guard current == character else { throw error("expected '\(character)'") }
        position += 1
    }

    // MARK: Paths

    mutating func parsePath() throws(JSONPathError) -> [Segment] {
        guard characters.count <= Self.maxLength else {
            throw error("the path is longer than \(Self.maxLength) characters", at: Self.maxLength)
        }
        guard current == "$" else { throw error("expected '$' at the start of the path") }
        position += 1
        var segments: [Segment] = []
        while let character = current {
            switch character {
            case ".":
                if peek() == "." {
                    position += 2
                    segments.append(try parseDescendant())
                } else {
                    position += 1
                    segments.append(Segment(descendant: false, selectors: [try parseDotSelector(after: ".")]))
                }
            case "[":
                segments.append(Segment(descendant: false, selectors: try parseBracket()))
            default:
                throw error("unexpected '\(character)'; expected '.', '..' or '['")
            }
        }
        return segments
    }

    private mutating func parseDescendant() throws(JSONPathError) -> Segment {
        if current == "[" { return Segment(descendant: true, selectors: try parseBracket()) }
        return Segment(descendant: true, selectors: [try parseDotSelector(after: "..")])
    }

    /// The `name` or `*` after `.` or `..`.
    private mutating func parseDotSelector(after dots: String) throws(JSONPathError) -> Selector {
        if current == "*" {
            position += 1
            return .wildcard
        }
        guard let name = parseMemberName() else {
            throw error("expected a member name or '*' after '\(dots)'")
        }
        return .name(name)
    }

    /// A bare member name: letters, digits, `_`, `-`, `$` and any non-ASCII character.
    mutating func parseMemberName() -> String? {
        let start = position
        while let character = current, Self.isNameCharacter(character) { position += 1 }
        return position > start ? String(characters[start..<position]) : nil
    }

    static func isNameCharacter(_ character: Character) -> Bool {
        if !character.isASCII { return true }
        return character.isLetter || character.isNumber || character == "_" || character == "-" || character == "$"
    }

    // MARK: Brackets

    /// `[` selector (`,` selector)* `]`.
    private mutating func parseBracket() throws(JSONPathError) -> [Selector] {
        position += 1
        var selectors: [Selector] = []
        repeat {
            skipSpaces()
            selectors.append(try parseBracketSelector())
            skipSpaces()
            if current == "," { position += 1; continue }
            if current == "]" { position += 1; return selectors }
            throw error(selectors.count == 1 && isFilter(selectors[0]) ? "expected ']' after the filter" : "expected ',' or ']'")
        } while true
    }

    private func isFilter(_ selector: Selector) -> Bool {
        if case .filter = selector { return true }
        return false
    }

    private mutating func parseBracketSelector() throws(JSONPathError) -> Selector {
        switch current {
        case "*":
            position += 1
            return .wildcard
        case "'", "\"":
            return .name(try parseQuotedString())
        case "?":
            position += 1
            return .filter(try parseFilterSelector())
        case let character? where character == "-" || character == ":" || character.isASCII && character.isNumber:
            return try parseIndexOrSlice()
        default:
            throw error("expected an index, a quoted name, '*', a slice or a filter; found \(currentDescription)")
        }
    }

    /// `n`, or `start:end[:step]` with every part optional.
    private mutating func parseIndexOrSlice() throws(JSONPathError) -> Selector {
        let first = try parseOptionalInteger()
        skipSpaces()
        guard current == ":" else {
            guard let index = first else { throw error("expected an index") }
            return .index(index)
        }
        position += 1
        skipSpaces()
        let end = try parseOptionalInteger()
        skipSpaces()
        var step: Int?
        if current == ":" {
            position += 1
            skipSpaces()
            let stepStart = position
            step = try parseOptionalInteger()
            if step == 0 { throw error("a slice step cannot be 0", at: stepStart) }
        }
        return .slice(start: first, end: end, step: step)
    }

    /// An optionally negative decimal integer, or nil when no digits start here.
    mutating func parseOptionalInteger() throws(JSONPathError) -> Int? {
        let start = position
        if current == "-" { position += 1 }
        let digitsStart = position
        while let character = current, character.isASCII, character.isNumber { position += 1 }
        guard position > digitsStart else {
            if position > start { throw error("expected digits after '-'") }
            return nil
        }
        guard let value = Int(String(characters[start..<position])) else {
            throw error("the integer is too large", at: start)
        }
        return value
    }

    /// A single- or double-quoted name with JSON-style escapes (`\'` is accepted too).
    mutating func parseQuotedString() throws(JSONPathError) -> String {
        let opening = position
        let quote = characters[position]
        position += 1
        var result = ""
        while let character = current {
            position += 1
            if character == quote { return result }
            guard character == "\\" else { result.append(character); continue }
            guard let escaped = current else { break }
            position += 1
            switch escaped {
            case "\"", "'", "\\", "/": result.append(escaped)
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "t": result.append("\t")
            case "u": result.unicodeScalars.append(try parseUnicodeEscape(backslash: position - 2))
            default: throw error("invalid escape '\\\(escaped)'", at: position - 2)
            }
        }
        throw error("unterminated string (no closing \(quote))", at: opening)
    }

    /// The four hex digits after `\u`; surrogate pairs are not combined, so a lone or paired
    /// surrogate is rejected rather than producing a wrong character.
    private mutating func parseUnicodeEscape(backslash: Int) throws(JSONPathError) -> Unicode.Scalar {
        guard position + 4 <= characters.count,
              let value = UInt32(String(characters[position..<position + 4]), radix: 16),
              let scalar = Unicode.Scalar(value) else {
            throw error("invalid escape: '\\u' needs four hex digits naming a character", at: backslash)
        }
        position += 4
        return scalar
    }
}
