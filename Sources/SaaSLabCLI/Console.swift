import Foundation
import Synchronization

/// Where a command writes: the process's stdout and stderr, or buffers in tests.
public final class Console: Sendable {
    /// Whether output goes to buffers (tests) instead of the process's streams.
    private let capturing: Bool
    private let buffer = Mutex((out: "", err: ""))
    /// The environment commands consult (`NO_COLOR`, ...); injected so tests stay deterministic.
    public let environment: [String: String]
    /// Whether standard output is a terminal (decides colour with `--color auto`).
    public let outputIsTerminal: Bool

    private init(capturing: Bool, environment: [String: String], outputIsTerminal: Bool) {
        self.capturing = capturing
        self.environment = environment
        self.outputIsTerminal = outputIsTerminal
    }

    /// The process's own stdout and stderr.
    public static func standard() -> Console {
        Console(capturing: false, environment: ProcessInfo.processInfo.environment, outputIsTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// A console that keeps what is written, for tests; `outputIsTerminal` stands for a
    /// standard output that is a terminal.
    public static func capturing(environment: [String: String] = [:], outputIsTerminal: Bool = false) -> Console {
        Console(capturing: true, environment: environment, outputIsTerminal: outputIsTerminal)
    }

    /// Writes `text` to standard output as is (add the newline yourself, or use ``line(_:)``).
    public func write(_ text: String) {
        if capturing {
            buffer.withLock { $0.out += text }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Writes one line to standard output.
    public func line(_ text: String = "") { write(text + "\n") }

    /// Writes one line to standard error: diagnostics, never results.
    public func error(_ text: String) {
        if capturing {
            buffer.withLock { $0.err += text + "\n" }
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    /// What was written to standard output (capturing consoles only; empty otherwise).
    public var capturedOutput: String {
        buffer.withLock { $0.out }
    }

    /// What was written to standard error (capturing consoles only; empty otherwise).
    public var capturedError: String {
        buffer.withLock { $0.err }
    }
}

/// The process exit codes every command uses; each command's spec lists those it ends with
/// (``CommandSpec/Exit``), and its help prints them.
public enum ExitCode {
    /// Everything graded passed, or the command did what was asked.
    public static let success: Int32 = 0
    /// A step failed (or, for `verify`, a lab did not behave as it promises).
    public static let failure: Int32 = 1
    /// A lab file, the labs folder, a workspace or another input could not be read.
    public static let unreadableInput: Int32 = 2
    /// The command line itself was wrong (EX_USAGE).
    public static let usage: Int32 = 64
    /// saaslab itself failed (EX_SOFTWARE): its backend did not start (the SaaS app did not
    /// bootstrap: a defect to report rather than something the lab files or the workspace
    /// caused); or, for `serve`, the address could not be bound (the port is in use), the
    /// reason printed with it.
    public static let internalError: Int32 = 70
    /// An output could not be written (EX_CANTCREAT): `run --output`, the gradebook of `grade`
    /// and `merge`, the workspace `init` creates, the record `hint` keeps, the file
    /// `operations --write` updates, the scratch copies `verify` runs on.
    public static let cannotWrite: Int32 = 73
}
