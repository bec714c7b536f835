import Backend
import Core
import Foundation
import HTTP
import Labs
import Synchronization

/// `saaslab run`: runs labs against a fresh, bootstrapped embedded backend (or `--target`)
/// and reports.
struct RunCommand: SaaSLabCommand {
    static let target = Option<String>("target", placeholder: "url", help: "Run against a served backend instead of a fresh embedded one.") {
        (text: String) throws(InvalidValue) in
        // Checked here, with the client's own parser, so a bad URL is a usage error (64)
        // rather than a failed run (1).
        guard text.hasPrefix("http://") || text.hasPrefix("https://"), (try? NetworkClient(baseURL: text)) != nil else {
            throw InvalidValue(expected: "a URL such as http://127.0.0.1:8080")
        }
        return text
    }
    static let format = Option<ReportFormat>(
        "format", short: "f", placeholder: "format", help: "terminal, json, junit, tap, gradescope, markdown or html (default terminal)."
    )
    static let output = Option<String>(
        "output", short: "o", placeholder: "file", help: "Write the report to this file instead of standard output ('-' is standard output)."
    )
    static let color = Option<ColourChoice>(
        "color", placeholder: "when",
        help: "Colour the terminal report: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR=1 colours anywhere), always or never. Default auto."
    )
    static let hiddenVisibility = Option<HiddenVisibility>(
        "hidden-visibility", placeholder: "when",
        help: "Gradescope: when hidden steps worth points, and the total, show: after_published (default) or after_due_date."
    )

    static let spec = CommandSpec(
        name: "run",
        abstract: "Run labs' steps against the backend and report the score.",
        discussion: "A LAB is a lab id from the labs folder or the path of a lab file; none runs them all. "
            + "On the code track, Ctrl-C (SIGINT) or SIGTERM stops the services it started and exits 128 + the signal.",
        arguments: [.init("lab", help: "Lab ids or lab file paths (default: every lab).", optional: true, repeating: true)],
        options: [
            LabOptions.workspace,
            LabOptions.labs,
            target,
            format,
            output,
            color,
            LabOptions.variable,
            BackendOptions.seed.describing(
                "Seed ids, keys, tokens and the clock for a reproducible run (with --target: only the runner's own ids, such as {{newUuid}})."),
            LabOptions.instructor.describing("Show hidden steps in terminal, markdown and html reports."),
            hiddenVisibility,
            LabOptions.extraLabs,
        ],
        exits: [
            .init(ExitCode.success, "every step passed"),
            .init(ExitCode.failure, "a step did not (a workspace file that is missing or not JSON is its step's error)"),
            .init(ExitCode.unreadableInput, "a lab file or the workspace folder could not be read (or --target was given a code-track workspace)"),
            .usage(),
            .backendDidNotStart,
            .cannotWrite("the report (--output)"),
        ]
    )

    let labNames: [String]
    let workspace: String?
    let labsFolder: String?
    let target: String?
    let format: ReportFormat
    let output: String?
    let colour: ColourChoice
    let variables: [String: String]
    let seed: UInt64?
    let instructor: Bool
    let hiddenVisibility: HiddenVisibility
    let extraLabs: [String]

