import Backend
import Foundation
import Labs
import Synchronization

/// What `grade` needs to run each submission on its own track.
///
/// A settings-track submission runs on a copy of the bootstrapped backend, as before. A
/// code-track one runs on a copy of a backend with the real clock (its services sign at the
/// real time), so it has its own platform socket and gateway; its services start from a
/// scratch copy of its workspace (a temporary folder, removed afterwards), each as a process
/// group under ``ServiceLimits``, with at most the submission's timeout to come up. The group
/// is killed when the submission's run ends, when its timeout passes, and at ``stopAll()``
/// (the class run interrupted). The lab steps still read the participant's own folder, so
/// its files are checked (links, hard links) exactly as on the settings track.
final class CodeTrackGrading: Sendable {
    let labs: [Lab]
    let settingsBackend: Backend
    /// Nil when no submission is on the code track.
    let codeBackend: Backend?
    /// Seconds a service has to answer its health check.
    let healthTimeout: Double

    /// The code-track runs under way, with their scratch folders; nil once ``stopAll()`` ran.
    private let live = Mutex<[UUID: (run: CodeTrackRun, scratch: String)]?>([:])

    init(labs: [Lab], settingsBackend: Backend, codeBackend: Backend?, submissionTimeout: Double) {
        self.labs = labs
        self.settingsBackend = settingsBackend
        self.codeBackend = codeBackend
        healthTimeout = min(CodeTrackSession.defaultHealthTimeout, submissionTimeout)
    }

    /// Whether any of `submissions` runs a service of its own.
    static func needsCodeBackend(_ submissions: [Submission], labs: [Lab]) -> Bool {
        submissions.contains { Track.of(workspace: $0.path, labs: labs) == .code }
    }

    /// Why a code-track submission could not be prepared.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// The ``ClassGrader``'s `prepare`.
    func prepare(_ workspace: String) async throws -> SubmissionRun {
        guard Track.of(workspace: workspace, labs: labs) == .code, let codeBackend else {
            return SubmissionRun(runner: EmbeddedRunner.make(on: settingsBackend.copy(), workspace: workspace), track: Track.settings.rawValue)
        }
        let id = UUID()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-services-\(id.uuidString)").path
        let copy = scratch + "/workspace"
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: URL(fileURLWithPath: workspace).resolvingSymlinksInPath().path, toPath: copy)
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw Refusal(description: "the workspace could not be copied to a scratch folder for its services: \(error.localizedDescription)")
        }
        let backend = codeBackend.copy()
        let run = CodeTrackRun(backend: backend, workspace: copy, healthTimeout: healthTimeout)
        let registered = live.withLock { live -> Bool in
            guard live != nil else { return false }
            live?[id] = (run, scratch)
            return true
        }
        guard registered else {
            try? FileManager.default.removeItem(atPath: scratch)
            throw Refusal(description: "the class run was interrupted before this submission ran")
        }
        return SubmissionRun(runner: run.hooked(EmbeddedRunner.make(on: backend, workspace: workspace)), track: Track.code.rawValue) { [self] result in
            await run.finish()
            try? FileManager.default.removeItem(atPath: scratch)
            live.withLock { _ = $0?.removeValue(forKey: id) }
            guard let result else { return nil }
            return Self.naming(copy, asIn: await run.attachingLogs(to: result))
        }
    }

    /// `result` with the scratch copy's paths in step messages made relative to the
    /// workspace (`lab2/product-service/Procfile:1: ...`), so reports name no temporary folder.
    static func naming(_ copy: String, asIn result: RunResult) -> RunResult {
        var result = result
        for lab in result.labs.indices {
            for step in result.labs[lab].steps.indices {
                result.labs[lab].steps[step].message = result.labs[lab].steps[step].message?.replacingOccurrences(of: copy + "/", with: "")
            }
        }
        return result
    }

    /// Stops every service still running and removes the scratch folders; no submission
    /// starts one after.
    func stopAll() async {
        let runs = live.withLock { live in
            defer { live = nil }
            return Array((live ?? [:]).values)
        }
        for (run, scratch) in runs {
            await run.finish()
            try? FileManager.default.removeItem(atPath: scratch)
        }
    }
}
