import Backend
import Core
import Foundation
import HTTP
import Labs
import Synchronization

/// `saaslab grade SUBMISSIONS`: grades a class, one participant folder at a time per job,
/// each against its own copy of one bootstrapped backend, and writes the gradebook.
struct GradeCommand: SaaSLabCommand {
    static let jobs = Option<Int>("jobs", short: "j", placeholder: "n", in: 1...1024, help: "Submissions graded at once (default: one per core).")
    static let timeout = Option<Double>.seconds("timeout", help: "The most one participant may take, all labs included (default 300).")
    static let shard = Option<Shard>("shard", placeholder: "k/n", help: "Grade only the K-th of N round-robin slices of the sorted participants.") {
        (text: String) throws(InvalidValue) in
        guard let shard = Shard(text) else { throw InvalidValue(expected: "K/N with 1 <= K <= N, e.g. 2/8") }
        return shard
    }
    static let hintPenalty = Option<Int>(
        "hint-penalty", placeholder: "p", in: 0...1_000_000,
        help: "Take P points off a passed step per hint level its participant revealed beyond the first (never below 0); without it, hints are only counted."
    )

    static let spec = CommandSpec(
        name: "grade",
        abstract: "Grade a class: one workspace folder per participant, in parallel; write the gradebook.",
        discussion: "Writes gradebook.csv, gradebook.json, gradebook.html and participants/<name>.json into --out, with each participant's hints used (levels revealed with 'saaslab hint' beyond the first). "
            + "A submission that cannot be graded becomes an error row; the class run goes on. "
            + "With code-track submissions, Ctrl-C (SIGINT) or SIGTERM stops the services it started and exits 128 + the signal, writing no gradebook.",
        arguments: [.init("submissions", help: "The folder holding one workspace folder per participant.")],
        options: [
            LabOptions.labs,
            jobs,
            timeout,
            GradebookFolder.out,
            shard,
            BackendOptions.seed.describing("Seed every participant's backend and clock for reproducible reports."),
            hintPenalty,
            LabOptions.extraLabs,
        ],
        exits: [
            .init(ExitCode.success, "grading finished (whatever the scores)"),
            .init(ExitCode.unreadableInput, "the labs or the submissions folder could not be read"),
            .usage(),
            .backendDidNotStart,
            .cannotWrite("the gradebook (--out)"),
        ]
    )

    let submissions: String
    let labsFolder: String?
    let jobs: Int
    let timeout: Double
    let out: String
    let shard: Shard?
    let seed: UInt64?
    let hintPenalty: Int?
    let extraLabs: [String]

