/// One `saaslab` subcommand: a small type that declares its spec, builds itself from parsed
/// arguments (throwing usage errors for what no single option can check) and runs.
public protocol SaaSLabCommand: Sendable {
    static var spec: CommandSpec { get }
    init(arguments: ParsedArguments) throws(UsageError)
    /// Runs the command: returns the exit code of what it did (0, or 1 when a step failed, after
    /// the report), or throws why it could not, with the code (see ``CommandFailure``).
    func run(console: Console) async throws(CommandFailure) -> Int32
}

/// The version `saaslab --version` prints.
public enum SaaSLabVersion {
    public static let current = "0.1.0"
}
