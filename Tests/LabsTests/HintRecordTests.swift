import Foundation
import Testing
@testable import Labs

/// The workspace's record of revealed hints: its format, every way it can be wrong or hostile,
/// and writing it in place.
@Suite struct HintRecordTests {
    private func workspace() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-hints-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private func parse(_ text: String) throws(HintRecord.Problem) -> HintRecord {
        try HintRecord.parse(Array(text.utf8), file: "ws/.saaslab/hints.json")
    }

    /// The problem `text` is, or nil when it parses.
    private func problem(_ text: String) -> String? {
        do throws(HintRecord.Problem) {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aRecordRoundTripsSortedAndKeepsTheHighestLevel() throws {
        var record = try parse(#"{"version": 1, "revealed": {"lab/b": 2, "lab/a": 3}}"#)
        #expect(record.level(lab: "lab", step: "a") == 3)
        #expect(record.level(lab: "lab", step: "none") == 0)
        record.reveal(lab: "lab", step: "a", upTo: 2)
        #expect(record.level(lab: "lab", step: "a") == 3, "a lower level changes nothing")
        record.reveal(lab: "other", step: "x", upTo: 2)
        #expect(record.serialized == "{\n  \"version\": 1,\n  \"revealed\": {\n    \"lab/a\": 3,\n    \"lab/b\": 2,\n    \"other/x\": 2\n  }\n}\n")
        #expect(try parse(record.serialized) == record)
        // A step id may hold a slash: the lab id is what comes before the first one.
        #expect(try parse(#"{"version": 1, "revealed": {"lab/a/b": 2}}"#).level(lab: "lab", step: "a/b") == 2)
        // Keys other than version and revealed are left alone.
        #expect(try parse(#"{"version": 1, "revealed": {}, "note": "mine"}"#) == HintRecord())
    }

    @Test(arguments: [
        ("", "is not JSON (line 1, column 1: unexpected end of input"),
        ("{\"version\": 1,", "is not JSON (line 1, column 15"),
        ("\u{FF}", "is not JSON"),
        ("[1, 2]", "is a JSON array, not a JSON object such as"),
        ("\"hints\"", "is a JSON string, not"),
        (#"{"revealed": {}}"#, "has no \"version\""),
        (#"{"version": 2, "revealed": {}}"#, "has \"version\": 2; this saaslab reads version 1"),
        (#"{"version": "1", "revealed": {}}"#, "has \"version\": \"1\"; this saaslab reads version 1"),
        (#"{"version": 1}"#, "has no \"revealed\" object"),
        (#"{"version": 1, "revealed": [["lab/a", 2]]}"#, "has no \"revealed\" object"),
        (#"{"version": 1, "revealed": {"a": 2}}"#, "names a step as \"a\" in \"revealed\": expected \"<lab id>/<step id>\""),
        (#"{"version": 1, "revealed": {"/a": 2}}"#, "names a step as \"/a\""),
        (#"{"version": 1, "revealed": {"a/": 2}}"#, "names a step as \"a/\""),
        (#"{"version": 1, "revealed": {"a/b": 0}}"#, "gives step \"a/b\" the level 0: a level is a whole number from 1 to 3"),
        (#"{"version": 1, "revealed": {"a/b": 4}}"#, "the level 4"),
        (#"{"version": 1, "revealed": {"a/b": 2.5}}"#, "the level 2.5"),
        (#"{"version": 1, "revealed": {"a/b": "2"}}"#, "the level \"2\""),
        (#"{"version": 1, "revealed": {"a/b": null}}"#, "the level null"),
        (#"{"version": 1, "revealed": {"a/b": 1e400}}"#, "the level 1e400"),
    ])
    func aMalformedRecordSaysWhatIsWrongAndWhatToDo(text: String, expected: String) {
        let message = problem(text)
        #expect(message?.hasPrefix("ws/.saaslab/hints.json ") == true, "\(message ?? "parsed")")
        #expect(message?.contains(expected) == true, "\(message ?? "parsed")")
        #expect(message?.contains("fix it, or delete it to start the record afresh") == true)
    }

    @Test func hostileRecordsAreRefusedQuicklyAndQuoteLittle() {
        // Nesting far past what any record needs: refused by the parser's depth limit.
        let deep = #"{"version": 1, "revealed": {"a/b": "# + String(repeating: "[", count: 60_000) + "}}"
        #expect(problem(deep)?.contains("is not JSON") == true)
        // More than the record may be.
        let big = #"{"version": 1, "revealed": {"a/b": 2}, "pad": ""# + String(repeating: "x", count: HintRecord.maximumSize) + "\"}"
        #expect(problem(big)?.contains("more than the 64 KiB a hint record may be") == true)
        // A long name is quoted in part only.
        let long = String(repeating: "n", count: 10_000)
        let message = problem(#"{"version": 1, "revealed": {""# + long + #"": 2}}"#) ?? ""
        #expect(message.count < 400, "\(message.count)")
        // Many steps within the size are fine.
        let many = (0..<2_000).map { "\"lab/s\($0)\": 2" }.joined(separator: ", ")
        #expect(problem(#"{"version": 1, "revealed": {"# + many + "}}") == nil)
    }

    @Test func aWorkspaceWithoutARecordHasAnEmptyOne() throws {
        let ws = try workspace()
        #expect(try HintRecord.read(workspace: ws).get() == HintRecord())
        try FileManager.default.createDirectory(atPath: ws + "/.saaslab", withIntermediateDirectories: true)
        #expect(try HintRecord.read(workspace: ws).get() == HintRecord())
    }

    @Test func writingMakesTheFolderAndReplacesTheRecordWhole() throws {
        let ws = try workspace()
        var record = HintRecord()
        record.reveal(lab: "lab", step: "a", upTo: 2)
        try record.write(workspace: ws)
        #expect(try HintRecord.read(workspace: ws).get() == record)
        record.reveal(lab: "lab", step: "a", upTo: 3)
        try record.write(workspace: ws)
        #expect(try String(contentsOfFile: ws + "/.saaslab/hints.json", encoding: .utf8) == record.serialized)
        // Nothing but the record is left behind in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws + "/.saaslab") == ["hints.json"])
    }

    @Test func aRecordReadThroughALinkOrFromAPipeIsRefused() throws {
        let ws = try workspace()
        let outside = try workspace()
        try Data(#"{"version": 1, "revealed": {"lab/a": 3}}"#.utf8).write(to: URL(fileURLWithPath: outside + "/hints.json"))
        try FileManager.default.createDirectory(atPath: ws + "/.saaslab", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: ws + "/.saaslab/hints.json", withDestinationPath: outside + "/hints.json")
        guard case .failure(let link) = HintRecord.read(workspace: ws) else { Issue.record("a link out was read"); return }
        #expect(link.description.contains("is refused: it is a link that leaves the workspace"), "\(link)")
        #expect(link.description.contains("delete it to start the record afresh"))

        // A FIFO must not block the reader: it is refused unopened for reading.
        let fifo = try workspace()
        try FileManager.default.createDirectory(atPath: fifo + "/.saaslab", withIntermediateDirectories: true)
        #expect(mkfifo(fifo + "/.saaslab/hints.json", 0o600) == 0)
        guard case .failure(let pipe) = HintRecord.read(workspace: fifo) else { Issue.record("a pipe was read"); return }
        #expect(pipe.description.contains("not a regular file"), "\(pipe)")

        // A folder of links: `.saaslab` itself pointing out of the workspace.
        let folderLink = try workspace()
        try FileManager.default.createSymbolicLink(atPath: folderLink + "/.saaslab", withDestinationPath: outside)
        guard case .failure(let out) = HintRecord.read(workspace: folderLink) else { Issue.record("a linked folder was read"); return }
        #expect(out.description.contains("leaves the workspace"), "\(out)")
        #expect(throws: HintRecord.Problem.self) { try HintRecord().write(workspace: folderLink) }
        #expect(FileManager.default.fileExists(atPath: outside + "/hints.json"))
        #expect(try String(contentsOfFile: outside + "/hints.json", encoding: .utf8).contains("\"lab/a\": 3"), "the target was not touched")
    }

    @Test func aHugeSparseRecordIsRefusedUnread() throws {
        let ws = try workspace()
        try FileManager.default.createDirectory(atPath: ws + "/.saaslab", withIntermediateDirectories: true)
        let path = ws + "/.saaslab/hints.json"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 1 << 40) == 0)
        guard case .failure(let problem) = HintRecord.read(workspace: ws) else { Issue.record("a 1 TiB record was read"); return }
        #expect(problem.description == "\(ws)/.saaslab/hints.json is more than the 64 KiB a hint record may be; it is saaslab's record of the hints revealed with 'saaslab hint': fix it, or delete it to start the record afresh (the levels revealed so far are then forgotten)")
    }

    @Test func whereTheRecordCannotGoTheWriteSaysWhy() throws {
        let ws = try workspace()
        try Data("mine".utf8).write(to: URL(fileURLWithPath: ws + "/.saaslab"))
        let notAFolder = "\(ws)/.saaslab is not a folder: saaslab keeps its record of revealed hints in a folder of that name in the workspace; move it away and ask again"
        #expect { try HintRecord().write(workspace: ws) } throws: { error in "\(error)" == notAFolder }
        guard case .failure(let read) = HintRecord.read(workspace: ws) else { Issue.record("a file read as the record's folder"); return }
        #expect(read.description == notAFolder)
        let folder = try workspace()
        try FileManager.default.createDirectory(atPath: folder + "/.saaslab/hints.json", withIntermediateDirectories: true)
        #expect { try HintRecord().write(workspace: folder) } throws: { error in
            "\(error)".hasPrefix("cannot write \(folder)/.saaslab/hints.json: ")
        }
    }
}
