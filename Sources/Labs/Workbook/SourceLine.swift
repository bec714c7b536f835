/// A lab file's text and where each of its lines starts. A line is a view of the one text,
/// made when a parser reads it: nothing is held per character, and little per line, so a lab
/// file costs a small multiple of its size however its lines are shaped.
struct SourceLines: RandomAccessCollection {
    let file: String
    /// The whole file, contiguous UTF-8, so a line's bounds are found in constant time.
    private let text: String
    /// UTF-8 offset of each line's first byte, then where a line after the last would start.
    private let starts: [Int]
    let startIndex: Int
    let endIndex: Int

    /// The lines of `text`, split at `\n`; a `\r` before it is not part of the line, and a
    /// line break at the end of the file does not start another line.
    init(text: String, file: String) {
        var text = text
        text.makeContiguousUTF8()
        var starts = [0]
        text.utf8.withContiguousStorageIfAvailable { bytes in
            // Counted first, so the array is made once at its size rather than grown to up to
            // twice it.
            starts.reserveCapacity(bytes.reduce(2) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 })
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                starts.append(offset + 1)
            }
        }
        // As if a line break followed the last line.
        if starts.last != text.utf8.count { starts.append(text.utf8.count + 1) }
        self.file = file
        self.text = text
        self.starts = starts
        self.startIndex = 0
        self.endIndex = starts.count - 1
    }

    private init(_ lines: SourceLines, _ range: Range<Int>) {
        file = lines.file
        text = lines.text
        starts = lines.starts
        startIndex = range.lowerBound
        endIndex = range.upperBound
    }

    /// Line `position + 1` of the file.
    subscript(position: Int) -> SourceLine {
        precondition(indices.contains(position), "line \(position + 1) is not in \(file)")
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: starts[position])
        var upper = utf8.index(utf8.startIndex, offsetBy: starts[position + 1] - 1)
        if upper > lower, utf8[utf8.index(before: upper)] == UInt8(ascii: "\r") {
            upper = utf8.index(before: upper)
        }
        return SourceLine(file: file, number: position + 1, text: text[lower..<upper])
    }

    subscript(range: Range<Int>) -> SourceLines {
        precondition(range.lowerBound >= startIndex && range.upperBound <= endIndex, "lines out of range")
        return SourceLines(self, range)
    }

    /// The text of `range`'s lines joined by `\n`: the file's own text when its lines end in
    /// `\n` alone, so prose is copied once.
    func text(of range: Range<Int>) -> String {
        guard let first = range.first, let last = range.last else { return "" }
        let from = self[first].text.startIndex, to = self[last].text.endIndex
        let slice = text[from..<to]
        guard slice.utf8.contains(UInt8(ascii: "\r")) else { return String(slice) }
        return range.map { String(self[$0].text) }.joined(separator: "\n")
    }
}

/// One line of a lab file with its number, and a cursor over its characters: every parser in
/// the workbook reads a line through this, so every location and error comes out the same way.
struct SourceLine {
    let file: String
    let number: Int
    /// The line's characters by position (what columns count).
    let characters: LineCharacters
    /// 0-based index of the next character to read.
    var index = 0

    /// The line without its line break: a view of the lab file's text, not a copy.
    var text: Substring { characters.text }

    init(file: String, number: Int, text: Substring) {
        self.file = file
        self.number = number
        self.characters = LineCharacters(text)
    }

    /// A line standing alone, not read from a file.
    init(file: String, number: Int, text: String) {
        self.init(file: file, number: number, text: text[...])
    }

    /// The line's text without leading or trailing whitespace.
    var trimmed: Substring { text.trimmingSpaces }

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
        let clamped = min(max(index, 0), characters.count)
        return LabFileError(location: location(at: index), message: message, line: text,
                            columnOffset: characters.utf8Offset(clamped))
    }

    /// An error at the cursor.
    func error(_ message: String) -> LabFileError { error(message, at: index) }

    /// The text of the characters in `range`.
    func substring(_ range: Range<Int>) -> Substring { characters.substring(range) }

    var peek: Character? { index < characters.count ? characters[index] : nil }

    mutating func skipSpaces() {
        while index < characters.count, characters.ascii(index) == UInt8(ascii: " ") || characters.ascii(index) == UInt8(ascii: "\t") {
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
        while index < characters.count, !characters.isWhitespace(index) { index += 1 }
        return index > start ? (String(substring(start..<index)), start) : nil
    }

    /// The next word without consuming it.
    func peekWord() -> String? {
        var copy = self
        return copy.word()?.text
    }

    /// A `"quoted"` string at the cursor: the positions of its raw content (escapes
    /// unresolved), so templates inside it get exact columns.
    mutating func quoted() throws(LabFileError) -> Range<Int> {
        skipSpaces()
        guard peek == "\"" else { throw error("expected a quoted string") }
        let open = index
        index += 1
        let start = index
        while index < characters.count, characters.ascii(index) != UInt8(ascii: "\"") {
            index += characters.ascii(index) == UInt8(ascii: "\\") ? 2 : 1
        }
        guard index < characters.count else { throw error("unclosed string", at: open) }
        let raw = start..<index
        index += 1
        return raw
    }

    /// The positions of the rest of the line up to a comment (`#` at the start or after
    /// whitespace), trimmed.
    mutating func rest() -> Range<Int> {
        skipSpaces()
        let start = index
        var end = index
        var inPlaceholder = false
        while end < characters.count {
            let c = characters.ascii(end)
            if c == UInt8(ascii: "#"), !inPlaceholder, end == start || characters.isWhitespace(end - 1) { break }
            if c == UInt8(ascii: "{"), end + 1 < characters.count, characters.ascii(end + 1) == UInt8(ascii: "{") { inPlaceholder = true }
            if c == UInt8(ascii: "}"), end + 1 < characters.count, characters.ascii(end + 1) == UInt8(ascii: "}") { inPlaceholder = false }
            end += 1
        }
        while end > start, characters.isWhitespace(end - 1) { end -= 1 }
        index = characters.count
        return start..<end
    }
}

