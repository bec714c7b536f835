import Core
import Foundation

/// The command line entry point used by the `saaslab` executable: dispatches to one
/// ``SaaSLabCommand`` per subcommand and handles help, version and usage errors.
public enum SaaSLabCommandLine {
    /// Every subcommand, in the order `saaslab --help` lists them.
    public static let commands: [any SaaSLabCommand.Type] = [
        ServeCommand.self,
        BenchCommand.self,
        RunCommand.self,
        ListCommand.self,
        ShowCommand.self,
        InitCommand.self,
        VerifyCommand.self,
        GradeCommand.self,
        MergeCommand.self,
    ]

    /// Runs the command named by `arguments` and exits the process with its exit code.
    public static func runAndExit(arguments: [String]) async -> Never {
        let code = await run(arguments: arguments, console: .standard())
        exit(code)
    }

    /// Runs the command named by `arguments`, writing to `console`; returns the exit code.
    public static func run(arguments: [String], console: Console) async -> Int32 {
        guard let first = arguments.first else {
            console.write(overview)
            return ExitCode.success
        }
        switch first {
        case "-h", "--help":
            console.write(overview)
            return ExitCode.success
        case "--version":
            console.line("saaslab \(SaaSLabVersion.current)")
            return ExitCode.success
        case "help":
            return help(topic: arguments.dropFirst().first, console: console)
        default:
            break
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            let hint = Suggestion.closest(to: first, among: commands.map { $0.spec.name } + ["help"])
                .map { "; did you mean '\($0)'?" } ?? ""
            let what = first.hasPrefix("-") ? "unknown option '\(first)'" : "unknown command '\(first)'"
            console.error("error: \(what)\(hint)")
            console.error(usageLine)
            return ExitCode.usage
        }
        return await run(command, arguments: Array(arguments.dropFirst()), console: console)
    }

    private static func run(_ command: any SaaSLabCommand.Type, arguments: [String], console: Console) async -> Int32 {
        let instance: any SaaSLabCommand
        switch parse(command, arguments: arguments) {
        case .success(nil):
            console.write(command.spec.help)
            return ExitCode.success
        case .success(let parsed?):
            instance = parsed
        case .failure(let error):
            console.error("error: \(error.message)")
            console.error("Usage: see 'saaslab help \(command.spec.name)'")
            return ExitCode.usage
        }
        return await instance.run(console: console)
    }

    /// The command built from `arguments`, nil when help was asked for, or the usage error.
    private static func parse(_ command: any SaaSLabCommand.Type, arguments: [String]) -> Result<(any SaaSLabCommand)?, UsageError> {
        do {
            let parsed = try ParsedArguments.parse(arguments, spec: command.spec)
            if parsed.wantsHelp { return .success(nil) }
            return .success(try command.init(arguments: parsed))
        } catch let error as UsageError {
            return .failure(error)
        } catch {
            return .failure(UsageError("\(error)"))
        }
    }

    private static func help(topic: String?, console: Console) -> Int32 {
        guard let topic else {
            console.write(overview)
            return ExitCode.success
        }
        guard let command = commands.first(where: { $0.spec.name == topic }) else {
            let hint = Suggestion.closest(to: topic, among: commands.map { $0.spec.name }).map { "; did you mean '\($0)'?" } ?? ""
            console.error("error: no help for unknown command '\(topic)'\(hint)")
            console.error(usageLine)
            return ExitCode.usage
        }
        console.write(command.spec.help)
        return ExitCode.success
    }

    static let usageLine = "Usage: saaslab <command> [options]; 'saaslab --help' lists the commands."

    /// The text of `saaslab --help`.
    public static var overview: String {
        var lines = [
            "saaslab \(SaaSLabVersion.current): the SaaS Factory bootcamp labs, run and graded against an embedded SaaS backend.",
            "",
            "USAGE: saaslab <command> [options]",
            "",
            "COMMANDS:",
        ]
        lines += HelpTable.rows(commands.map { ($0.spec.name, $0.spec.abstract) } + [("help", "Show help for a command: saaslab help <command>.")])
        lines += [
            "",
            "OPTIONS:",
        ]
        lines += HelpTable.rows([("-h, --help", "Show this help."), ("--version", "Show the version.")])
        lines += ["", "Exit codes: 0 success, 1 a step failed, 2 unreadable lab file or workspace, 64 bad command line, 70 saaslab itself failed."]
        return lines.joined(separator: "\n") + "\n"
    }
}
