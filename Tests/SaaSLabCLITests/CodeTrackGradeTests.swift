import Foundation
import Labs
import Testing
@testable import SaaSLabCLI

/// `grade` on the code track: a class holding the Python solution and starter, a service
/// that never starts, one that spins forever and one that hangs finishes within its timeouts,
/// scores each as it deserves, and leaves no process or scratch folder behind.
@Suite struct CodeTrackGradeTests {
    static let root = CodeTrackRunTests.root

    /// The processes whose command line holds `marker`.
    static func processes(marked marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                  let line = String(data: data, encoding: .utf8)?.replacingOccurrences(of: "\0", with: " "),
                  line.contains(marker),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  !stat.contains(") Z ") else { return nil }
            return pid + ": " + line
        }
    }

    @Test func aClassOfServicesFinishesWithinItsTimeoutsAndLeavesNothingRunning() async throws {
        guard BenchLabs.pythonHasBoto3() else {
            print("skipped: the code track's Python services need python3 and boto3 (python3 -m pip install boto3)")
            return
        }
        let dir = try SampleClass.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let marker = "saaslab-grade-test-\(UUID().uuidString)"
        let subs = dir + "/subs"
        try FileManager.default.createDirectory(atPath: subs, withIntermediateDirectories: true)
        for (name, source) in [("solution", "code/solution"), ("starter", "code/starter"), ("never", "code/solution"),
                               ("spins", "code/solution"), ("hangs", "code/solution")] {
            try FileManager.default.copyItem(atPath: Self.root + "/labs/" + source, toPath: subs + "/" + name)
        }
        let procfiles = [
            "never": "web: echo 'ModuleNotFoundError: boto4' >&2; exit 3\n",
            "spins": "web: exec sh -c 'while :; do :; done' \(marker)\n",
            "hangs": "web: FAKE_MODE=hang exec python3 app.py \(marker)\n",
        ]
        for (name, procfile) in procfiles {
            try SampleClass.write(procfile, to: "\(subs)/\(name)/lab2/product-service/Procfile")
        }
        try SampleClass.write(ServiceFolder.fakeService, to: subs + "/hangs/lab2/product-service/app.py")
        let start = ContinuousClock.now
        let (code, out, err) = await SampleClass.run([
            "grade", subs, "--labs", Self.root + "/labs", "--timeout", "15", "--jobs", "3", "--seed", "1", "--out", dir + "/book",
        ])
        let elapsed = ContinuousClock.now - start
        #expect(code == 0, "\(err)")
        #expect(out.contains("graded 5 participants"), "\(out)")
        // Two rounds of the 15 s timeout at most (three jobs, five submissions), with room.
        #expect(elapsed < .seconds(50), "took \(elapsed)")
        let book = try GradebookJSON.parse(String(contentsOfFile: dir + "/book/gradebook.json", encoding: .utf8))
        let rows = Dictionary(uniqueKeysWithValues: book.rows.map { ($0.participant, $0) })
        #expect(rows["solution"]?.status == .passed)
        #expect(rows["solution"]?.score == 100)
        #expect(rows["starter"]?.status == .failed)
        #expect(rows["starter"]?.score(lab: "multi-tenant-services") == 0)
        #expect(rows["starter"]?.score(lab: "tenant-isolation") == 0)
        // A service that does not start fails its lab's steps; the other labs still count.
        #expect(rows["never"]?.status == .error)
        #expect(rows["never"]?.score(lab: "onboarding") == 30)
        #expect(rows["never"]?.score(lab: "tenant-isolation") == 40)
        #expect(rows["never"]?.error?.contains("exited with status 3") == true)
        #expect(rows["never"]?.error?.contains("ModuleNotFoundError: boto4") == true)
        #expect(rows["never"]?.error?.contains("saaslab-services-") == false, "no scratch path in the report")
        for name in ["spins", "hangs"] {
            #expect(rows[name]?.status == .error, "\(name)")
            #expect((rows[name]?.score(lab: "multi-tenant-services") ?? 0) == 0, "\(name)")
        }
        #expect(book.rows.allSatisfy { $0.track == "code" })
        let csv = try String(contentsOfFile: dir + "/book/gradebook.csv", encoding: .utf8)
        #expect(csv.hasPrefix("participant,onboarding,multi-tenant-services,tenant-isolation,score,max_score,status,track,hints_used,error\r\n"))
        #expect(Self.processes(marked: marker).isEmpty, "\(Self.processes(marked: marker))")
    }

    @Test func aSettingsWorkspaceIsGradedOnTheSettingsTrack() async throws {
        let dir = try SampleClass.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try SampleClass.submissions(1, in: dir)
        try? FileManager.default.removeItem(atPath: dir + "/subs/x-unreadable")
        let (code, _, err) = await SampleClass.run(["grade", dir + "/subs", "--labs", dir + "/labs", "--seed", "1", "--out", dir + "/book"])
        #expect(code == 0, "\(err)")
        let book = try GradebookJSON.parse(String(contentsOfFile: dir + "/book/gradebook.json", encoding: .utf8))
        #expect(book.rows.first { $0.participant == "p000" }?.track == "settings")
        let html = try String(contentsOfFile: dir + "/book/gradebook.html", encoding: .utf8)
        #expect(html.contains("<th>track</th>"))
        #expect(html.contains("<td>settings</td>"))
    }

    @Test func theScratchCopysPathsAreNamedRelativeToTheWorkspace() {
        let step = StepResult(id: "s", title: "s", status: .error, points: 0, maxPoints: 1, isExercise: true,
                              message: "did not start: /tmp/x/workspace/lab2/product-service/Procfile:1: bad", location: SourceLocation(file: "l.md", line: 1, column: 1))
        let result = CodeTrackGrading.naming("/tmp/x/workspace", asIn: RunResult(labs: [LabResult(id: "l", title: "l", steps: [step])]))
        #expect(result.labs[0].steps[0].message == "did not start: lab2/product-service/Procfile:1: bad")
    }

    @Test func junitAndMarkdownNameTheTrackOnlyWhenAWorkspaceWasNamed() {
        let step = StepResult(id: "s", title: "s", status: .passed, points: 1, maxPoints: 1,
                              location: SourceLocation(file: "l.md", line: 1, column: 1))
        let run = RunResult(labs: [LabResult(id: "l", title: "L", steps: [step])])
        #expect(Report.render(run, format: .junit, options: ReportOptions(track: "code")).contains("<property name=\"track\" value=\"code\"/>"))
        #expect(!Report.render(run, format: .junit).contains("track"))
        #expect(Report.render(run, format: .markdown, options: ReportOptions(track: "code")).contains("\nTrack: code\n"))
        #expect(!Report.render(run, format: .markdown).contains("Track"))
    }

    @Test func targetRefusesACodeTrackWorkspaceSayingWhatToDo() async {
        let (code, _, err) = await SampleClass.run([
            "run", "--labs", Self.root + "/labs", "--workspace", Self.root + "/labs/code/solution", "--target", "http://127.0.0.1:9",
        ])
        #expect(code == 2)
        #expect(err.contains("code-track workspace"), "\(err)")
        #expect(err.contains("lab2/product-service/Procfile"))
        #expect(err.contains("saaslab serve --product-service http://127.0.0.1:8081"))
    }
}
