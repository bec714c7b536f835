import Backend
import Core
import Foundation
import HTTP
import Labs
import Synchronization

/// `saaslab run`: runs labs against a fresh, bootstrapped embedded backend (or `--target`)
/// and reports.
struct RunCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run labs' steps against the backend and report the score.",
        discussion: "A LAB is a lab id from the labs folder or the path of a lab file; none runs them all. Exit 0: every step passed; 1: a step did not (a workspace file that is missing or not JSON is its step's error); 2: a lab file or the workspace folder could not be read; 70: the embedded backend did not start.",
        arguments: [.init("lab", help: "Lab ids or lab file paths (default: every lab).", optional: true, repeating: true)],
        options: [
            .init("workspace", short: "w", .value(placeholder: "dir"), help: "The participant's workspace, for file,<path>; bodies."),
            LabLoading.labsOption(),
            .init("target", .value(placeholder: "url"), help: "Run against a served backend instead of a fresh embedded one."),
            .init("format", short: "f", .value(placeholder: "format"), help: "terminal, json, junit, tap, gradescope, markdown or html (default terminal)."),
            .init("output", short: "o", .value(placeholder: "file"), help: "Write the report to this file instead of standard output ('-' is standard output)."),
            .init("color", .value(placeholder: "when"),
                  help: "Colour the terminal report: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR=1 colours anywhere), always or never. Default auto."),
            .init("variable", .repeated(placeholder: "name=value"), help: "Define a variable; may be repeated."),
            .init("seed", .value(placeholder: "n"), help: "Seed ids, keys, tokens and the clock for a reproducible run (with --target: only the runner's own ids, such as {{newUuid}})."),
            .init("instructor", help: "Show hidden steps in terminal, markdown and html reports."),
            .init("hidden-visibility", .value(placeholder: "when"), help: "Gradescope: when hidden steps worth points, and the total, show: after_published (default) or after_due_date."),
            LabLoading.extraLabsOption,
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

    init(arguments: ParsedArguments) throws {
        labNames = arguments.positionals
        workspace = arguments.value("workspace")
        labsFolder = arguments.value("labs")
        target = arguments.value("target")
        // `--output -` is standard output, as for most command-line tools.
        output = arguments.value("output").flatMap { $0 == "-" ? nil : $0 }
        instructor = arguments.flag("instructor")
        colour = try ColourChoice(option: arguments.value("color"))
        extraLabs = arguments.values("extra-labs")
        let formatName = arguments.value("format") ?? "terminal"
        guard let format = ReportFormat(rawValue: formatName) else {
            let hint = Suggestion.closest(to: formatName, among: ReportFormat.names).map { "; did you mean '\($0)'?" } ?? ""
            throw UsageError("--format expects one of \(ReportFormat.names.joined(separator: ", ")), got '\(formatName)'\(hint)")
        }
        self.format = format
        if let when = arguments.value("hidden-visibility") {
            guard let visibility = HiddenVisibility(rawValue: when) else {
                let hint = Suggestion.closest(to: when, among: HiddenVisibility.names).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError("--hidden-visibility expects one of \(HiddenVisibility.names.joined(separator: ", ")), got '\(when)'\(hint)")
            }
            guard format == .gradescope else {
                throw UsageError("--hidden-visibility applies to --format gradescope only")
            }
            hiddenVisibility = visibility
        } else {
            hiddenVisibility = .afterPublished
        }
        var variables: [String: String] = [:]
        for definition in arguments.values("variable") {
            guard let equals = definition.firstIndex(of: "="), equals != definition.startIndex else {
                throw UsageError("--variable expects name=value, got '\(definition)'")
            }
            variables[String(definition[..<equals])] = String(definition[definition.index(after: equals)...])
        }
        self.variables = variables
        if let text = arguments.value("seed") {
            guard let seed = UInt64(text) else { throw UsageError("--seed expects a whole number, got '\(text)'") }
            self.seed = seed
        } else {
            seed = nil
        }
        if let target {
            // Checked here, with the client's own parser, so a bad URL is a usage error (64)
            // rather than a failed run (1).
            guard target.hasPrefix("http://") || target.hasPrefix("https://"), (try? NetworkClient(baseURL: target)) != nil else {
                throw UsageError("--target expects a URL such as http://127.0.0.1:8080, got '\(target)'")
            }
        }
    }

    func run(console: Console) async -> Int32 {
        guard let labs = LabLoading(folder: labsFolder, variables: Workbook.builtinVariables.union(variables.keys), extraFolders: extraLabs).load(labNames, reportingTo: console) else {
            return ExitCode.unreadableInput
        }
        var isFolder: ObjCBool = false
        if let workspace, !FileManager.default.fileExists(atPath: workspace, isDirectory: &isFolder) {
            console.error("error: workspace \(workspace) does not exist; create one with 'saaslab init \(workspace)'")
            return ExitCode.unreadableInput
        }
        if let workspace, !isFolder.boolValue {
            console.error("error: workspace \(workspace) is a file; --workspace expects a folder (create one with 'saaslab init DIR')")
            return ExitCode.unreadableInput
        }
        let track = Track.of(workspace: workspace, labs: labs)
        if let target, track == .code {
            // A served backend is another process: saaslab cannot give the service its socket
            // and credentials nor point that backend's gateway at it.
            let folders = labs.compactMap { Track.serviceFolder(workspace: workspace, lab: $0) }
            console.error("error: --target \(target) cannot run a code-track workspace: saaslab starts a workspace's services only on its own embedded backend (\(folders.map { $0 + "/Procfile" }.joined(separator: ", ")))."
                + " Run without --target, or start your service by hand against the served backend (docs/code-track.md, 'Running your service by hand')"
                + " with its gateway pointed at it: saaslab serve --product-service http://127.0.0.1:8081")
            return ExitCode.unreadableInput
        }
        guard let (runner, codeRun) = await makeRunner(track: track, console: console) else {
            return target == nil ? ExitCode.internalError : ExitCode.failure
        }
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
                console.error("error: cannot write the report to \(output)")
                return ExitCode.unreadableInput
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
    private func makeRunner(track: Track, console: Console) async -> (LabRunner, CodeTrackRun?)? {
        guard let target else {
            guard let backend = await LabBackend.start(seed: seed, realClock: track == .code, console: console) else { return nil }
            let runner = EmbeddedRunner.make(on: backend, workspace: workspace, overrides: variables, namesHiddenSteps: instructor)
            guard track == .code, let workspace else { return (runner, nil) }
            let codeRun = CodeTrackRun(backend: backend, workspace: workspace)
            return (codeRun.hooked(runner), codeRun)
        }
        let client: NetworkClient
        do {
            client = try NetworkClient(baseURL: target)
        } catch {
            console.error("error: cannot use --target \(target): \(error)")
            return nil
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
