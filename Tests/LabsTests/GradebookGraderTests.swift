import Core
import Foundation
import HTTP
import Synchronization
import Testing
@testable import Labs

/// The class grader over the test router: parallel jobs, order, hostile submissions and the
/// per-participant timeout.
@Suite struct GradebookGraderTests {
    private func lab(slow: Bool = false) throws -> Lab {
        try runnerLab(block("id=send points=2 exercise", """
        POST {{api}}/echo
        file,lab1/answer.json;
        HTTP 201
        [Asserts]
        jsonpath "$.body" contains "correct"
        """) + (slow ? block("id=slow", "GET {{api}}/slow\nHTTP 200") : ""))
    }

    private func grader(_ labs: [Lab], jobs: Int = 4, timeout: Duration = .seconds(30)) -> ClassGrader {
        ClassGrader(labs: labs, jobs: jobs, timeout: timeout) { workspace in
            LabRunner(client: InPlaceClient(), configuration: .init(
                baseURL: "http://test.local", workspace: workspace, random: SeededRandomSource(seed: 1),
                clock: ManualClock(start: testDate)))
        }
    }

    /// A class folder with participants written by `files` (name → answer text, nil: none).
    private func classFolder(_ answers: [String: String?]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-class-\(UUID().uuidString)").path
        for (name, answer) in answers {
            try FileManager.default.createDirectory(atPath: folder + "/\(name)/lab1", withIntermediateDirectories: true)
            if let answer { try Data(answer.utf8).write(to: URL(fileURLWithPath: folder + "/\(name)/lab1/answer.json")) }
        }
        return folder
    }