    init(arguments: ParsedArguments) throws(UsageError) {
        labNames = arguments.positionals
        workspace = arguments[LabOptions.workspace]
        labsFolder = arguments[LabOptions.labs]
        target = arguments[Self.target]
        // `--output -` is standard output, as for most command-line tools.
        output = arguments[Self.output].flatMap { $0 == "-" ? nil : $0 }
        instructor = arguments[LabOptions.instructor]
        colour = arguments[Self.color] ?? .auto
        extraLabs = arguments[LabOptions.extraLabs]
        format = arguments[Self.format] ?? .terminal
        if let visibility = arguments[Self.hiddenVisibility] {
            guard format == .gradescope else {
                throw UsageError("--hidden-visibility applies to --format gradescope only")
            }
            hiddenVisibility = visibility
        } else {
            hiddenVisibility = .afterPublished
        }
        variables = Dictionary(arguments[LabOptions.variable].map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        seed = arguments[BackendOptions.seed]
    }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        let labs = try LabLoading(folder: labsFolder, variables: Workbook.builtinVariables.union(variables.keys), extraFolders: extraLabs).load(labNames)
        var isFolder: ObjCBool = false
        if let workspace, !FileManager.default.fileExists(atPath: workspace, isDirectory: &isFolder) {
            throw .unreadable("workspace \(workspace) does not exist; create one with 'saaslab init \(workspace)'")
        }
        if let workspace, !isFolder.boolValue {
            throw .unreadable("workspace \(workspace) is a file; --workspace expects a folder (create one with 'saaslab init DIR')")
        }
        let track = Track.of(workspace: workspace, labs: labs)
        if let target, track == .code {
            // A served backend is another process: saaslab cannot give the service its socket
            // and credentials nor point that backend's gateway at it.
            let folders = labs.compactMap { Track.serviceFolder(workspace: workspace, lab: $0) }
            throw .unreadable("--target \(target) cannot run a code-track workspace: saaslab starts a workspace's services only on its own embedded backend (\(folders.map { $0 + "/Procfile" }.joined(separator: ", ")))."
                + " Run without --target, or start your service by hand against the served backend (docs/code-track.md, 'Running your service by hand')"
                + " with its gateway pointed at it: saaslab serve --product-service http://127.0.0.1:8081")
        }
        let (runner, codeRun) = try await makeRunner(track: track)
        // Only JUnit and HTML reports carry timings, and a seeded report must be the same bytes
        // every time: only an unseeded run in one of those formats is timed.
        let timed = seed == nil && format.showsTimings
        var (result, timings): (RunResult, RunTimings?)
        if let codeRun {
            switch await Self.runStoppingServices(labs, runner: runner, timed: timed, codeRun: codeRun) {
            case .ran(let ran, let times):
                (result, timings) = (await codeRun.attachingLogs(to: ran), times)
            case .interrupted(let signal):
                console.error("saaslab run: interrupted (\(signal == SIGINT ? "SIGINT" : "SIGTERM")); the services it started are stopped")
                return 128 + signal
            }
        } else if timed {
            (result, timings) = await runner.runTimed(labs)
        } else {
            (result, timings) = (await runner.run(labs), nil)
        }
        if let workspace {
            // A broken record costs the participant the deeper levels, not the run.
            switch HintRecord.read(workspace: workspace) {
            case .success(let record): result = result.revealing(record, labs: labs)
            case .failure(let problem): console.error("warning: \(problem); the report shows each step's first hint only")
            }
        }
        result = TargetRunHints.explained(result, seeded: target != nil && seed != nil)
        let coloured = format == .terminal
            && colour.colours(toTerminal: output == nil && console.outputIsTerminal, environment: console.environment)
        let report = Report.render(result, format: format, options: ReportOptions(
            instructor: instructor, colour: coloured, hiddenVisibility: hiddenVisibility, timings: timings,
            track: workspace == nil ? nil : track.rawValue))
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(report.utf8)) else {
                throw .cannotWrite("cannot write the report to \(output)")
            }
        } else {
            console.write(report)
        }
        return result.allPassed ? ExitCode.success : ExitCode.failure
    }

    /// A fresh, bootstrapped backend in-process, where a seed fixes both the randomness and the
    /// clock, so the run is reproducible to the byte (the code track keeps the real clock, see
    /// ``LabBackend/config(seed:realClock:)``); or a network client for `--target`. On the code
    /// track, also what starts and stops the workspace's services.
    private func makeRunner(track: Track) async throws(CommandFailure) -> (LabRunner, CodeTrackRun?) {
        guard let target else {
            let backend = try await LabBackend.start(seed: seed, realClock: track == .code)
            let runner = EmbeddedRunner.make(on: backend, workspace: workspace, overrides: variables, namesHiddenSteps: instructor)
            guard track == .code, let workspace else { return (runner, nil) }
            let codeRun = CodeTrackRun(backend: backend, workspace: workspace)
            return (codeRun.hooked(runner), codeRun)
        }
        let client: NetworkClient
        do {
            client = try NetworkClient(baseURL: target)
        } catch {
            // ``target`` made sure it parses.
            throw .usage("cannot use --target \(target): \(error)")
        }
        // A served backend keeps its own clock, and SigV4 refuses a signature dated more than
        // five minutes from it: the seed fixes only what the runner draws itself ({{newUuid}}),
        // and requests are signed (and {{newDate}} drawn) at the real time.
        return (LabRunner(client: client, configuration: .init(
            baseURL: target, builtins: LabBackend.builtins(BackendConfig()), overrides: variables, workspace: workspace,
            random: seed.map { SeededRandomSource(seed: $0) } ?? SystemRandomSource(), clock: SystemClock(),
            namesHiddenSteps: instructor)), nil)
    }

    enum CodeTrackOutcome: Sendable {
        case ran(RunResult, RunTimings?)
        case interrupted(Int32)
    }

    /// Runs `labs` on the code track; the services are stopped when the run ends, and also
    /// at Ctrl-C (SIGINT) or SIGTERM, which end the run.
    static func runStoppingServices(_ labs: [Lab], runner: LabRunner, timed: Bool, codeRun: CodeTrackRun) async -> CodeTrackOutcome {
        let signals = SignalWaiter(signals: [SIGINT, SIGTERM])
        // Set at the signal, before the services stop: the run may then end first (its steps
        // answered 502), but it was interrupted all the same.
        let received = SignalReceived()
        let outcome = await withTaskGroup(of: CodeTrackOutcome?.self) { group in
            group.addTask {
                if timed {
                    let (result, timings) = await runner.runTimed(labs)
                    return .ran(result, timings)
                }
                return .ran(await runner.run(labs), nil)
            }
            group.addTask {
                let signal = await signals.wait()
                guard !Task.isCancelled else { return nil }
                received.signal.withLock { $0 = signal }
                // First the services, so a step waiting on one is answered (502) at once.
                await codeRun.finish()
                return .interrupted(signal)
            }
            var first: CodeTrackOutcome?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .interrupted(SIGTERM)
        }
        await codeRun.finish()
        signals.restoreDefaults()
        if let signal = received.signal.withLock({ $0 }) { return .interrupted(signal) }
        return outcome
    }

    /// The signal that interrupted a code-track run, once one has.
    final class SignalReceived: Sendable {
        let signal = Mutex<Int32?>(nil)
    }
}

/// `--format`'s values, with a did-you-mean for a misspelt one.
extension ReportFormat: ArgumentChoice {}

/// `--hidden-visibility`'s values.
extension HiddenVisibility: ArgumentChoice {}
