/// One `saaslab` subcommand: a small type that declares its spec, builds itself from parsed
/// arguments (throwing usage errors for bad values) and runs.
public protocol SaaSLabCommand: Sendable {
    static var spec: CommandSpec { get }
    init(arguments: ParsedArguments) throws
    /// Runs the command and returns the process exit code (see ``ExitCode``).
    func run(console: Console) async -> Int32
}

/// The version `saaslab --version` prints.
public enum SaaSLabVersion {
    public static let current = "0.1.0"
}