    @Test func gradesEveryoneInNameOrderWithBrokenOnesAsErrorRows() async throws {
        let folder = try classFolder(["b-right": #"{"correct":1}"#, "a-wrong": #"{"nope":1}"#, "c-missing": nil, "d-binary": nil])
        try Data([0, 159, 146, 150]).write(to: URL(fileURLWithPath: folder + "/d-binary/lab1/answer.json"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/e-link", withDestinationPath: "/tmp")
        try Data("not a participant".utf8).write(to: URL(fileURLWithPath: folder + "/README.md"))
        let submissions = try Submission.all(in: folder)
        #expect(submissions.map(\.name) == ["a-wrong", "b-right", "c-missing", "d-binary", "e-link"])
        let outcomes = await grader([try lab()]).grade(submissions, in: folder)
        #expect(outcomes.map(\.row.status) == [.failed, .passed, .error, .error, .error])
        #expect(outcomes[2].row.error?.contains("is missing from the workspace") == true)
        #expect(outcomes[3].row.error?.contains("not text") == true)
        #expect(outcomes[4].row.error == "the submission is a link; submit a folder")
        #expect(outcomes[1].result?.score == 2)
    }

    @Test func everyBrokenFileIsNamedNotJustTheFirst() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-class-\(UUID().uuidString)").path
        let workspace = folder + "/p"
        try FileManager.default.createDirectory(atPath: workspace + "/lab1", withIntermediateDirectories: true)
        try Data([0, 1, 2]).write(to: URL(fileURLWithPath: workspace + "/lab1/a.json"))
        try Data(#"{"ok":1}"#.utf8).write(to: URL(fileURLWithPath: workspace + "/lab1/b.json"))
        try Data([0xFF, 0xFE]).write(to: URL(fileURLWithPath: workspace + "/lab1/c.json"))
        let submission = Submission(name: "p", path: workspace)
        let problem = submission.problem(within: folder, files: ["lab1/a.json", "lab1/b.json", "lab1/c.json", "lab1/d.json"])
        let lines = problem?.split(separator: "\n").map(String.init) ?? []
        #expect(lines.count == 3, "\(problem ?? "")")
        #expect(lines.first?.hasPrefix("lab1/a.json is not text") == true)
        #expect(lines.dropFirst().first?.hasPrefix("lab1/c.json is not text") == true)
        #expect(lines.last?.hasPrefix("lab1/d.json is missing from the workspace") == true)
        // Without a file the runner cannot send, missing ones are left to it: it names the step.
        #expect(submission.problem(within: folder, files: ["lab1/b.json", "lab1/d.json"]) == nil)
    }

    @Test func aLinkToAnotherParticipantsFolderGetsNoMarks() async throws {
        let folder = try classFolder(["alice": #"{"correct":1}"#])
        try FileManager.default.createSymbolicLink(atPath: folder + "/mallory", withDestinationPath: "alice")
        let outcomes = await grader([try lab()]).grade(try Submission.all(in: folder), in: folder)
        #expect(outcomes.map(\.row.participant) == ["alice", "mallory"])
        #expect(outcomes.map(\.row.status) == [.passed, .error])
        #expect(outcomes[1].row.error == "the submission is a link; submit a folder")
        #expect(outcomes[1].result == nil)
    }

    /// A folder whose name is not UTF-8 is listed with replacement characters and cannot be
    /// opened by that name: it still gets a row, an error saying to rename it.
    @Test func aFolderNamedInInvalidUTF8GetsAnErrorRow() async throws {
        let folder = try classFolder(["alice": #"{"correct":1}"#])
        let raw = Array(folder.utf8) + Array("/bob".utf8) + [0xFF]
        try #require(raw.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { Array($0) + [0] }.withUnsafeBufferPointer { mkdir($0.baseAddress!, 0o755) }
        } == 0)
        let outcomes = await grader([try lab()]).grade(try Submission.all(in: folder), in: folder)
        #expect(outcomes.count == 2)
        #expect(outcomes.map(\.row.status) == [.passed, .error])
        #expect(outcomes[1].row.error?.contains("rename the folder") == true, "\(outcomes[1].row.error ?? "")")
    }

    @Test func twoSubmissionsOfOneFolderAreRefused() async throws {
        let folder = try classFolder(["alice": #"{"correct":1}"#])
        let submissions = [Submission(name: "alice", path: folder + "/alice"), Submission(name: "bob", path: folder + "/./alice")]
        let outcomes = await grader([try lab()]).grade(submissions, in: folder)
        #expect(outcomes.map(\.row.status) == [.passed, .error])
        #expect(outcomes[1].row.error?.contains("same folder as alice's") == true, "\(outcomes[1].row.error ?? "")")
    }

    @Test func aSubmissionOverItsTimeIsAnErrorRowAndTheOthersFinish() async throws {
        let folder = try classFolder(["one": #"{"correct":1}"#, "two": #"{"correct":1}"#])
        let started = ContinuousClock.now
        let outcomes = await grader([try lab(slow: true)], jobs: 1, timeout: .milliseconds(300))
            .grade(try Submission.all(in: folder), in: folder)
        #expect(outcomes.map(\.row.status) == [.error, .error])
        #expect(outcomes[0].row.error == "timed out after 300 ms: grading stopped")
        // The slow route answers after 120 s: finishing far sooner, however loaded the machine
        // running the suite, proves the grader stopped waiting. (A 4 s bound flaked under load.)
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    /// Two submissions whose backend computes without end (a policy that takes minutes to
    /// evaluate, say) and never notices cancellation: in a class of twelve on as many jobs as
    /// this machine has cores, the honest ten still pass, the two time out, and the class ends
    /// without waiting for them. On the cooperative pool the two would hold every thread, and
    /// the deadline timers with them.
    @Test func submissionsThatComputeWithoutEndStallNoOneElse() async throws {
        var answers: [String: String?] = [:]
        for index in 0..<10 { answers["honest-\(index)"] = #"{"correct":1}"# }
        answers["hostile-1"] = #"{"correct":1}"#
        answers["hostile-2"] = #"{"correct":1}"#
        let folder = try classFolder(answers)
        let release = ReleaseFlag()
        defer { release.set() }
        let started = ContinuousClock.now
        let grader = ClassGrader(labs: [try lab()], jobs: max(2, ProcessInfo.processInfo.activeProcessorCount), timeout: .seconds(4)) { workspace in
            let client: any HTTPClient = workspace.contains("hostile")
                ? ComputingClient(release: release) : InPlaceClient()
            return LabRunner(client: client, configuration: .init(
                baseURL: "http://test.local", workspace: workspace, random: SeededRandomSource(seed: 1), clock: ManualClock(start: testDate)))
        }
        let outcomes = await grader.grade(try Submission.all(in: folder), in: folder)
        let rows = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.row.participant, $0.row) })
        for index in 0..<10 {
            #expect(rows["honest-\(index)"]?.status == .passed, "\(rows["honest-\(index)"]?.error ?? "")")
        }
        #expect(rows["hostile-1"]?.error == "timed out after 4 s: grading stopped")
        #expect(rows["hostile-2"]?.error == "timed out after 4 s: grading stopped")
        // The hostile sends compute for up to 120 s: ending far sooner shows nobody waited.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    /// One lane, and its first submission computes without end on the lane's thread: the lane
    /// leaves that thread to it at the timeout and grades the rest on a fresh one.
    @Test func aLaneGoesOnPastASubmissionStuckOnItsThread() async throws {
        let folder = try classFolder(["a-hostile": #"{"correct":1}"#, "b-honest": #"{"correct":1}"#, "c-honest": #"{"correct":1}"#])
        let release = ReleaseFlag()
        defer { release.set() }
        let started = ContinuousClock.now
        let grader = ClassGrader(labs: [try lab()], jobs: 1, timeout: .seconds(2)) { workspace in
            let client: any HTTPClient = workspace.contains("hostile")
                ? ComputingClient(release: release) : InPlaceClient()
            return LabRunner(client: client, configuration: .init(
                baseURL: "http://test.local", workspace: workspace, random: SeededRandomSource(seed: 1), clock: ManualClock(start: testDate)))
        }
        let outcomes = await grader.grade(try Submission.all(in: folder), in: folder)
        #expect(outcomes.map(\.row.participant) == ["a-hostile", "b-honest", "c-honest"])
        #expect(outcomes[0].row.error == "timed out after 2 s: grading stopped")
        #expect(outcomes[1].row.status == .passed, "\(outcomes[1].row.error ?? "")")
        #expect(outcomes[2].row.status == .passed, "\(outcomes[2].row.error ?? "")")
        // The hostile send computes for up to 120 s.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    /// Work that ends about when its deadline passes, again and again on one lane: the alarm
    /// and the work race each time, every call answers (the value, or nil when the deadline
    /// won), and the lane goes on working.
    @Test(.timeLimit(.minutes(1))) func workEndingAtItsDeadlineLeavesTheLaneWorking() async {
        let lane = GradingLane()
        defer { lane.close() }
        var answered = 0
        await withTaskExecutorPreference(lane.executor) {
            for round in 0..<300 {
                let value = await Deadline.run(within: .microseconds(200 + round % 5 * 100), on: lane) {
                    let until = ContinuousClock.now + .microseconds(300)
                    while ContinuousClock.now < until {}
                    return round
                }
                #expect(value == nil || value == round)
                answered += 1
            }
        }
        #expect(answered == 300)
        #expect(await Deadline.run(within: .seconds(10), on: lane) { 42 } == 42)
    }

    @Test func progressCountsUpToTheTotal() async throws {
        let folder = try classFolder(Dictionary(uniqueKeysWithValues: (0..<6).map { ("p\($0)", Optional(#"{"correct":1}"#)) }))
        let seen = Mutex<[Int]>([])
        let outcomes = await grader([try lab()], jobs: 3).grade(try Submission.all(in: folder), in: folder) { done, total in
            #expect(total == 6)
            seen.withLock { $0.append(done) }
        }
        // Every lane reports, and the counts still arrive in order.
        #expect(seen.withLock { $0 } == [1, 2, 3, 4, 5, 6])
        #expect(outcomes.allSatisfy { $0.row.status == .passed })
    }

    @Test func deadlineReturnsTheValueWhenWorkIsQuick() async {
        #expect(await Deadline.run(within: .seconds(5)) { 42 } == 42)
        #expect(Deadline.describe(.seconds(300)) == "300 s")
    }
}

/// The test router in-process, sent in place on the sending thread as `grade`'s embedded
/// backend is: grading here never waits for Swift's shared threads, which tests of other
/// suites hold while they wait for a process to exit.
private struct InPlaceClient: HTTPClient {
    let client = InProcessClient(responder: testRouter())

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await client.send(request)
    }

    var stopsWhenCancelled: Bool { false }
}

/// A client whose every send computes on the calling thread until released (or for 120 s),
/// ignoring cancellation, as an in-process backend stuck in a long evaluation would.
private struct ComputingClient: HTTPClient {
    let release: ReleaseFlag

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let until = ContinuousClock.now + .seconds(120)
        var spins = 0
        while !release.isSet, ContinuousClock.now < until { spins &+= 1 }
        return HTTPResponse(status: 500, body: Array("computed \(spins) rounds".utf8))
    }

    var stopsWhenCancelled: Bool { false }
}

/// Set once, at the end of a test, to let computing sends go.
private final class ReleaseFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}
