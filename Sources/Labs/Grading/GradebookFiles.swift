import Core
import Foundation

/// Writes a gradebook's files into an output folder: `gradebook.csv`, `gradebook.json`,
/// `gradebook.html`, and `participants/<name>.json` per participant.
public enum GradebookFiles {
    /// Writes every file; `reports` maps participants to their own report text (the JSON
    /// report of their run, hidden steps included: the folder is the instructor's).
    /// - Throws: when the folder or a file cannot be written.
    public static func write(_ book: Gradebook, reports: [String: String], to folder: String) throws {
        let participants = (folder as NSString).appendingPathComponent("participants")
        try FileManager.default.createDirectory(atPath: participants, withIntermediateDirectories: true)
        try write(GradebookCSV.render(book), to: (folder as NSString).appendingPathComponent("gradebook.csv"))
        try write(GradebookJSON.render(book), to: (folder as NSString).appendingPathComponent("gradebook.json"))
        try write(GradebookHTML.render(book), to: (folder as NSString).appendingPathComponent("gradebook.html"))
        for (name, report) in reports {
            try write(report, to: (participants as NSString).appendingPathComponent(name + ".json"))
        }
    }

    /// The report kept for a participant: their run as `--format json`, or, when nothing
    /// ran, a small document with the error so every participant has a file.
    public static func report(for outcome: ClassGrader.Outcome) -> String {
        if let result = outcome.result { return Report.render(result, format: .json) }
        return GradebookJSON.errorReport(outcome.row)
    }

    private static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension GradebookJSON {
    /// `{"participant": ..., "status": "error", "error": ...}` for a submission that never ran.
    static func errorReport(_ row: Gradebook.Row) -> String {
        let document: [(String, JSON)] = [
            ("participant", .string(row.participant)), ("status", .string(row.status.rawValue)),
            ("error", row.error.map(JSON.string) ?? .null), ("score", .number(0)), ("labs", .array([])),
        ]
        return JSON.object(JSONObject(document)).serialized(pretty: true) + "\n"
    }
}
