import CProcessLimits
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The resource limits a participant's service runs under, set on its process before it runs
/// anything of the participant's and inherited by every process it starts. A service is
/// untrusted code (`grade` runs a whole class's), so one that spins, allocates or forks without
/// end stops at its own limits. Nil leaves a limit as saaslab's own.
struct ServiceLimits: Sendable, Equatable {
    /// CPU seconds (RLIMIT_CPU): SIGXCPU at the limit, SIGKILL a second later.
    var cpuSeconds: Int? = 120
    /// Bytes of data segment and private writable memory (RLIMIT_DATA). Not RLIMIT_AS: a
    /// runtime that reserves address space it never touches (Python's and glibc's arenas,
    /// Go, the JVM) would trip an address-space limit doing nothing wrong.
    var memoryBytes: Int? = 1 << 30
    /// Open files and sockets (RLIMIT_NOFILE).
    var openFiles: Int? = 256
    /// Processes and threads beyond those the user already runs (RLIMIT_NPROC counts every
    /// process of the real user id, so the limit is set to their current count plus this).
    /// The kernel does not apply it to root.
    var extraProcesses: Int? = 64

    static let `default` = ServiceLimits()

    /// Sets the limits on process `pid`; the first refusal, as text.
    func apply(to pid: pid_t) -> String? {
        var wanted: [(name: String, resource: Int, value: Int)] = []
        if let cpuSeconds { wanted.append(("CPU time", Int(SAASLAB_RLIMIT_CPU), cpuSeconds)) }
        if let memoryBytes { wanted.append(("memory", Int(SAASLAB_RLIMIT_DATA), memoryBytes)) }
        if let openFiles { wanted.append(("open files", Int(SAASLAB_RLIMIT_NOFILE), openFiles)) }
        if let extraProcesses { wanted.append(("processes", Int(SAASLAB_RLIMIT_NPROC), Self.userTasks() + extraProcesses)) }
        for limit in wanted {
            let value = UInt64(max(0, limit.value))
            // The hard limit only falls: the service cannot raise it again.
            if saaslab_set_limit(pid, Int32(limit.resource), value, value) != 0 {
                return "cannot limit the service's \(limit.name) to \(limit.value): \(String(cString: strerror(errno)))"
            }
        }
        return nil
    }

    /// Processes and threads of this real user id now, as RLIMIT_NPROC counts them.
    static func userTasks() -> Int {
        let uid = getuid()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        var total = 0
        for entry in entries where entry.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            var info = stat()
            guard stat("/proc/\(entry)", &info) == 0, info.st_uid == uid,
                  let fields = ProcessTable.statFields(pid: entry), fields.count > 17, let threads = Int(fields[17]) else { continue }
            total += threads
        }
        return total
    }
}
