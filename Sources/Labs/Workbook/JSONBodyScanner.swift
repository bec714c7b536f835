/// Finds where a JSON request body ends: at the line where its brackets balance.
///
/// Hurl ends a body at the next section, status line or request; reading on until then made a
/// stray line (a note, an assert without `HTTP`) part of the body, reported nowhere. Here the
/// body ends where it closes, so whatever follows is judged as what it is.
/// A `{{placeholder}}` is one token (its braces are not JSON's), and a string runs to its
/// closing quote with `\` escaping the next character.
struct JSONBodyScanner {
    private var stack: [(character: Character, line: SourceLine, column: Int)] = []

    /// The offset (in `lines`) of the body's last line. `column` is where the body starts on
    /// the first line.
    /// - Throws: a `LabFileError` for an unclosed bracket or string, a mismatched bracket, or
    ///   text after the closing bracket on its line.
    static func lastLine(of lines: ArraySlice<SourceLine>, from column: Int) throws(LabFileError) -> Int {
        var scanner = JSONBodyScanner()
        for (offset, line) in zip(lines.indices, lines) {
            if offset > lines.startIndex, scanner.stack.isEmpty { break }
            if let end = try scanner.scan(line, from: offset == lines.startIndex ? column : 0) {
                var rest = line
                rest.index = end
                guard rest.atEnd() else {
                    throw rest.error("unexpected text after the JSON body: it ends where its brackets close")
                }
                return offset
            }
        }
        let open = scanner.stack.last ?? (character: "{", line: lines[lines.startIndex], column: column)
        throw open.line.error("this '\(open.character)' is never closed: the JSON body must close before 'HTTP <status>'",
                              at: open.column)
    }

    /// Scans one line; returns the index just past the bracket (or placeholder) that closes the body.
    private mutating func scan(_ line: SourceLine, from start: Int) throws(LabFileError) -> Int? {
        let characters = line.characters
        var index = start
        while index < characters.count {
            let c = characters[index]
            switch c {
            case "\"":
                index = try Self.stringEnd(line, from: index)
                continue
            case "{" where index + 1 < characters.count && characters[index + 1] == "{":
                // A placeholder: skip to its `}}` (an unclosed one is the template parser's to report).
                var close = index + 2
                while close + 1 < characters.count, !(characters[close] == "}" && characters[close + 1] == "}") { close += 1 }
                index = min(close + 2, characters.count)
                if stack.isEmpty { return index }
                continue
            case "{", "[":
                stack.append((c, line, index))
            case "}", "]":
                guard let open = stack.popLast() else {
                    throw line.error("unexpected '\(c)': no bracket is open here", at: index)
                }
                guard (open.character == "{") == (c == "}") else {
                    throw line.error("'\(c)' does not close the '\(open.character)' at line \(open.line.number)", at: index)
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
        var index = open + 1
        while index < line.characters.count {
            switch line.characters[index] {
            case "\\": index += 2
            case "\"": return index + 1
            default: index += 1
            }
        }
        throw line.error("this string is never closed: end it with '\"' on the same line", at: open)
    }
}
