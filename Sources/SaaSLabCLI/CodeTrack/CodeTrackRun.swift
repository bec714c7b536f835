import Backend
import Foundation
import Labs
import Synchronization

/// Which way a workspace answers Labs 2 and 3: with settings documents (the accelerated
/// track) or with a product service of its own (the code track); `init --track` names one.
enum Track: String, ArgumentChoice {
    case settings
    case code

    /// `labN/`, the workspace folder of a lab whose front matter says `order: N`.
    static func folder(of lab: Lab) -> String? {
        lab.order.map { "lab\($0)" }
    }

    /// The service folder `lab` runs from in `workspace`, when the workspace is on the code
    /// track for it (`labN/product-service/Procfile` exists).
    static func serviceFolder(workspace: String?, lab: Lab) -> String? {
        guard let workspace, let folder = folder(of: lab) else { return nil }
        return CodeTrackSession.serviceFolder(workspace: workspace, lab: folder)
    }

    /// The code track when any of `labs` runs a service of `workspace`'s, else settings.
    static func of(workspace: String?, labs: [Lab]) -> Track {
        labs.contains { serviceFolder(workspace: workspace, lab: $0) != nil } ? .code : .settings
    }
}

/// A code-track run on an embedded backend: before each lab, the previous lab's service is
/// stopped and, when the workspace has one for this lab, that one started (the platform's
/// socket opened once, at the first) and the gateway pointed at it. ``finish()`` stops
/// everything; after it nothing starts again, so a run interrupted by Ctrl-C leaves no
/// process behind.
actor CodeTrackRun {
    let backend: Backend
    let workspace: String
    /// Seconds a service has to become healthy.
    let healthTimeout: Double
    /// How many of a service's last output lines a failing step's report shows.
    static let reportedLines = 20

    private var session: CodeTrackSession?
    private var current: (lab: String, service: ServiceProcess)?
    /// The service being started, while it is: ``finish()`` may come meanwhile (the actor is
    /// reentrant at the health check's waits) and must end it too.
    private let starting = Starting()

    private final class Starting: Sendable {
        let service = Mutex<ServiceProcess?>(nil)
    }
    private var finished = false
    /// Each code-track lab's service output when it stopped, by lab id.
    private(set) var logs: [String: String] = [:]

    init(backend: Backend, workspace: String, healthTimeout: Double = CodeTrackSession.defaultHealthTimeout) {
        self.backend = backend
        self.workspace = workspace
        self.healthTimeout = healthTimeout
    }

    /// The runner's `beforeLab`: nil when `lab` may run, else why its steps cannot.
    func prepare(_ lab: Lab) async -> String? {
        await stopCurrent()
        guard let folder = Track.serviceFolder(workspace: workspace, lab: lab), let name = Track.folder(of: lab) else { return nil }
        guard !finished else { return "the run was stopped before this lab's service started" }
        do {
            if session == nil { session = try CodeTrackSession(backend: backend) }
        } catch {
            return "the platform's socket for the service could not be opened: \(error)"
        }
        guard let session else { return nil }
        do {
            let starting = starting
            let service = try await session.startService(folder: folder, lab: name, healthTimeout: healthTimeout) { service in
                starting.service.withLock { $0 = service }
            }
            starting.service.withLock { $0 = nil }
            guard !finished else {
                await service.stop()
                return "the run was stopped while this lab's service started"
            }
            current = (lab.id, service)
            return nil
        } catch {
            starting.service.withLock { $0 = nil }
            return "the lab's service (\(name)/product-service) did not start: \(error.description)"
        }
    }

    /// Stops the running service and closes the platform's socket; nothing starts after.
    func finish() async {
        finished = true
        if let service = starting.service.withLock({ $0 }) { await service.stop() }
        await stopCurrent()
        await session?.shutdown()
        session = nil
    }

    private func stopCurrent() async {
        guard let (lab, service) = current, let session else { return }
        current = nil
        await session.stopService(service)
        logs[lab] = service.output.lastLines(Self.reportedLines)
    }

    /// `result` with each code-track lab's failed steps carrying the service's last lines
    /// after their transcript.
    func attachingLogs(to result: RunResult) -> RunResult {
        var result = result
        for index in result.labs.indices {
            guard let log = logs[result.labs[index].id] else { continue }
            let section = "the service's last lines of output:\n" + (log.isEmpty ? "(it printed nothing)" : log)
            for step in result.labs[index].steps.indices where result.labs[index].steps[step].status == .failed
                || result.labs[index].steps[step].status == .error {
                let transcript = result.labs[index].steps[step].transcript
                result.labs[index].steps[step].transcript = transcript.map { $0 + "\n\n" + section } ?? section
            }
        }
        return result
    }

    /// `runner` with this run's `beforeLab`.
    nonisolated func hooked(_ runner: LabRunner) -> LabRunner {
        var runner = runner
        runner.beforeLab = { [self] lab in await prepare(lab) }
        return runner
    }
}
