/// `gradebook.csv`: one line per participant for spreadsheets and LMS imports.
///
/// Columns: `participant`, one per lab (its id; empty when the lab did not run), `score`,
/// `max_score`, `status`, `track` (`code` or `settings`; empty when the submission was
/// refused before it ran), `hints_used` (hint levels revealed beyond the first, over every
/// step; empty when the submission did not run or its record could not be read), with
/// `--hint-penalty` `hint_penalty` (the points it took), then `error`. RFC 4180: CRLF line
/// ends, and fields holding a comma, a double quote, CR or LF are quoted with quotes doubled.
public enum GradebookCSV {
    /// The whole file, header first.
    public static func render(_ book: Gradebook) -> String {
        let penalised = book.hintPenalty != nil
        var header = ["participant"] + book.labs.map(\.id) + ["score", "max_score", "status", "track", "hints_used"]
        if penalised { header.append("hint_penalty") }
        var lines = [(header + ["error"]).map(field)]
        for row in book.rows {
            let labs = book.labs.map { lab in row.score(lab: lab.id).map(String.init) ?? "" }
            var fields = [text(row.participant)] + labs + [String(row.score), String(book.maxScore), row.status.rawValue, row.track ?? ""]
            fields.append(row.hints?.used.map(String.init) ?? "")
            if penalised { fields.append(String(row.hints?.penalty ?? 0)) }
            lines.append((fields + [text(row.error ?? "")]).map(field))
        }
        return lines.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One field, quoted when RFC 4180 requires it.
    static func field(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A free-text field a participant controls (folder names, messages quoting their files).
    /// Spreadsheets run cells starting with `=`, `+`, `-` or `@` as formulas, so such text
    /// gets a leading apostrophe (OWASP's advice against CSV injection); scores never do.
    static func text(_ value: String) -> String {
        guard let first = value.first, "=+-@\t\r".contains(first) else { return value }
        return "'" + value
    }

    /// Splits CSV text into records of fields, undoing ``field(_:)``'s quoting; for tests
    /// and tools reading the file back.
    public static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var index = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if quoted {
                if scalar == "\"" {
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index = scalars.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\r": continue
            case "\n": record.append(field); records.append(record); record = []; field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
