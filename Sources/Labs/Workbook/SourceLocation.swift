/// Where something sits in a lab file, so every refusal can say `file:line:column`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The lab file's path as the user named it (kept relative, so messages stay short).
    public var file: String
    /// 1-based line in the file.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int

    /// A location in `file` at `line`, `column`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the shape editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    /// The same line, `offset` characters further right.
    func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + offset)
    }
}

/// One thing wrong with a lab file: what, where, and the line it is on.
public struct LabFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem starts.
    public var location: SourceLocation {
        didSet { columnOffset = nil }
    }
    /// What is wrong and, when a near word exists, what was probably meant.
    public var message: String
    /// The whole offending line ("" for an error about a whole file).
    public var sourceLine: String {
        get { String(line) }
        set {
            line = newValue[...]
            columnOffset = nil
        }
    }
    /// The line as a view of the lab file's text: thousands of errors on one long line share
    /// it rather than each copying it.
    private var line: Substring
    /// Where the column starts in `line`, in UTF-8 bytes, when the parser knew it: the window
    /// around a column far into a long line is then found without counting characters from
    /// the start of the line.
    private var columnOffset: Int?

    /// An error at `location` whose line reads `sourceLine`.
    public init(location: SourceLocation, message: String, sourceLine: String) {
        self.init(location: location, message: message, line: sourceLine[...], columnOffset: nil)
    }

    /// An error on `line` (a view of the lab file) whose column starts `columnOffset` UTF-8
    /// bytes into it.
    init(location: SourceLocation, message: String, line: Substring, columnOffset: Int?) {
        self.location = location
        self.message = message
        self.line = line
        self.columnOffset = columnOffset
    }

    public static func == (a: LabFileError, b: LabFileError) -> Bool {
        a.location == b.location && a.message == b.message && a.line == b.line
    }

    /// `file:line:column: message`, then the line (or the part of it around the column), then
    /// a caret under the column; the message alone when the error is about a whole file,
    /// which has no line to show.
    public var description: String {
        let message = Self.shortened(message)
        guard !line.isEmpty else { return "\(location): \(message)" }
        let window = self.window
        return "\(location): \(message)\n\(window.text)\n\(window.caretLine)"
    }

    /// Spaces up to the column (tabs kept as tabs so the caret lines up in a terminal), then `^`.
    public var caretLine: String { window.caretLine }

    /// The most characters of the line an error shows: a long line is cut around the column.
    static let windowWidth = 120
    /// The longest message shown whole: one quoting a huge word keeps its start and its end.
    static let messageWidth = 300

    /// The part of the line around the column, with `…` where it was cut, and the caret line
    /// under it.
    private var window: (text: String, caretLine: String) {
        let caret = caretIndex
        // Half the width before the column, the rest after; what one side cannot use (near
        // an end of the line) goes to the other.
        var start = caret
        var before = 0
        while before < Self.windowWidth / 2, start > line.startIndex {
            line.formIndex(before: &start)
            before += 1
        }
        var end = caret
        var after = 0
        while before + after < Self.windowWidth, end < line.endIndex {
            line.formIndex(after: &end)
            after += 1
        }
        while before + after < Self.windowWidth, start > line.startIndex {
            line.formIndex(before: &start)
            before += 1
        }
        let cutBefore = start > line.startIndex
        let cutAfter = end < line.endIndex
        let text = (cutBefore ? "…" : "") + line[start..<end] + (cutAfter ? "…" : "")
        var lead = cutBefore ? " " : ""
        for character in line[start..<caret] {
            lead.append(character == "\t" ? "\t" : " ")
        }
        return (text, lead + "^")
    }

    /// Where the column is in `line`, clamped to its end.
    private var caretIndex: Substring.Index {
        if let columnOffset, columnOffset <= line.utf8.count {
            return line.utf8.index(line.startIndex, offsetBy: columnOffset)
        }
        return line.index(line.startIndex, offsetBy: max(0, location.column - 1), limitedBy: line.endIndex) ?? line.endIndex
    }

    /// `message` with its middle cut out when it is longer than ``messageWidth``.
    private static func shortened(_ message: String) -> String {
        guard message.utf8.count > messageWidth, message.count > messageWidth else { return message }
        let tail = messageWidth / 4
        return message.prefix(messageWidth - tail - 1) + "…" + message.suffix(tail)
    }
}
