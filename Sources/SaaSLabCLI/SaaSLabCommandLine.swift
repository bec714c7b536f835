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
            return report(.usage(unknown(first)), usage: usageLine, console: console)
        }
        return await run(command, arguments: Array(arguments.dropFirst()), console: console)
    }

    /// Parses and runs one command; the one place a command's failure is printed.
    private static func run(_ command: any SaaSLabCommand.Type, arguments: [String], console: Console) async -> Int32 {
        do throws(CommandFailure) {
            guard let instance = try parse(command, arguments: arguments) else {
                console.write(command.spec.help)
                return ExitCode.success
            }
            return try await instance.run(console: console)
        } catch {
            return report(error, usage: "Usage: see 'saaslab help \(command.spec.name)'", console: console)
        }
    }

    /// Prints `failure` on standard error (its diagnostics, `error: ...`, and for a usage error
    /// the `usage` hint) and returns its exit code.
    private static func report(_ failure: CommandFailure, usage: String, console: Console) -> Int32 {
        if let diagnostics = failure.diagnostics { console.error(diagnostics) }
        if let message = failure.message { console.error("error: \(message)") }
        if failure.exitCode == ExitCode.usage { console.error(usage) }
        return failure.exitCode
    }

    /// The command built from `arguments`, or nil when help was asked for.
    private static func parse(_ command: any SaaSLabCommand.Type, arguments: [String]) throws(CommandFailure) -> (any SaaSLabCommand)? {
        do throws(UsageError) {
            let parsed = try ParsedArguments.parse(arguments, spec: command.spec)
            if parsed.wantsHelp { return nil }
            return try command.init(arguments: parsed)
        } catch {
            throw CommandFailure(error)
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
        discussion: "Without a command, lists every command; 'saaslab <command> --help' shows the same as 'saaslab help <command>'.",
        arguments: [.init("command", help: "The command to explain (help explains help).", optional: true)],
        exits: [.init(ExitCode.success, "the help was shown"), .usage("an unknown command")]
    )

    private static func help(arguments: [String], console: Console) -> Int32 {
        let parsed: ParsedArguments
        do {
            parsed = try ParsedArguments.parse(arguments, spec: helpSpec)
        } catch {
            return report(CommandFailure(error), usage: "Usage: see 'saaslab help help'", console: console)
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
            return report(.usage("no help for unknown command '\(topic)'\(hint)"), usage: usageLine, console: console)
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
        lines += ["", "Exit codes: 0 success, 1 a step failed, 2 unreadable lab file or workspace, 64 bad command line, 70 the backend did not start (serve: also an address it cannot bind), 73 an output could not be written; 'saaslab help <command>' lists a command's own."]
        return lines.joined(separator: "\n") + "\n"
    }
}
