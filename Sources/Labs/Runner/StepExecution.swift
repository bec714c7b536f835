import Core
import HTTP

/// One step's entries, run in order against one deadline: options applied, the request built
/// and sent, the response checked, retried while it fails and retries remain.
///
/// The deadline covers the whole entry, not only the send: checking with a regex runs on a
/// ``CheckingThread`` that is abandoned when time is up, because a regex can backtrack without
/// end. Everything else is built and checked in place: rendering templates and evaluating
/// JSONPath are bounded by the request and response, and a workspace read is bounded too
/// (``WorkspaceFiles`` opens without blocking, refuses anything but a regular file, and caps
/// the size), while a thread hand-off each way was most of a lab run's time.
struct StepExecution {
    /// The failures of the entry that stopped the step, with its exchange.
    struct Failure {
        var failures: [AssertFailure]
        var transcript: String
        /// The failing entry's own hint, when it has one.
        var hint: String?
        /// Whether the failing entry is marked `isolation: true`.
        var guardsIsolation = false
        /// The error answer the entry did not ask for, as a report's cause line says it.
        var cause: String?
    }

    let step: Step
    let client: any HTTPClient
    let baseURL: String
    let workspace: WorkspaceFiles
    let clock: any WallClock
    let deadline: ContinuousClock.Instant
    /// The step's time limit, for messages.
    let limit: Duration

    /// Hurl's default wait between retries.
    static let defaultRetryInterval = Duration.seconds(1)

    /// Runs every entry; returns the first failing entry's failures, nil when all held.
    /// - Throws: a skip (undefined variable) or an error (request could not be made).
    func run(_ variables: inout RunVariables) async throws(StepInterruption) -> Failure? {
        for entry in step.entries {
            let options = entry.request.options
            for definition in options.variables {
                variables.values[definition.name] = .string(try variables.render(definition.value))
            }
            if options.skip { continue }
            // Hurl waits `delay` once before the entry, not before each retry.
            if let delay = options.delay { try await pause(delay) }
            if let failure = try await runWithRetries(entry, &variables) { return failure }
        }
        return nil
    }

    /// One entry, tried again while it fails (asserts or send errors) and retries remain.
    /// When time runs out after a failing try, that try's failures are the step's result: the
    /// participant sees what did not hold, not a bare "timed out".
    private func runWithRetries(_ entry: Entry, _ variables: inout RunVariables) async throws(StepInterruption) -> Failure? {
        var triesLeft = max(0, entry.request.options.retry ?? 0)
        var lastFailure: Failure?
        while true {
            do {
                let request = try build(entry.request, variables)
                let started = ContinuousClock.now
                let response = try await send(request)
                let exchange = ExchangeSnapshot(response: response, elapsed: ContinuousClock.now - started)
                let (failures, checked) = try await check(entry.response, exchange, variables)
                if failures.isEmpty {
                    variables = checked
                    return nil
                }
                lastFailure = Failure(failures: failures, transcript: Transcript.render(request, response),
                                      hint: Self.hint(for: entry.request.options, response: exchange, failures: failures),
                                      guardsIsolation: entry.request.options.guardsIsolation, cause: Self.cause(of: exchange, expected: entry.response))
            } catch {
                if error.isTimeout, let lastFailure { return lastFailure }
                guard error.isSendFailure, triesLeft > 0 else { throw error }
                lastFailure = nil
            }
            let interval = entry.request.options.retryInterval ?? Self.defaultRetryInterval
            // No time for another try: stop on this one rather than sleep into the deadline.
            guard triesLeft > 0, ContinuousClock.now + interval < deadline else {
                if let lastFailure { return lastFailure }
                throw timedOut(while: "retrying after the request could not be sent")
            }
            triesLeft -= 1
            try? await Task.sleep(for: interval)
        }
    }

    /// The failing entry's hint: the first `hint-when` whose text its answer contains (the
    /// response body, then what each failed check found), else its `hint`, else nil (the step's).
    static func hint(for options: Options, response: ExchangeSnapshot, failures: [AssertFailure]) -> String? {
        guard !options.conditionalHints.isEmpty else { return options.hint }
        let body = String(decoding: response.body.prefix(1 << 20), as: UTF8.self)
        let found = failures.map(\.actual).joined(separator: "\n")
        return ConditionalHint.first(in: options.conditionalHints, matching: body)
            ?? ConditionalHint.first(in: options.conditionalHints, matching: found)
            ?? options.hint
    }

