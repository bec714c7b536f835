/// Why a command stopped short, and the exit code it ends with. Commands throw it from `run`;
/// ``SaaSLabCommandLine`` alone prints it (any diagnostics, then `error: message`, then for 64
/// the usage hint) and returns its code, so every command words and numbers failures alike.
public struct CommandFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The process's exit code (see ``ExitCode``).
    public let exitCode: Int32
    /// What went wrong and what to do, printed after `error: `; nil when the diagnostics say it all.
    public let message: String?
    /// Printed as they are before the message: lines that name their own place
    /// (`file:line:column: message`, the line and a caret).
    public let diagnostics: String?

    public init(exitCode: Int32, message: String?, diagnostics: String? = nil) {
        self.exitCode = exitCode
        self.message = message
        self.diagnostics = diagnostics
    }

    /// 64: the command line asks for something that cannot be (an unknown lab, a level out of range).
    public static func usage(_ message: String) -> CommandFailure {
        CommandFailure(exitCode: ExitCode.usage, message: message)
    }

    /// 2: a lab file, the labs folder, a workspace or another input could not be read.
    public static func unreadable(_ message: String) -> CommandFailure {
        CommandFailure(exitCode: ExitCode.unreadableInput, message: message)
    }

    /// 2, with the lab files' own diagnostics (``LabFileErrors``).
    public static func unreadable(diagnostics: String, message: String? = nil) -> CommandFailure {
        CommandFailure(exitCode: ExitCode.unreadableInput, message: message, diagnostics: diagnostics)
    }

    /// 73: an output (a report, a gradebook, a workspace, a record) could not be written.
    public static func cannotWrite(_ message: String) -> CommandFailure {
        CommandFailure(exitCode: ExitCode.cannotWrite, message: message)
    }

    /// 70: saaslab itself failed (its backend did not start, an address could not be bound).
    public static func internalError(_ message: String) -> CommandFailure {
        CommandFailure(exitCode: ExitCode.internalError, message: message)
    }

    /// The refused command line, as the parser words it.
    init(_ usage: UsageError) {
        self = .usage(usage.message)
    }

    /// Everything printed, as standard error gets it (without the usage hint).
    public var description: String {
        [diagnostics, message.map { "error: \($0)" }].compactMap { $0 }.joined(separator: "\n")
    }
}
