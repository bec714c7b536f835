import Foundation
import Testing
@testable import Labs

/// `file,<path>;` bodies come from the workspace and nowhere else.
@Suite struct RunnerWorkspaceTests {
    /// A fresh workspace with `lab1/policy.json`, and a secret file next to it (outside).
    private func makeWorkspace() throws -> (workspace: String, outside: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-ws-\(UUID().uuidString)").path
        let workspace = base + "/workspace"
        try FileManager.default.createDirectory(atPath: workspace + "/lab1", withIntermediateDirectories: true)
        try Data(#"{"Version":"2012-10-17"}"#.utf8).write(to: URL(fileURLWithPath: workspace + "/lab1/policy.json"))
        try Data("top secret".utf8).write(to: URL(fileURLWithPath: base + "/secret.txt"))
        return (workspace, base)
    }

    private func fileStep(_ path: String) -> String {
        block("id=upload", "POST {{api}}/echo\nfile,\(path);\nHTTP 201\n[Asserts]\njsonpath \"$.body\" contains \"Version\"")
    }

    @Test func aWorkspaceFileIsSent() async throws {
        let (workspace, _) = try makeWorkspace()
        let lab = try await runLab(fileStep("lab1/policy.json"), workspace: workspace)
        #expect(lab.steps[0].status == .passed, "\(lab.steps[0].detail ?? "")")
    }

    @Test(arguments: ["../secret.txt", "lab1/../../secret.txt"])
    func dotDotIsRefused(path: String) async throws {
        let (workspace, _) = try makeWorkspace()
        let step = try await runLab(fileStep(path), workspace: workspace).steps[0]
        #expect(step.status == .error)
        #expect(step.message?.contains("step 'upload'") == true)
        #expect(step.message?.contains("'..' would leave the workspace") == true)
    }

    @Test func anAbsolutePathIsRefused() async throws {
        let (workspace, outside) = try makeWorkspace()
        let step = try await runLab(fileStep(outside + "/secret.txt"), workspace: workspace).steps[0]
        #expect(step.status == .error)
        #expect(step.message?.contains("absolute path") == true)
    }

    @Test func aSymlinkLeavingTheWorkspaceIsRefused() async throws {
        let (workspace, outside) = try makeWorkspace()
        try FileManager.default.createSymbolicLink(atPath: workspace + "/lab1/sneaky.json", withDestinationPath: outside + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: workspace + "/up", withDestinationPath: outside)
        for path in ["lab1/sneaky.json", "up/secret.txt"] {
            let step = try await runLab(fileStep(path), workspace: workspace).steps[0]
            #expect(step.status == .error)
            #expect(step.message?.contains("a link that leaves the workspace") == true, "\(path): \(step.message ?? "")")
        }
    }

    /// A hard link is the same file under a second name, which may be outside the workspace:
    /// refused as a symbolic link leaving it is, in the same words, and its content is never
    /// read into the report. A file with one name beside it is still sent.
    @Test func aHardLinkIsRefusedLikeASymlink() async throws {
        let (workspace, outside) = try makeWorkspace()
        #expect(link(outside + "/secret.txt", workspace + "/lab1/linked.json") == 0)
        try FileManager.default.createSymbolicLink(atPath: workspace + "/lab1/sneaky.json", withDestinationPath: outside + "/secret.txt")
        let hardLinked = try await runLab(fileStep("lab1/linked.json"), workspace: workspace).steps[0]
        let symlinked = try await runLab(fileStep("lab1/sneaky.json"), workspace: workspace).steps[0]
        #expect(hardLinked.status == .error)
        #expect(hardLinked.message == "step 'upload': file,lab1/linked.json; \(WorkspaceFiles.linkRefusal)")
        #expect(symlinked.message == "step 'upload': file,lab1/sneaky.json; \(WorkspaceFiles.linkRefusal)")
        #expect(!"\(hardLinked)".contains("top secret"))

        let normal = try await runLab(fileStep("lab1/policy.json"), workspace: workspace).steps[0]
        #expect(normal.status == .passed, "\(normal.detail ?? "")")
    }

    /// What `grade` checks before running a submission reads through the same reader: a hard
    /// link is refused there too (left for the runner to name, as a symbolic link is), and
    /// the file behind it is not read, so its content cannot turn into a message. A folder
    /// keeps its own refusal, whatever its link count.
    @Test func theGradersChecksRefuseAHardLinkToo() throws {
        let (workspace, outside) = try makeWorkspace()
        try Data([0, 1, 2]).write(to: URL(fileURLWithPath: outside + "/binary.bin"))
        #expect(link(outside + "/binary.bin", workspace + "/lab1/linked.json") == 0)
        let files = WorkspaceFiles(root: workspace)
        guard case .failure(let problem) = files.contents("lab1/linked.json") else {
            Issue.record("the hard link was read")
            return
        }
        #expect(problem.kind == .refused)
        #expect(problem.message == WorkspaceFiles.linkRefusal)
        let submission = Submission(name: "workspace", path: workspace)
        #expect(submission.problem(within: outside, files: ["lab1/linked.json", "lab1/policy.json"]) == nil)

        guard case .failure(let folder) = files.contents("lab1") else {
            Issue.record("a folder was read")
            return
        }
        #expect(folder.message.contains("not a regular file"))
        guard case .success(let bytes) = files.contents("lab1/policy.json") else {
            Issue.record("a plain file was refused")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self).contains("2012-10-17"))
    }

