import CProcessLimits
import Foundation
import HTTP
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A participant's service, started from its folder's Procfile: `/bin/sh -c '<web command>'`
/// in that folder, in a process group of its own, under ``ServiceLimits``, with only the
/// environment it is given. Its stdout and stderr go to one ``OutputRing`` (the last 64 KiB).
///
/// ``stop(grace:)`` ends the whole group: SIGTERM, then SIGKILL to whatever is left after the
/// grace period; it returns once no member lives. A process dropped without `stop` has its
/// group killed at once. (A process that leaves the group, with `setsid`, escapes both: run
/// `grade` in a container to contain that too; see docs/grading.md.)
final class ServiceProcess: Sendable {
    /// The service folder.
    let folder: String
    /// The web: command.
    let command: String
    /// The shell's pid, which is also the group's id.
    let pid: pid_t
    private let shared: Shared

    /// What the process's reader and reaper threads share with it (never the process itself,
    /// so dropping it still kills the group).
    private final class Shared: Sendable {
        let output: OutputRing
        let exit = Mutex<ServiceExitStatus?>(nil)
        let stopped = Atomic<Bool>(false)
        let readerDone = Atomic<Bool>(false)

        init(outputCapacity: Int) { output = OutputRing(capacity: outputCapacity) }
    }

    /// The shell between saaslab and the command: it waits on fd 3 until saaslab has set the
    /// limits (so nothing of the participant's runs unlimited), then runs the command with a
    /// fresh `/bin/sh -c`. If saaslab goes away first, `read` fails and nothing runs.
    static let gateScript = "read -r ready <&3 || exit 125; exec 3<&-; exec /bin/sh -c \"$1\""

    /// Signals the service starts with their default action, whatever saaslab ignores or
    /// handles itself (SIGPIPE is ignored by the server; `serve` waits on SIGINT and SIGTERM).
    private static let defaultSignals = [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD]

    /// Reads `<folder>/Procfile` and starts its web: command.
    static func start(
        folder: String, environment: [String: String], limits: ServiceLimits = .default,
        outputCapacity: Int = OutputRing.defaultCapacity
    ) throws(ServiceProcessError) -> ServiceProcess {
        let procfile = try Procfile.load(folder: folder)
        return try ServiceProcess(command: procfile.webCommand, folder: folder, environment: environment, limits: limits, outputCapacity: outputCapacity)
    }

    /// Starts `command` with `/bin/sh -c` in `folder`.
    init(
        command: String, folder: String, environment: [String: String], limits: ServiceLimits = .default,
        outputCapacity: Int = OutputRing.defaultCapacity
    ) throws(ServiceProcessError) {
        self.folder = folder
        self.command = command
        shared = Shared(outputCapacity: outputCapacity)
        var output: [Int32] = [-1, -1]
        var gate: [Int32] = [-1, -1]
        guard saaslab_pipe_cloexec(&output) == 0 else { throw .spawnFailed("pipe: \(Self.lastError)") }
        guard saaslab_pipe_cloexec(&gate) == 0 else {
            let reason = Self.lastError
            Self.close(output)
            throw .spawnFailed("pipe: \(reason)")
        }
        let spawned: Result<pid_t, ServiceProcessError> = Self.spawn(
            arguments: ["/bin/sh", "-c", Self.gateScript, "saaslab-service", command], folder: folder,
            environment: environment.map { "\($0.key)=\($0.value)" }.sorted(), output: output[1], gate: gate[0]
        )
        Glibc.close(output[1])
        Glibc.close(gate[0])
        let pid: pid_t
        switch spawned {
        case .success(let started): pid = started
        case .failure(let error):
            Glibc.close(output[0])
            Glibc.close(gate[1])
            throw error
        }
        self.pid = pid
        if let refusal = limits.apply(to: pid) {
            // Nothing of the participant's has run: the shell is still waiting on the gate.
            Glibc.close(gate[1])
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            Glibc.close(output[0])
            shared.stopped.store(true, ordering: .sequentiallyConsistent)
            throw .spawnFailed(refusal)
        }
        Self.startReader(fd: output[0], shared: shared)
        Self.startReaper(pid: pid, shared: shared)
        _ = "go\n".withCString { Glibc.write(gate[1], $0, 3) }
        Glibc.close(gate[1])
    }

    deinit {
        if !shared.stopped.load(ordering: .sequentiallyConsistent) {
            // Dropped without stop(): no grace, but nothing left behind either.
            kill(-pid, SIGKILL)
            shared.stopped.store(true, ordering: .sequentiallyConsistent)
        }
    }