/// A line's characters by 0-based position, without an array of `Character` (16 bytes or more
/// each): an ASCII line's positions are its UTF-8 offsets; any other line keeps the UTF-8
/// offset of each character, worked out the first time the line is read by position.
struct LineCharacters: RandomAccessCollection {
    let text: Substring
    private let positions: Positions

    init(_ text: Substring) {
        self.text = text
        self.positions = Self.isASCII(text.utf8) ? .ascii(count: text.utf8.count) : .other(OffsetTable(text))
    }

    var startIndex: Int { 0 }
    var endIndex: Int {
        switch positions {
        case .ascii(let count): count
        case .other(let table): table.offsets.count
        }
    }

    subscript(position: Int) -> Character {
        switch positions {
        case .ascii: Character(Unicode.Scalar(text.utf8[utf8Index(position)]))
        case .other: text[utf8Index(position)]
        }
    }

    /// The character at `position` as an ASCII byte, or nil when it is not ASCII. Loops that
    /// look for punctuation compare these: far cheaper than making a `Character` of each.
    func ascii(_ position: Int) -> UInt8? {
        switch positions {
        case .ascii: text.utf8[utf8Index(position)]
        case .other: self[position].asciiValue
        }
    }

    /// Whether the character at `position` is whitespace, as `Character.isWhitespace` says.
    func isWhitespace(_ position: Int) -> Bool {
        guard let byte = ascii(position) else { return self[position].isWhitespace }
        return byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte)
    }

    /// The UTF-8 offset (from the line's start) of the character at `position`, or of the
    /// line's end for `position == count`.
    func utf8Offset(_ position: Int) -> Int {
        switch positions {
        case .ascii: position
        case .other(let table): position == table.offsets.count ? text.utf8.count : table.offsets[position]
        }
    }

    /// The text of the characters in `range`.
    func substring(_ range: Range<Int>) -> Substring {
        text[utf8Index(range.lowerBound)..<utf8Index(range.upperBound)]
    }

    private func utf8Index(_ position: Int) -> Substring.Index {
        text.utf8.index(text.startIndex, offsetBy: utf8Offset(position))
    }

    private enum Positions {
        /// Every character is one byte.
        case ascii(count: Int)
        case other(OffsetTable)
    }

    /// Eight bytes at a time: a line is checked each time a parser reads it.
    private static func isASCII(_ utf8: Substring.UTF8View) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            return bytes[index...].allSatisfy { $0 < 0x80 }
        } ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// Where each character of a line that is not ASCII starts, in UTF-8 bytes from the start
    /// of the line; worked out only if the line is read by position.
    private final class OffsetTable {
        private let text: Substring
        lazy var offsets = Offsets(text)

        init(_ text: Substring) {
            self.text = text
        }
    }

    private enum Offsets {
        /// 4 bytes a character: lines under 4 GiB.
        case narrow([UInt32])
        case wide([Int])

        init(_ text: Substring) {
            let utf8 = text.utf8
            if utf8.count <= Int(UInt32.max) {
                self = .narrow(text.indices.map { UInt32(utf8.distance(from: text.startIndex, to: $0)) })
            } else {
                self = .wide(text.indices.map { utf8.distance(from: text.startIndex, to: $0) })
            }
        }

        var count: Int {
            switch self {
            case .narrow(let offsets): offsets.count
            case .wide(let offsets): offsets.count
            }
        }

        subscript(position: Int) -> Int {
            switch self {
            case .narrow(let offsets): Int(offsets[position])
            case .wide(let offsets): offsets[position]
            }
        }
    }
}
