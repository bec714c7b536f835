import Core
import HTTP

/// Runs labs' steps over HTTP and grades them. Knows only HTTP: the embedded backend (through
/// an in-process client) and a served one (through a network client) look the same.
public struct LabRunner: Sendable {
    /// Everything a run depends on besides the client, injected so a seeded run is reproducible.
    public struct Configuration: Sendable {
        /// `{{api}}`: the base URL of the backend under test, e.g. `http://saaslab.local`.
        public var baseURL: String
        /// Built-in variables other than `api`: `region`, `account`, operator credentials.
        public var builtins: [String: String]
        /// `--variable name=value`: wins over built-ins.
        public var overrides: [String: String]
        /// The participant's workspace folder, for `file,<path>;` bodies; nil for none.
        public var workspace: String?
        /// Where `{{newUuid}}` comes from.
        public var random: any RandomSource
        /// Where `{{newDate}}` and SigV4 signing times come from.
        public var clock: any WallClock
        /// The most a step may take when its block sets no `timeout`.
        public var defaultTimeout: Duration
        /// Whether messages may name hidden steps (`--instructor`); participants see "a hidden step".
        public var namesHiddenSteps: Bool

        /// A configuration; the defaults are the system's randomness and clock and a 10 s timeout.
        public init(
            baseURL: String, builtins: [String: String] = [:], overrides: [String: String] = [:],
            workspace: String? = nil, random: any RandomSource = SystemRandomSource(),
            clock: any WallClock = SystemClock(), defaultTimeout: Duration = .seconds(10), namesHiddenSteps: Bool = false
        ) {
            self.namesHiddenSteps = namesHiddenSteps
            self.baseURL = baseURL
            self.builtins = builtins
            self.overrides = overrides
            self.workspace = workspace
            self.random = random
            self.clock = clock
            self.defaultTimeout = defaultTimeout
        }
    }

    /// How requests are sent.
    public let client: any HTTPClient
    /// The run's settings.
    public let configuration: Configuration
    /// Called before each lab's first step, to prepare what the lab needs outside HTTP (the
    /// CLI starts a code-track workspace's service for the lab here). Nil runs the lab; a
    /// text is why it cannot run, and each of its steps errors with it.
    public var beforeLab: (@Sendable (Lab) async -> String?)?

    /// A runner sending through `client`.
    public init(client: any HTTPClient, configuration: Configuration, beforeLab: (@Sendable (Lab) async -> String?)? = nil) {
        self.client = client
        self.configuration = configuration
        self.beforeLab = beforeLab
    }

    /// Runs `labs` in order, each with its own variables (captures never cross labs).
    public func run(_ labs: [Lab]) async -> RunResult {
        var results: [LabResult] = []
        for lab in labs {
            results.append(await run(lab))
        }
        return RunResult(labs: results)
    }

    /// Runs one lab's steps in order; captures flow from step to step.
    public func run(_ lab: Lab) async -> LabResult {
        if let beforeLab, let reason = await beforeLab(lab) {
            return LabResult(id: lab.id, title: lab.title, steps: lab.steps.map { step in
                StepResult(
                    id: step.id, title: step.title ?? step.id, status: .error, points: 0, maxPoints: step.points,
                    isExercise: step.isExercise, guardsIsolation: step.guardsIsolation, isHidden: step.isHidden, hint: step.hint,
                    message: reason, location: step.location)
            })
        }
        var variables = RunVariables(values: initialValues(), random: configuration.random, clock: configuration.clock)
        var statuses: [String: StepStatus] = [:]
        let hidden = Set(lab.steps.filter(\.isHidden).map(\.id))
        var results: [StepResult] = []
        for step in lab.steps {
            // Against the embedded backend a step may never suspend (it is built, sent and
            // checked in place), so a run yields between steps: a class graded in parallel, or
            // anything else on the cooperative pool, gets its turn.
            await Task.yield()
            let result = await run(step, variables: &variables, statuses: statuses, hidden: hidden)
            statuses[step.id] = result.status
            results.append(result)
        }
        return LabResult(id: lab.id, title: lab.title, steps: results)
    }

    private func initialValues() -> [String: HurlValue] {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var values: [String: HurlValue] = ["api": .string(base)]
        for (name, value) in configuration.builtins.merging(configuration.overrides, uniquingKeysWith: { $1 }) {
            values[name] = .string(value)
        }
        return values
    }

    private func run(
        _ step: Step, variables: inout RunVariables, statuses: [String: StepStatus], hidden: Set<String>
    ) async -> StepResult {
        var result = StepResult(
            id: step.id, title: step.title ?? step.id, status: .passed, points: step.points, maxPoints: step.points,
            isExercise: step.isExercise, guardsIsolation: step.guardsIsolation, isHidden: step.isHidden, hint: step.hint,
            location: step.location)
        if let unmet = step.needs.first(where: { statuses[$0.id] != .passed }) {
            result.status = .skipped
            result.points = 0
            // A hidden step's name would give away what it checks.
            let named = hidden.contains(unmet.id) && !configuration.namesHiddenSteps ? "a hidden step" : "step '\(unmet.id)'"
            result.message = "needs \(named), which did not pass"
            return result
        }
        let limit = step.timeout ?? configuration.defaultTimeout
        let execution = StepExecution(
            step: step, client: client, baseURL: configuration.baseURL,
            workspace: WorkspaceFiles(root: configuration.workspace), clock: configuration.clock,
            deadline: ContinuousClock.now + limit, limit: limit)
        do {
            let failure = try await execution.run(&variables)
            if let failure {
                result.status = .failed
                result.failures = failure.failures
                result.transcript = failure.transcript
                result.cause = failure.cause
                if let hint = failure.hint { result.hint = hint }
                let marksEntries = step.entries.contains { $0.request.options.guardsIsolation }
                result.breachedIsolation = step.guardsIsolation && (!marksEntries || failure.guardsIsolation)
            }
        } catch {
            // `.failedCapture` never leaves the checker, which reports it as a failure.
            result.status = error.kind == .skipped ? .skipped : .error
            result.message = error.message
        }
        if result.status != .passed { result.points = 0 }
        if result.status == .passed, let note = step.note {
            // Reports are shared: a note quoting a captured token shows the mask instead.
            result.note = TranscriptRedaction.maskingTokens(in: (try? variables.render(note)) ?? note.description)
        }
        return result
    }
}
