/// Why a participant's service could not be started or did not come up, in words for the
/// report: what happened, the service's exit status, and the last lines it printed.
enum ServiceProcessError: Error, Equatable, CustomStringConvertible {
    /// A missing or malformed Procfile: its path, the line when one is at fault.
    case procfile(path: String, line: Int?, String)
    /// The system refused to start it (posix_spawn, pipes, limits).
    case spawnFailed(String)
    /// It ended before answering `GET /product/health` with 200.
    case exited(command: String, status: ServiceExitStatus, output: String)
    /// It still ran, but no 200 from the health check within the timeout.
    case notReady(command: String, seconds: Double, lastAttempt: String, output: String)

    var description: String {
        switch self {
        case .procfile(let path, let line, let message):
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
        case .spawnFailed(let message):
            return "the service could not be started: \(message)"
        case .exited(let command, let status, let output):
            return "the service ('\(command)') \(status) before answering GET /product/health" + Self.lastLines(output)
        case .notReady(let command, let seconds, let lastAttempt, let output):
            let time = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
            return "the service ('\(command)') did not answer GET /product/health with 200 within \(time) s (last attempt: \(lastAttempt))"
                + Self.lastLines(output)
        }
    }

    private static func lastLines(_ output: String) -> String {
        output.isEmpty ? "; it printed nothing" : "; the last lines it printed:\n" + output
    }
}

/// How a service's process ended.
enum ServiceExitStatus: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    /// Decodes a `waitpid` status.
    init(waitStatus status: Int32) {
        if status & 0x7F == 0 {
            self = .exited((status >> 8) & 0xFF)
        } else {
            self = .signalled(status & 0x7F)
        }
    }

    var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signalled(let signal): return "was killed by signal \(signal)\(Self.meaning(signal))"
        }
    }

    private static func meaning(_ signal: Int32) -> String {
        switch signal {
        case 9: " (SIGKILL)"
        case 15: " (SIGTERM)"
        case 11: " (SIGSEGV)"
        case 6: " (SIGABRT)"
        case 24: " (SIGXCPU: it used up its CPU time limit)"
        default: ""
        }
    }
}
