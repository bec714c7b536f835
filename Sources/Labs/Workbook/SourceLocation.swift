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
    public var location: SourceLocation
    /// What is wrong and, when a near word exists, what was probably meant.
    public var message: String
    /// The whole offending line, so the message can show it with a caret.
    public var sourceLine: String

    /// An error at `location` whose line reads `sourceLine`.
    public init(location: SourceLocation, message: String, sourceLine: String) {
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
    }

    /// `file:line:column: message`, then the line, then a caret under the column (the message
    /// alone when the error is about a whole file, which has no line to show).
    public var description: String {
        sourceLine.isEmpty ? "\(location): \(message)" : "\(location): \(message)\n\(sourceLine)\n\(caretLine)"
    }

    /// Spaces up to the column (tabs kept as tabs so the caret lines up in a terminal), then `^`.
    public var caretLine: String {
        let lead = sourceLine.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }
        return lead.joined() + "^"
    }
}

/// Every error found in one or more lab files, in file and line order.
public struct LabFileErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The individual errors; never empty when thrown.
    public var errors: [LabFileError]

    /// A collection of `errors`.
    public init(_ errors: [LabFileError]) {
        self.errors = errors
    }

    /// Each error's rendering, separated by blank lines.
    public var description: String {
        errors.map(\.description).joined(separator: "\n\n")
    }
}
