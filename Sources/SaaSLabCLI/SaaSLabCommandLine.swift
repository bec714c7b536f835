import Foundation

/// The command line entry point used by the `saaslab` executable.
public enum SaaSLabCommandLine {
    /// Runs the command named by `arguments` and exits the process with its exit code.
    public static func runAndExit(arguments: [String]) async -> Never {
        exit(0)
    }
}