    init(arguments: ParsedArguments) {
        submissions = arguments.positionals[0]
        labsFolder = arguments[LabOptions.labs]
        jobs = arguments[Self.jobs] ?? ProcessInfo.processInfo.activeProcessorCount
        timeout = arguments[Self.timeout] ?? 300
        out = arguments[GradebookFolder.out] ?? GradebookFolder.defaultFolder
        extraLabs = arguments[LabOptions.extraLabs]
        hintPenalty = arguments[Self.hintPenalty]
        shard = arguments[Self.shard]
        seed = arguments[BackendOptions.seed]
    }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        let labs = try LabLoading(folder: labsFolder, extraFolders: extraLabs).load([])
        var found: [Submission]
        do {
            found = try Submission.all(in: submissions)
        } catch {
            throw .unreadable("cannot read the submissions folder \(submissions): \(error.localizedDescription)")
        }
        if let shard {
            let names = Set(shard.select(found.map(\.name)))
            found = found.filter { names.contains($0.name) }
        }
        // One backend is bootstrapped and every participant runs on a copy of it: the same
        // start as a backend of their own, without paying for the bootstrap each time.
        let bootstrapped = try await LabBackend.start(seed: seed)
        // Code-track submissions' services sign at the real time: their copies come from a
        // backend with the real clock (the seed still fixes ids and keys).
        var codeBackend: Backend?
        if CodeTrackGrading.needsCodeBackend(found, labs: labs) {
            codeBackend = try await LabBackend.start(seed: seed, realClock: true)
        }
        let tracks = CodeTrackGrading(labs: labs, settingsBackend: bootstrapped, codeBackend: codeBackend, submissionTimeout: timeout)
        let grader = ClassGrader(labs: labs, jobs: jobs, timeout: .milliseconds(Int64(timeout * 1000)), hintPenalty: hintPenalty ?? 0) { workspace in
            try await tracks.prepare(workspace)
        }
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1 && console.environment["TERM"].map { $0 != "dumb" } == true)
        let graded = await Self.grade(found, in: submissions, with: grader, stoppingServicesOf: codeBackend == nil ? nil : tracks) { done, total in
            progress.update(done: done, total: total)
        }
        progress.finish()
        let outcomes: [ClassGrader.Outcome]
        switch graded {
        case .graded(let all):
            outcomes = all
        case .interrupted(let signal):
            console.error("saaslab grade: interrupted (\(signal == SIGINT ? "SIGINT" : "SIGTERM")); the services it started are stopped, no gradebook written")
            return 128 + signal
        }
        let book = Gradebook(labs: labs.map(Gradebook.LabColumn.init), rows: outcomes.map(\.row), shard: shard, hintPenalty: hintPenalty)
        let reports = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.row.participant, GradebookFiles.report(for: $0)) })
        try GradebookFolder.write(book, reports: reports, to: out)
        let summary = book.summary
        console.line("graded \(Gradebook.Summary.count(summary.participants, "participant"))\(shard.map { " (shard \($0))" } ?? ""): \(summary.outcomes); gradebook in \(out)/")
        return ExitCode.success
    }

    enum Graded: Sendable {
        case graded([ClassGrader.Outcome])
        case interrupted(Int32)
    }

    /// Grades the class; with code-track submissions (`services`), SIGINT and SIGTERM stop
    /// every service the class started and end the run at once, without waiting for the
    /// submissions under way (their work is abandoned, as at a timeout).
    static func grade(
        _ submissions: [Submission], in folder: String, with grader: ClassGrader, stoppingServicesOf services: CodeTrackGrading?,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async -> Graded {
        guard let services else { return .graded(await grader.grade(submissions, in: folder, progress: progress)) }
        let signals = SignalWaiter(signals: [SIGINT, SIGTERM])
        defer { signals.restoreDefaults() }
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Graded, Never>) in
            let once = FirstOutcome(continuation)
            let grading = Task {
                let outcomes = await grader.grade(submissions, in: folder, progress: progress)
                once.take()?.resume(returning: .graded(outcomes))
            }
            Task {
                let signal = await signals.wait()
                guard let continuation = once.take() else { return }
                await services.stopAll()
                grading.cancel()
                continuation.resume(returning: .interrupted(signal))
            }
        }
        if case .graded = outcome { await services.stopAll() }
        return outcome
    }

    /// The continuation, for whichever of grading and a signal comes first.
    private final class FirstOutcome: Sendable {
        private let continuation: Mutex<CheckedContinuation<Graded, Never>?>

        init(_ continuation: CheckedContinuation<Graded, Never>) {
            self.continuation = Mutex(continuation)
        }

        func take() -> CheckedContinuation<Graded, Never>? {
            continuation.withLock { $0.take() }
        }
    }
}

/// `[ 37/200]  18%  eta 0:42` on standard error, redrawn in place; only on a terminal, so
/// logs and CI output never fill with carriage returns.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let start = ContinuousClock.now

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let elapsed = (ContinuousClock.now - start).seconds
        let remaining = done == 0 ? 0 : Int((elapsed / Double(done) * Double(total - done)).rounded())
        let width = String(total).count
        let count = String(repeating: " ", count: max(0, width - String(done).count)) + String(done)
        let line = "\r[\(count)/\(total)] \(done * 100 / total)%  eta \(remaining / 60):\(String(format: "%02d", remaining % 60))  "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
