import Foundation
import Synchronization

/// Grades a class: every submission against its own runner (a fresh backend), several at
/// once, each bounded by a timeout. Nothing a submission holds can stop the class run: a
/// submission that cannot be graded becomes an error row saying why.
public struct ClassGrader: Sendable {
    /// One participant's outcome: the row, and the full run when there was one.
    public struct Outcome: Sendable {
        /// The gradebook row.
        public var row: Gradebook.Row
        /// The run's result, for the participant's own report; nil when nothing ran.
        public var result: RunResult?
    }

    /// The labs every submission is graded against.
    public let labs: [Lab]
    /// How many submissions are graded at once.
    public let jobs: Int
    /// The most one submission may take, all labs included.
    public let timeout: Duration
    /// Points taken off a passed step per hint level revealed beyond the first (`--hint-penalty`;
    /// see ``HintUsage/penalising(_:pointsPerLevel:)``); 0 only counts the hints.
    public let hintPenalty: Int
    /// What grading one workspace needs. Called once per submission, so each gets a fresh
    /// backend and no participant can see another's tenants, tables or users.
    public let prepare: @Sendable (_ workspace: String) async throws -> SubmissionRun

    /// A grader; `jobs` below 1 counts as 1, a `hintPenalty` below 0 as 0.
    public init(
        labs: [Lab], jobs: Int, timeout: Duration, hintPenalty: Int = 0,
        prepare: @escaping @Sendable (_ workspace: String) async throws -> SubmissionRun
    ) {
        self.labs = labs
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.hintPenalty = max(0, hintPenalty)
        self.prepare = prepare
    }

    /// A grader whose submissions need nothing but a runner each.
    public init(labs: [Lab], jobs: Int, timeout: Duration, hintPenalty: Int = 0, makeRunner: @escaping @Sendable (_ workspace: String) -> LabRunner) {
        self.init(labs: labs, jobs: jobs, timeout: timeout, hintPenalty: hintPenalty) { workspace in SubmissionRun(runner: makeRunner(workspace)) }
    }

    /// Grades `submissions` (found in `folder`) and returns their outcomes in the order given.
    /// `progress` is called with (done, total) after each submission, from any task.
    public func grade(
        _ submissions: [Submission], in folder: String,
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async -> [Outcome] {
        let files = labs.flatMap(\.workspaceFiles)
        var outcomes = [Outcome?](repeating: nil, count: submissions.count)
        // Two submissions that are one folder would share one participant's marks.
        var owners: [String: String] = [:]
        for (index, submission) in submissions.enumerated() where !submission.isLink {
            let real = URL(fileURLWithPath: submission.path).standardizedFileURL.resolvingSymlinksInPath().path
            if let owner = owners[real] {
                outcomes[index] = Outcome(row: .init(participant: submission.name, status: .error,
                                                     error: "the submission is the same folder as \(owner)'s: refused"), result: nil)
            } else {
                owners[real] = submission.name
            }
        }
        let pending = submissions.indices.filter { outcomes[$0] == nil }
        // Each lane grades one pending submission after another on a thread of its own (see
        // ``GradingLane``), so one slow submission never idles the other lanes.
        let lanes = (0..<min(jobs, pending.count)).map { _ in GradingLane() }
        let claimed = ClaimedSubmissions(pending: pending, alreadyDone: submissions.count - pending.count)
        await withTaskGroup(of: [(Int, Outcome)].self) { group in
            for lane in lanes {
                group.addTask(executorPreference: lane.executor) {
                    var graded: [(Int, Outcome)] = []
                    while let index = claimed.next() {
                        graded.append((index, await grade(submissions[index], in: folder, files: files, lane: lane)))
                        claimed.finished { done in progress(done, submissions.count) }
                    }
                    return graded
                }
            }
            for await graded in group {
                for (index, outcome) in graded { outcomes[index] = outcome }
            }
        }
        for lane in lanes { lane.close() }
        return outcomes.enumerated().map { index, outcome in
            outcome ?? Outcome(row: .init(participant: submissions[index].name, status: .error, error: "not graded"), result: nil)
        }
    }

    /// One submission: checked, then run against its own runner within the timeout, on `lane`.
    func grade(_ submission: Submission, in folder: String, files: [String], lane: GradingLane) async -> Outcome {
        if let problem = submission.problem(within: folder, files: files) {
            return Outcome(row: .init(participant: submission.name, status: .error, error: problem), result: nil)
        }
        let run: SubmissionRun
        do {
            run = try await prepare(submission.path)
        } catch {
            return Outcome(row: .init(participant: submission.name, status: .error, error: "\(error)"), result: nil)
        }
        let labs = labs
        let runner = run.runner
        // At the timeout, `finish` stops what the submission started (its services) at once,
        // while the abandoned run ends on its own thread.
        guard let ran = await Deadline.run(within: timeout, on: lane, { await runner.run(labs) }) else {
            _ = await run.finish(nil)
            return Outcome(row: .init(participant: submission.name, status: .error, track: run.track,
                                      error: "timed out after \(Deadline.describe(timeout)): grading stopped",
                                      hints: HintUsage.read(workspace: submission.path, labs: labs)), result: nil)
        }
        var finished = await run.finish(ran) ?? ran
        let usage: HintUsage
        switch HintRecord.read(workspace: submission.path, named: HintRecord.path) {
        case .success(let record):
            usage = HintUsage(record: record, labs: labs)
            // The participant's report shows the levels they revealed, as `run --workspace` does.
            finished = finished.revealing(record, labs: labs)
        case .failure(let problem):
            usage = HintUsage(problem: problem.description)
        }
        let (result, hints) = usage.penalising(finished, pointsPerLevel: hintPenalty)
        return Outcome(row: .init(participant: submission.name, result: result, track: run.track, hints: hints), result: result)
    }
}

/// The submissions still to grade, handed out one at a time to whichever lane asks, and a
/// count of those graded.
private final class ClaimedSubmissions: Sendable {
    private let claimed = Mutex(0)
    /// Its own lock, so a slow progress report holds up no lane claiming its next submission.
    private let done: Mutex<Int>
    private let pending: [Int]

