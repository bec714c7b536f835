/// The string literals of a Python source file, enough of Python's lexer to find them: `#`
/// comments, prefixes (`r`, `b`, `f`, `u` and their pairs), single, double and triple quotes,
/// backslash escapes. A literal that stands alone on its logical line is an expression
/// statement, in practice a docstring: prose, not a value, so it is left out. An f-string's
/// text is kept whole, `{expressions}` included.
enum PythonStrings {
    static func literals(in source: String) -> [String] {
        let characters = Array(source)
        var literals: [String] = []
        var index = 0
        var depth = 0                 // open brackets: a newline inside them continues the line
        var lineHasCode = false       // something other than a literal began this logical line
        var pending: String?          // a literal that began its line, kept unless the line ends with it
        func flushPending(lineEnded: Bool) {
            if let text = pending, !lineEnded { literals.append(text) }
            pending = nil
        }
        while index < characters.count {
            let character = characters[index]
            if character == "#" {
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            }
            if character == "\n" {
                if depth == 0 {
                    flushPending(lineEnded: true)
                    lineHasCode = false
                }
                index += 1
                continue
            }
            if character == " " || character == "\t" || character == "\r" || (character == "\\" && index + 1 < characters.count && characters[index + 1] == "\n") {
                index += character == "\\" ? 2 : 1
                continue
            }
            if let (text, end) = literal(at: index, in: characters) {
                if !lineHasCode && depth == 0 && pending == nil {
                    pending = text
                } else {
                    flushPending(lineEnded: false)
                    literals.append(text)
                }
                lineHasCode = true
                index = end
                continue
            }
            flushPending(lineEnded: false)
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) { depth = max(0, depth - 1) }
            lineHasCode = true
            // An identifier is skipped whole, so its last letters are never read as a prefix.
            if character.isLetter || character == "_" {
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                    index += 1
                }
                continue
            }
            index += 1
        }
        flushPending(lineEnded: true)
        return literals
    }

    /// The literal starting at `start` (prefix included) and the index just after it, or nil.
    private static func literal(at start: Int, in characters: [Character]) -> (String, Int)? {
        var index = start
        while index < characters.count, index - start < 2, "rRbBfFuU".contains(characters[index]) { index += 1 }
        guard index < characters.count, characters[index] == "\"" || characters[index] == "'" else { return nil }
        if index > start, start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber || characters[start - 1] == "_" {
            return nil
        }
        let quote = characters[index]
        let triple = index + 2 < characters.count && characters[index + 1] == quote && characters[index + 2] == quote
        let delimiter = triple ? 3 : 1
        var text = ""
        index += delimiter
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                text.append(character)
                text.append(characters[index + 1])
                index += 2
                continue
            }
            if character == quote && (!triple || (index + 2 < characters.count && characters[index + 1] == quote && characters[index + 2] == quote)) {
                return (text, index + delimiter)
            }
            if character == "\n" && !triple { return (text, index) }
            text.append(character)
            index += 1
        }
        return (text, index)
    }
}
