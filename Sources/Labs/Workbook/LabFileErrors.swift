/// Every error found in one or more lab files, and the bounds on how many are shown.
///
/// A line can hold thousands of mistakes (an attribute repeated, a variable used over and
/// over), and each one shown whole would print the line again: output, memory and time
/// quadratic in the line. So, in one place for every loader and command: at most
/// ``shownPerLine`` errors per line, then one line saying how many more it has; at most
/// ``shownPerFile`` per file, then one line saying how many more the file has; each error
/// shows a window of its line around the column. Errors past the bounds are counted, not
/// kept, so collecting them costs no more memory than showing them.
public struct LabFileErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The most errors shown for one line.
    public static let shownPerLine = 3
    /// The most errors shown for one file.
    public static let shownPerFile = 50

    /// The errors of one line that may be shown (the leftmost), and how many it has in all.
    private struct LineErrors: Sendable, Equatable {
        var kept: [LabFileError] = []
        var count = 0
    }

    /// The errors of one file: its first lines with errors, and how many errors it has in all.
    private struct FileErrors: Sendable, Equatable {
        var file: String
        /// At most ``shownPerFile`` lines: each line shows at least one error, so no later
        /// line could be shown.
        var lines: [Int: LineErrors] = [:]
        /// The last of `lines`, once there are as many as are shown.
        var lastLine = 0
        var count = 0
    }

    /// Files in the order their first error came.
    private var files: [FileErrors] = []

    /// A collection of `errors`, bounded as every collection is.
    public init(_ errors: [LabFileError] = []) {
        for error in errors { append(error) }
    }

    /// Whether no error was found.
    public var isEmpty: Bool { files.isEmpty }

    /// How many errors were found, shown or not.
    public var count: Int { files.reduce(0) { $0 + $1.count } }

    /// Adds `error`, keeping it only when it may be shown.
    public mutating func append(_ error: LabFileError) {
        append(at: error.location) { error }
    }

    /// Adds the error `make` gives at `location`, calling it only when the error may be shown:
    /// an error past the bounds is only counted, so its message (a suggestion looked up among
    /// many names) is never worked out.
    mutating func append(at location: SourceLocation, _ make: () -> LabFileError) {
        let fileIndex = files.firstIndex { $0.file == location.file } ?? {
            files.append(FileErrors(file: location.file))
            return files.count - 1
        }()
        files[fileIndex].count += 1
        let lineNumber = location.line
        if var line = files[fileIndex].lines[lineNumber] {
            line.count += 1
            // The leftmost errors are kept; among equal columns, the first found.
            if line.kept.count < Self.shownPerLine || location.column < line.kept[line.kept.count - 1].location.column {
                let error = make()
                let position = line.kept.firstIndex { $0.location.column > location.column } ?? line.kept.count
                line.kept.insert(error, at: position)
                if line.kept.count > Self.shownPerLine { line.kept.removeLast() }
            }
            files[fileIndex].lines[lineNumber] = line
            return
        }
        if files[fileIndex].lines.count >= Self.shownPerFile {
            // Only the first lines with errors are shown: a later one is counted, an earlier
            // one takes the place of the last.
            guard lineNumber < files[fileIndex].lastLine else { return }
            files[fileIndex].lines[files[fileIndex].lastLine] = nil
        }
        files[fileIndex].lines[lineNumber] = LineErrors(kept: [make()], count: 1)
        if files[fileIndex].lines.count == Self.shownPerFile {
            files[fileIndex].lastLine = files[fileIndex].lines.keys.max() ?? 0
        }
    }

    /// Adds every error of `other`, shown or only counted there.
    public mutating func append(contentsOf other: LabFileErrors) {
        for file in other.files {
            for (_, line) in file.lines.sorted(by: { $0.key < $1.key }) {
                line.kept.forEach { append($0) }
                let uncounted = line.count - line.kept.count
                guard uncounted > 0, let first = line.kept.first else { continue }
                addCount(uncounted, file: file.file, line: first.location.line)
            }
            let uncounted = file.count - file.lines.values.reduce(0) { $0 + $1.count }
            if uncounted > 0 { addCount(uncounted, file: file.file, line: nil) }
        }
    }

    /// Counts `count` errors not kept in `file`, on `line` when known.
    private mutating func addCount(_ count: Int, file: String, line: Int?) {
        guard let index = files.firstIndex(where: { $0.file == file }) else { return }
        files[index].count += count
        if let line { files[index].lines[line]?.count += count }
    }

    /// What is shown, in order: for each file, its errors by line and column, with the
    /// summaries of what the bounds left out.
    private enum Shown {
        case error(LabFileError)
        case moreOnLine(file: String, line: Int, count: Int)
        case moreInFile(file: String, count: Int)
    }

    private var shown: [Shown] {
        var result: [Shown] = []
        for file in files {
            var shownInFile = 0
            var accounted = 0
            for (number, line) in file.lines.sorted(by: { $0.key < $1.key }) {
                guard shownInFile < Self.shownPerFile else { break }
                let errors = line.kept.prefix(Self.shownPerFile - shownInFile)
                result += errors.map(Shown.error)
                shownInFile += errors.count
                accounted += errors.count
                if errors.count == line.kept.count, line.count > errors.count {
                    result.append(.moreOnLine(file: file.file, line: number, count: line.count - errors.count))
                    accounted += line.count - errors.count
                }
            }
            if file.count > accounted {
                result.append(.moreInFile(file: file.file, count: file.count - accounted))
            }
        }
        return result
    }

    /// The errors shown, in file, line and column order: at most ``shownPerLine`` for a line
    /// and ``shownPerFile`` for a file.
    public var errors: [LabFileError] {
        shown.compactMap {
            if case .error(let error) = $0 { return error }
            return nil
        }
    }

    /// Each error shown, then what the bounds left out, separated by blank lines.
    public var description: String {
        shown.map { item in
            switch item {
            case .error(let error):
                return error.description
            case .moreOnLine(let file, let line, let count):
                return "\(file):\(line): … and \(count) more \(count == 1 ? "error" : "errors") on this line"
            case .moreInFile(let file, let count):
                return "… and \(count) more \(count == 1 ? "error" : "errors") in \(file); fix those above and check again to see them"
            }
        }.joined(separator: "\n\n")
    }
}
