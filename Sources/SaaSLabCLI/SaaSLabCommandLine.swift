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
        HintCommand.self,
        InitCommand.self,
        VerifyCommand.self,
        GradeCommand.self,
        MergeCommand.self,
        OperationsCommand.self,
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
            return help(arguments: Array(arguments.dropFirst()), console: console)
        default:
            break
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            console.error("error: " + unknown(first))
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

    /// The options saaslab takes before a command.
    static let globalOptions = ["--help", "--version"]

    /// Every command name, `help` included.
    private static var commandNames: [String] { commands.map { $0.spec.name } + [helpSpec.name] }

    /// What is wrong with `word` in a command's place, with a suggestion when one is close: a
    /// mistyped global option (`--verison`), or a command (`serv`, or `--list` for `list`).
    static func unknown(_ word: String) -> String {
        guard word.hasPrefix("-") else {
            let hint = Suggestion.closest(to: word, among: commandNames).map { "; did you mean '\($0)'?" } ?? ""
            return "unknown command '\(word)'\(hint)"
        }
        let suggestion = Suggestion.closest(to: word, among: globalOptions)
            ?? Suggestion.closest(to: String(word.drop { $0 == "-" }), among: commandNames)
        return "unknown option '\(word)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    }

    /// `saaslab help`: declared like a command, so that `saaslab help help` explains it and
    /// its usage errors read like every command's.
    static let helpSpec = CommandSpec(
        name: "help",
        abstract: "Show help for a command: saaslab help <command>.",
        discussion: "Without a command, lists every command; 'saaslab <command> --help' shows the same as 'saaslab help <command>'. Exit 0, or 64 for an unknown command.",
        arguments: [.init("command", help: "The command to explain (help explains help).", optional: true)]
    )

    private static func help(arguments: [String], console: Console) -> Int32 {
        let parsed: ParsedArguments
        do {
            parsed = try ParsedArguments.parse(arguments, spec: helpSpec)
        } catch {
            console.error("error: \(error.message)")
            console.error("Usage: see 'saaslab help help'")
            return ExitCode.usage
        }
        if parsed.wantsHelp {
            console.write(helpSpec.help)
            return ExitCode.success
        }
        guard let topic = parsed.positionals.first else {
            console.write(overview)
            return ExitCode.success
        }
        if topic == helpSpec.name {
            console.write(helpSpec.help)
            return ExitCode.success
        }
        guard let command = commands.first(where: { $0.spec.name == topic }) else {
            let hint = Suggestion.closest(to: topic, among: commandNames).map { "; did you mean '\($0)'?" } ?? ""
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
        lines += HelpTable.rows(commands.map { ($0.spec.name, $0.spec.abstract) } + [(helpSpec.name, helpSpec.abstract)])
        lines += [
            "",
            "OPTIONS:",
        ]
        lines += HelpTable.rows([("-h, --help", "Show this help."), ("--version", "Show the version.")])
        lines += ["", "Exit codes: 0 success, 1 a step failed, 2 unreadable lab file or workspace, 64 bad command line, 70 the backend did not start (serve: also an address it cannot bind)."]
        return lines.joined(separator: "\n") + "\n"
    }
}
