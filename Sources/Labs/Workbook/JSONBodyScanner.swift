import Core

/// Finds where a JSON request body ends: at the line where its brackets balance.
///
/// Hurl ends a body at the next section, status line or request; reading on until then made a
/// stray line (a note, an assert without `HTTP`) part of the body, reported nowhere. Here the
/// body ends where it closes, so whatever follows is judged as what it is.
/// A `{{placeholder}}` is one token (its braces are not JSON's), and a string runs to its
/// closing quote with `\` escaping the next character.
struct JSONBodyScanner {
    /// The brackets open, each with its line (an index of the lines scanned) and column.
    private var stack: [(character: Character, line: Int, column: Int)] = []

    /// The offset (in `lines`) of the body's last line. `column` is where the body starts on
    /// the first line.
    /// - Throws: a `LabFileError` for an unclosed bracket or string, a mismatched bracket, a
    ///   body nested deeper than any JSON parser here accepts, or text after the closing
    ///   bracket on its line.
    static func lastLine(of lines: SourceLines, from column: Int) throws(LabFileError) -> Int {
        var scanner = JSONBodyScanner()
        for offset in lines.indices {
            if offset > lines.startIndex, scanner.stack.isEmpty { break }
            let line = lines[offset]
            if let end = try scanner.scan(line, at: offset, from: offset == lines.startIndex ? column : 0) {
                var rest = line
                rest.index = end
                guard rest.atEnd() else {
                    throw rest.error("unexpected text after the JSON body: it ends where its brackets close")
                }
                return offset
            }
        }
        let open = scanner.stack.last ?? (character: "{", line: lines.startIndex, column: column)
        throw lines[open.line].error("this '\(open.character)' is never closed: the JSON body must close before 'HTTP <status>'",
                                     at: open.column)
    }

    /// Scans one line, `lines[offset]`; returns the index just past the bracket (or
    /// placeholder) that closes the body.
    private mutating func scan(_ line: SourceLine, at offset: Int, from start: Int) throws(LabFileError) -> Int? {
        let characters = line.characters
        var index = start
        while index < characters.count {
            // Only ASCII punctuation matters here: bytes are compared, not characters.
            let byte = characters.ascii(index)
            switch byte {
            case UInt8(ascii: "\""):
                index = try Self.stringEnd(line, from: index)
                continue
            case UInt8(ascii: "{") where index + 1 < characters.count && characters.ascii(index + 1) == UInt8(ascii: "{"):
                // A placeholder: skip to its `}}` (an unclosed one is the template parser's to report).
                var close = index + 2
                while close + 1 < characters.count,
                      !(characters.ascii(close) == UInt8(ascii: "}") && characters.ascii(close + 1) == UInt8(ascii: "}")) {
                    close += 1
                }
                index = min(close + 2, characters.count)
                if stack.isEmpty { return index }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let c = characters[index]
                // The platform refuses deeper bodies; refusing them here also keeps a line of
                // brackets from costing memory per bracket.
                guard stack.count < JSON.defaultMaxDepth else {
                    throw line.error("this '\(c)' nests the JSON body more than \(JSON.defaultMaxDepth) deep: no request body may nest deeper", at: index)
                }
                stack.append((c, offset, index))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                let c = characters[index]
                guard let open = stack.popLast() else {
                    throw line.error("unexpected '\(c)': no bracket is open here", at: index)
                }
                guard (open.character == "{") == (c == "}") else {
                    throw line.error("'\(c)' does not close the '\(open.character)' at line \(open.line + 1)", at: index)
                }
                if stack.isEmpty { return index + 1 }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The index just past the string opened at `open`; JSON strings never span lines.
    private static func stringEnd(_ line: SourceLine, from open: Int) throws(LabFileError) -> Int {
        let characters = line.characters
        var index = open + 1
        while index < characters.count {
            switch characters.ascii(index) {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        throw line.error("this string is never closed: end it with '\"' on the same line", at: open)
    }
}