    /// A file sent as JSON that is not JSON is the participant's to fix: the step names the
    /// file, line and column instead of sending it; sent as anything else, it goes as is.
    @Test func aMalformedJSONFileIsReportedAgainstTheFile() async throws {
        let (workspace, _) = try makeWorkspace()
        try Data("{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}".utf8)
            .write(to: URL(fileURLWithPath: workspace + "/lab1/broken.json"))
        let asJSON = block("id=upload", "POST {{api}}/echo\nContent-Type: application/json\nfile,lab1/broken.json;\nHTTP 201")
        let step = try await runLab(asJSON, workspace: workspace).steps[0]
        #expect(step.status == .error)
        #expect(step.message == "workspace file lab1/broken.json:3:3: not JSON: expected ',' or '}' after an object member; fix the file and run again")
        let asText = try await runLab(fileStep("lab1/broken.json"), workspace: workspace).steps[0]
        #expect(asText.status == .passed, "\(asText.detail ?? "")")
    }

    @Test func aMissingFileNamesItAndSaaslabInit() async throws {
        let (workspace, _) = try makeWorkspace()
        let step = try await runLab(fileStep("lab1/missing.json"), workspace: workspace).steps[0]
        #expect(step.status == .error)
        #expect(step.message?.contains("file,lab1/missing.json;") == true)
        #expect(step.message?.contains("saaslab init") == true)
    }
}

/// Workspace files are capped before they are read: a huge (or sparse) file never reaches memory.
@Suite struct RunnerWorkspaceCapTests {
    @Test func aFileOverTheCapIsRefusedByName() async throws {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-cap-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        // Sparse: 10 MiB long, no disk used.
        #expect(FileManager.default.createFile(atPath: workspace + "/big.json", contents: nil))
        #expect(truncate(workspace + "/big.json", 10 << 20) == 0)
        let step = try await runLab(block("id=upload", "POST {{api}}/echo\nfile,big.json;\nHTTP 201"), workspace: workspace).steps[0]
        #expect(step.status == .error)
        #expect(step.message?.contains("file,big.json;") == true)
        #expect(step.message?.contains("more than the 4 MiB") == true, "\(step.message ?? "")")

        let problem = Submission(name: "ws", path: workspace)
            .problem(within: (workspace as NSString).deletingLastPathComponent, files: ["big.json"])
        #expect(problem?.contains("big.json is 10485760 bytes, more than the 4 MiB") == true, "\(problem ?? "")")
    }

    @Test func aFIFOIsRefusedWithoutBlocking() async throws {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-fifo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        #expect(mkfifo(workspace + "/pipe.json", 0o600) == 0)
        let step = try await runLab(block("id=upload timeout=2s", "POST {{api}}/echo\nfile,pipe.json;\nHTTP 201"), workspace: workspace).steps[0]
        #expect(step.status == .error)
        #expect(step.message?.contains("not a regular file") == true, "\(step.message ?? "")")
    }
}