    /// How it ended, once it has.
    var exitStatus: ServiceExitStatus? { shared.exit.withLock { $0 } }

    /// The newest output it wrote (stdout and stderr together), oldest first.
    var output: OutputRing { shared.output }

    /// Waits until `GET /product/health` on `127.0.0.1:port` answers 200. Throws
    /// ``ServiceProcessError/exited(command:status:output:)`` as soon as the process has
    /// ended, or ``ServiceProcessError/notReady(command:seconds:lastAttempt:output:)`` at the
    /// timeout; either carries the last lines of its output.
    func waitUntilHealthy(port: Int, timeout: Double, lines: Int = 20) async throws(ServiceProcessError) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        let client = try? NetworkClient(baseURL: "http://127.0.0.1:\(port)", timeout: max(0.05, min(1, timeout)))
        var lastAttempt = "none made"
        while true {
            if let status = exitStatus {
                await drainOutput()
                throw .exited(command: command, status: status, output: output.lastLines(lines))
            }
            if let client {
                do {
                    let response = try await client.send(HTTPRequest(method: "GET", target: "/product/health"))
                    if response.status == 200 { return }
                    lastAttempt = "status \(response.status)"
                } catch {
                    lastAttempt = "\(error)"
                }
            }
            if exitStatus != nil { continue }
            // The run was given up (grade's timeout): no point waiting out the health timeout.
            if ContinuousClock.now >= deadline || Task.isCancelled {
                throw .notReady(command: command, seconds: timeout, lastAttempt: lastAttempt, output: output.lastLines(lines))
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Ends the process group: SIGTERM, then SIGKILL after `grace`; returns once no member of
    /// the group lives and the shell has been reaped. Safe to call more than once.
    func stop(grace: Duration = .seconds(2)) async {
        kill(-pid, SIGTERM)
        if !(await groupEnded(within: grace)) {
            kill(-pid, SIGKILL)
            _ = await groupEnded(within: .seconds(5))
        }
        await drainOutput()
        shared.stopped.store(true, ordering: .sequentiallyConsistent)
    }

    /// Whether, within `limit`, every member has exited and the shell has been reaped.
    private func groupEnded(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while true {
            if exitStatus != nil && ProcessTable.livingMembers(ofGroup: pid).isEmpty { return true }
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Gives the reader a moment to take what the process wrote before it ended.
    private func drainOutput() async {
        let deadline = ContinuousClock.now + .milliseconds(300)
        while !shared.readerDone.load(ordering: .sequentiallyConsistent) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    private static func spawn(
        arguments: [String], folder: String, environment: [String], output: Int32, gate: Int32
    ) -> Result<pid_t, ServiceProcessError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        posix_spawn_file_actions_adddup2(&actions, gate, 3)
        posix_spawn_file_actions_addclosefrom_np(&actions, 4)
        posix_spawn_file_actions_addchdir_np(&actions, folder)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in defaultSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard code == 0 else {
            let reason = String(cString: strerror(code))
            return .failure(code == ENOENT
                ? .spawnFailed("the folder \(folder) or /bin/sh does not exist (\(reason))")
                : .spawnFailed("posix_spawn /bin/sh in \(folder): \(reason)"))
        }
        return .success(pid)
    }

    /// Copies the pipe into the ring until every writer has closed it, or until the process
    /// is stopped and the pipe stays quiet (a member that escaped the group may hold it open).
    private static func startReader(fd: Int32, shared: Shared) {
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            reading: while true {
                let ready = poll(&poller, 1, 100)
                if ready < 0 {
                    if errno == EINTR { continue }
                    break
                }
                if ready == 0 {
                    if shared.stopped.load(ordering: .sequentiallyConsistent) { break }
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                switch count {
                case 1...: buffer.withUnsafeBytes { shared.output.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                case 0: break reading
                default: if errno != EINTR && errno != EAGAIN { break reading }
                }
            }
            Glibc.close(fd)
            shared.readerDone.store(true, ordering: .sequentiallyConsistent)
        }
    }

    /// Reaps the shell and records how it ended.
    private static func startReaper(pid: pid_t, shared: Shared) {
        Thread.detachNewThread {
            var status: Int32 = 0
            var result = waitpid(pid, &status, 0)
            while result < 0 && errno == EINTR { result = waitpid(pid, &status, 0) }
            let exit = result == pid ? ServiceExitStatus(waitStatus: status) : .exited(-1)
            shared.exit.withLock { $0 = exit }
        }
    }

    private static var lastError: String { String(cString: strerror(errno)) }

    private static func close(_ fds: [Int32]) {
        for fd in fds where fd >= 0 { Glibc.close(fd) }
    }
}