    /// The cause a report puts first when the entry failed on an error answer (see
    /// ``ErrorAnswer``), unless the entry asked for exactly that status: then the refusal is
    /// what the step wanted, and what failed is elsewhere. Tokens are masked, as in failures.
    static func cause(of exchange: ExchangeSnapshot, expected: ResponseSpec?) -> String? {
        if case .code(let status)? = expected?.status, status == exchange.status { return nil }
        return exchange.errorAnswer.map { TranscriptRedaction.body($0.cause) }
    }

    /// The request for `spec`, built in place (see the type's documentation).
    private func build(_ spec: RequestSpec, _ variables: RunVariables) throws(StepInterruption) -> HTTPRequest {
        let builder = RequestBuilder(variables: variables, baseURL: baseURL, workspace: workspace, clock: clock, stepID: step.id)
        return try builder.build(spec)
    }

    /// The failures of `exchange` and the variables with its captures, checked off the
    /// cooperative pool within the deadline.
    private func check(
        _ spec: ResponseSpec?, _ exchange: ExchangeSnapshot, _ variables: RunVariables
    ) async throws(StepInterruption) -> ([AssertFailure], RunVariables) {
        guard let spec else { return ([], variables) }
        guard spec.usesRegex else {
            var checker = ResponseChecker(variables: variables)
            return (try checker.check(spec, exchange), checker.variables)
        }
        return try await offPool("checking the response") { () -> Result<([AssertFailure], RunVariables), StepInterruption> in
            var checker = ResponseChecker(variables: variables)
            do throws(StepInterruption) { return .success((try checker.check(spec, exchange), checker.variables)) } catch { return .failure(error) }
        }
    }

    private func offPool<T: Sendable>(
        _ doing: String, _ work: @escaping @Sendable () -> Result<T, StepInterruption>
    ) async throws(StepInterruption) -> T {
        guard let result = await CheckingThread.run(until: deadline, work) else { throw timedOut(while: doing) }
        return try result.get()
    }

    /// Sleeps, unless that would pass the step's deadline.
    private func pause(_ duration: Duration) async throws(StepInterruption) {
        guard ContinuousClock.now + duration < deadline else { throw timedOut() }
        try? await Task.sleep(for: duration)
    }

    /// Sends `request`, giving up at the deadline: then the send is cancelled, and the step
    /// times out once it has ended. The request runs in a task of its own, raced against an
    /// alarm (``DeadlineAlarms``) rather than a sleeping task; cancelling the run counts as
    /// the deadline passing.
    private func send(_ request: HTTPRequest) async throws(StepInterruption) -> HTTPResponse {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { throw timedOut() }
        let client = self.client
        // Racing an in-process send against the deadline would wait for it all the same (its
        // task runs to completion), so it is sent in place and the clock read afterwards: the
        // same outcome without a task and an alarm per request.
        guard client.stopsWhenCancelled else {
            let outcome = await Result { try await client.send(request) }
            if ContinuousClock.now > deadline { throw timedOut() }
            return try sent(outcome, request)
        }
        let race = DeadlineRace()
        let task = Task { () -> Result<HTTPResponse, any Error> in
            let result = await Result { try await client.send(request) }
            race.finish()
            return result
        }
        let alarm = DeadlineAlarms.shared.arm(at: deadline) {
            if race.expire() { task.cancel() }
        }
        let outcome = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            if race.expire() { task.cancel() }
        }
        DeadlineAlarms.shared.disarm(alarm)
        if race.expired { throw timedOut() }
        return try sent(outcome, request)
    }

    private func sent(_ outcome: Result<HTTPResponse, any Error>, _ request: HTTPRequest) throws(StepInterruption) -> HTTPResponse {
        switch outcome {
        case .success(let response): return response
        case .failure(let error):
            var failure = StepInterruption.error("step '\(step.id)': \(request.method) \(request.target) could not be sent: \(error)")
            failure.isSendFailure = true
            throw failure
        }
    }

    private func timedOut(while doing: String = "waiting for the response") -> StepInterruption {
        var interruption = StepInterruption.error("step '\(step.id)' timed out after \(Deadline.describe(limit)) while \(doing)")
        interruption.isTimeout = true
        return interruption
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing body.
    fileprivate init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

extension ResponseSpec {
    /// Whether checking may run a regex (a `regex` query or a `matches` predicate), which
    /// can backtrack without end and so must run where the deadline can abandon it.
    var usesRegex: Bool {
        func isRegex(_ query: Query) -> Bool {
            if case .regex = query.kind { return true }
            return false
        }
        return captures.contains { isRegex($0.query) }
            || asserts.contains { isRegex($0.query) || $0.predicate.op == .matches }
    }
}
