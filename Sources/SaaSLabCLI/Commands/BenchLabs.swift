import Backend
import Foundation
import Labs

/// The labs themselves as benchmarks: the three labs on the reference solution in-process
/// (one fresh backend per run, as `saaslab run` does), and `grade` over a class of generated
/// copies of the starter and the solution. Both use the course as `run` finds it: `labs/` in
/// the current directory, else the labs built into saaslab.
enum BenchLabs {
    static var course: Course { Course.resolve(nil) }

    /// A lab run's backend made and its SaaS app bootstrapped (the app's identity, service
    /// roles and tables, the system tenant and its admin): what every run and every graded
    /// submission pays before its first app request.
    static func backendStarts(seconds: Double) async throws(CommandFailure) -> String {
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        var starts = 0
        repeat {
            _ = try await LabBackend.start(LabBackend.config(seed: 1))
            starts += 1
        } while clock.now - start < budget
        let elapsed = (clock.now - start).seconds
        return String(format: "%.0f backends/s (%.2f ms each)", Double(starts) / elapsed, elapsed * 1000 / Double(starts))
    }

    /// Whole runs of every lab on the solution, as runs per second and milliseconds per run,
    /// each on a backend of its own bootstrapped afresh, as `saaslab run` does.
    static func solutionRuns(seconds: Double) async throws(CommandFailure) -> String {
        let course = course
        let labs: [Lab]
        do {
            labs = try course.workbook(variables: Workbook.builtinVariables).labs
        } catch {
            return "unavailable (the labs at \(course.name()) do not load)"
        }
        let outcome: Result<String, CommandFailure>
        do {
            outcome = try await course.withWorkspaces(["solution"]) { folders in
                let clock = ContinuousClock()
                let start = clock.now
                let budget = Duration.milliseconds(Int64(seconds * 1000))
                var runs = 0
                repeat {
                    let backend: Backend
                    do throws(CommandFailure) {
                        backend = try await LabBackend.start(LabBackend.config(seed: 1))
                    } catch {
                        return .failure(error)
                    }
                    let result = await EmbeddedRunner.make(on: backend, workspace: folders[0]).run(labs)
                    guard result.allPassed else { return .success("failed: the solution did not pass every step") }
                    runs += 1
                } while clock.now - start < budget
                let elapsed = (clock.now - start).seconds
                return .success(String(format: "%.1f runs/s (%.1f ms a run)", Double(runs) / elapsed, elapsed * 1000 / Double(runs)))
            }
        } catch {
            return "unavailable (\(error.localizedDescription))"
        }
        return try outcome.get()
    }

    /// `grade` over 20 submissions, alternately copies of the starter and of the solution,
    /// one job per core, each against its own copy of one bootstrapped backend, as `grade` does.
    static func gradeRate(seconds: Double) async throws(CommandFailure) -> String {
        let labs: [Lab]
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-bench-class-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let found: [Submission]
        do {
            let course = course
            labs = try course.workbook(variables: Workbook.builtinVariables).labs
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            for index in 0..<20 {
                try course.copyWorkspace(index % 2 == 0 ? "solution" : "starter", to: scratch + "/participant-\(index)")
            }
            found = try Submission.all(in: scratch)
        } catch {
            return "unavailable (\(error))"
        }
        let grader = try await BenchGrading.grader(labs)
        let value = await BenchGrading.submissionsPerSecond(grader, found, in: scratch, seconds: seconds)
        return "\(Int(value.rounded())) submissions/s"
    }

    /// `grade` over a class of the code track's Python solution (4 copies, one job per core):
    /// each submission's services started from a scratch copy, on a real-clock backend copy
    /// of its own, and stopped, as `grade` does. Unavailable without python3 and boto3.
    static func codeGradeRate(seconds: Double) async throws(CommandFailure) -> String {
        guard pythonHasBoto3() else { return "unavailable (the code track's Python services need python3 and boto3: python3 -m pip install boto3)" }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-bench-code-class-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let labs: [Lab]
        let found: [Submission]
        do {
            let course = course
            guard course.hasWorkspace(VerifyCommand.codeSolution) else { return "unavailable (the course has no \(VerifyCommand.codeSolution))" }
            labs = try course.workbook(variables: Workbook.builtinVariables).labs
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            for index in 0..<4 {
                try course.copyWorkspace(VerifyCommand.codeSolution, to: scratch + "/participant-\(index)")
            }
            found = try Submission.all(in: scratch)
        } catch {
            return "unavailable (\(error))"
        }
        let settings = try await LabBackend.start(LabBackend.config(seed: 1))
        let code = try await LabBackend.start(LabBackend.config(seed: 1, realClock: true))
        let tracks = CodeTrackGrading(labs: labs, settingsBackend: settings, codeBackend: code, submissionTimeout: 120)
        let grader = ClassGrader(labs: labs, jobs: ProcessInfo.processInfo.activeProcessorCount, timeout: .seconds(120)) { workspace in
            try await tracks.prepare(workspace)
        }
        let clock = ContinuousClock()
        let start = clock.now
        var graded = 0
        repeat {
            let outcomes = await grader.grade(found, in: scratch)
            guard outcomes.allSatisfy({ $0.row.status == .passed }) else {
                return "failed: the code solution did not pass every step (\(outcomes.first { $0.row.status != .passed }?.row.error ?? "a step failed"))"
            }
            graded += outcomes.count
        } while clock.now - start < .milliseconds(Int64(seconds * 1000))
        await tracks.stopAll()
        let elapsed = (clock.now - start).seconds
        return String(format: "%.2f submissions/s (%.2f s a submission)", Double(graded) / elapsed, elapsed / Double(graded))
    }

    /// Whether `python3 -c "import boto3"` succeeds.
    static func pythonHasBoto3() -> Bool {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import boto3"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }
}