    init(pending: [Int], alreadyDone: Int) {
        self.pending = pending
        done = Mutex(alreadyDone)
    }

    /// The index of the next submission to grade; nil when every one is taken.
    func next() -> Int? {
        claimed.withLock { next in
            guard next < pending.count else { return nil }
            next += 1
            return pending[next - 1]
        }
    }

    /// Counts one more graded and reports the count, under the lock so that counts arrive
    /// in order whichever lane reports.
    func finished(_ report: (Int) -> Void) {
        done.withLock { done in
            done += 1
            report(done)
        }
    }
}

/// One submission's run as the grader sees it: the runner, the track its workspace is on,
/// and what to do once the run is over.
public struct SubmissionRun: Sendable {
    /// The runner for the participant's workspace.
    public var runner: LabRunner
    /// `code` or `settings`, for the gradebook; nil leaves it unsaid.
    public var track: String?
    /// Called once: with the result when the run ended, with nil when the submission's
    /// timeout passed first. Stops whatever the submission started and answers the result
    /// to record (nil keeps the one given).
    public var finish: @Sendable (RunResult?) async -> RunResult?

    /// A run; by default nothing to stop and the result kept.
    public init(runner: LabRunner, track: String? = nil, finish: @escaping @Sendable (RunResult?) async -> RunResult? = { $0 }) {
        self.runner = runner
        self.track = track
        self.finish = finish
    }
}

/// Runs work with a deadline without waiting for it to notice cancellation.
///
/// A task group would wait for its children, so a submission that keeps the backend busy
/// and ignores cancellation would hold up the class. Here the work runs in its own task, on a
/// lane's thread (``GradingLane``) or a thread of its own, and whichever comes first (its
/// result or the deadline) resumes the caller; at the deadline the lane leaves the thread to
/// the work, which is cancelled and left to finish there. The deadline is an alarm on the
/// runner's deadline thread, not a sleeping task, so work that keeps threads busy cannot hold
/// it back.
enum Deadline {
    /// The work's result, or nil when `limit` passed first. With a `lane`, the work runs on
    /// the lane's thread; without one, on a thread started for it.
    static func run<T: Sendable>(within limit: Duration, on lane: GradingLane? = nil, _ work: @escaping @Sendable () async -> T) async -> T? {
        let executor = lane?.workExecutor() ?? LaneExecutor(on: LaneThread())
        return await withCheckedContinuation { continuation in
            let once = ResumeOnce<T?>(continuation)
            // The work settles its own outcome on its own thread as it ends: waiting for a
            // task on the shared pool to notice would let a busy pool turn work done in time
            // into a timeout.
            let worker = CancellableWork()
            let alarm = DeadlineAlarms.shared.arm(at: .now + limit) {
                // Settled first: cancelled work may end at once, and its result must not pass
                // for one that came in time; work that came in time keeps its thread.
                guard let continuation = once.take() else { return }
                // The lane moves on before the caller resumes: its next job must not queue
                // behind work that may never yield the thread.
                lane?.abandon(executor)
                continuation.resume(returning: nil)
                worker.cancel()
            }
            worker.start(Task(executorPreference: executor) {
                let value = await work()
                DeadlineAlarms.shared.disarm(alarm)
                once.resume(value)
                if lane == nil { executor.thread.close() }
            })
        }
    }

    /// `300 s`, `1.5 s`, `250 ms`.
    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if seconds == 0 { return "\(attoseconds / 1_000_000_000_000_000) ms" }
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18) s"
    }
}

/// A task that may be cancelled before it is known: the deadline's alarm is armed before the
/// work starts, so the work can disarm it.
private final class CancellableWork: Sendable {
    private let state = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

    func start(_ task: Task<Void, Never>) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() }
    }

    func cancel() {
        state.withLock { state in
            state.cancelled = true
            return state.task
        }?.cancel()
    }
}

/// A continuation resumed by whichever caller comes first; later calls do nothing.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Never>?>

    /// Wraps `continuation`; set before either racer starts, so no value can arrive early.
    init(_ continuation: CheckedContinuation<T, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: T) {
        take()?.resume(returning: value)
    }

    /// The continuation, to the first caller only; nil once taken.
    func take() -> CheckedContinuation<T, Never>? {
        continuation.withLock { $0.take() }
    }
}
