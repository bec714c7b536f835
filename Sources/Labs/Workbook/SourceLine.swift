/// One line of a lab file with its number, and a cursor over its characters: every parser in
/// the workbook reads a line through this, so every location and error comes out the same way.
struct SourceLine {
    let file: String
    let number: Int
    let text: String
    let characters: [Character]
    /// 0-based index of the next character to read.
    var index = 0

    init(file: String, number: Int, text: String) {
        self.file = file
        self.number = number
        self.text = text
        self.characters = Array(text)
    }

    /// The line's text without leading or trailing whitespace.
    var trimmed: String { text.trimmingSpaces }

    /// Blank, or a `#` comment: skipped wherever Hurl allows it.
    var isBlankOrComment: Bool {
        let content = text.drop(while: \.isWhitespace)
        return content.isEmpty || content.first == "#"
    }

    /// The location of character `index` (0-based).
    func location(at index: Int) -> SourceLocation {
        SourceLocation(file: file, line: number, column: index + 1)
    }

    /// The location of the cursor.
    var location: SourceLocation { location(at: index) }

    /// An error on this line at 0-based character `index`.
    func error(_ message: String, at index: Int) -> LabFileError {
        LabFileError(location: location(at: index), message: message, line: text[...], columnOffset: nil)
    }

    /// An error at the cursor.
    func error(_ message: String) -> LabFileError { error(message, at: index) }

    var peek: Character? { index < characters.count ? characters[index] : nil }

    mutating func skipSpaces() {
        while index < characters.count, characters[index] == " " || characters[index] == "\t" {
            index += 1
        }
    }

    /// Whether only spaces and a `#` comment remain. A `#` counts as a comment here because the
    /// cursor only stops between tokens, never inside a value.
    mutating func atEnd() -> Bool {
        skipSpaces()
        return peek == nil || peek == "#"
    }

    /// The next run of non-space characters, with where it starts.
    mutating func word() -> (text: String, start: Int)? {
        skipSpaces()
        let start = index
        while index < characters.count, !characters[index].isWhitespace { index += 1 }
        return index > start ? (String(characters[start..<index]), start) : nil
    }

    /// The next word without consuming it.
    func peekWord() -> String? {
        var copy = self
        return copy.word()?.text
    }

    /// A `"quoted"` string at the cursor: its raw content (escapes unresolved) and the index of
    /// its first character, so templates inside it get exact columns.
    mutating func quoted() throws(LabFileError) -> (raw: [Character], start: Int) {
        skipSpaces()
        guard peek == "\"" else { throw error("expected a quoted string") }
        let open = index
        index += 1
        let start = index
        while index < characters.count, characters[index] != "\"" {
            index += characters[index] == "\\" ? 2 : 1
        }
        guard index < characters.count else { throw error("unclosed string", at: open) }
        let raw = Array(characters[start..<index])
        index += 1
        return (raw, start)
    }

    /// The rest of the line up to a comment (`#` at the start or after whitespace), trimmed, with
    /// where it starts.
    mutating func rest() -> (raw: [Character], start: Int) {
        skipSpaces()
        let start = index
        var end = index
        var inPlaceholder = false
        while end < characters.count {
            let c = characters[end]
            if c == "#", !inPlaceholder, end == start || characters[end - 1].isWhitespace { break }
            if c == "{", end + 1 < characters.count, characters[end + 1] == "{" { inPlaceholder = true }
            if c == "}", end + 1 < characters.count, characters[end + 1] == "}" { inPlaceholder = false }
            end += 1
        }
        while end > start, characters[end - 1].isWhitespace { end -= 1 }
        index = characters.count
        return (Array(characters[start..<end]), start)
    }
}
