import SaaSLabCLI
import Testing

@Suite struct CommandLineTests {
    private func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = Console.capturing()
        let code = await SaaSLabCommandLine.run(arguments: arguments, console: console)
        return (code, console.capturedOutput, console.capturedError)
    }

    @Test func noArgumentsPrintsTheCommands() async {
        let result = await run([])
        #expect(result.code == 0)
        #expect(result.out.contains("USAGE: saaslab <command> [options]"))
        #expect(result.out.contains("serve"))
        #expect(result.out.contains("bench"))
    }

    @Test func helpFlagAndHelpCommandAgree() async {
        let flag = await run(["--help"])
        let command = await run(["help"])
        #expect(flag.code == 0 && command.code == 0)
        #expect(flag.out == command.out)
    }

    @Test func versionPrintsTheVersion() async {
        let result = await run(["--version"])
        #expect(result.code == 0)
        #expect(result.out == "saaslab \(SaaSLabVersion.current)\n")
    }

    @Test func helpForACommandIsGeneratedFromItsSpec() async {
        let result = await run(["help", "serve"])
        #expect(result.code == 0)
        #expect(result.out.contains("USAGE: saaslab serve [options]"))
        #expect(result.out.contains("-p, --port <n>"))
        #expect(result.out.contains("--host <address>"))
        let viaFlag = await run(["serve", "--help"])
        #expect(viaFlag.out == result.out)
    }

    @Test func unknownCommandIsAUsageErrorWithSuggestion() async {
        let result = await run(["serv"])
        #expect(result.code == 64)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("error: unknown command 'serv'; did you mean 'serve'?"))
        #expect(result.err.contains("Usage: saaslab <command>"))
    }

    @Test func unknownTopLevelOptionIsAUsageError() async {
        let result = await run(["--frobnicate"])
        #expect(result.code == 64)
        #expect(result.err.contains("unknown option '--frobnicate'"))
    }

    @Test func helpExplainsHelp() async {
        let result = await run(["help", "help"])
        #expect(result.code == 0)
        #expect(result.err.isEmpty)
        #expect(result.out.hasPrefix("OVERVIEW: Show help for a command: saaslab help <command>."))
        #expect(result.out.contains("USAGE: saaslab help [<command>]"))
        #expect(await run(["help", "--help"]).out == result.out)
        #expect(await run(["help", "-h"]).out == result.out)
        let overview = await run(["--help"])
        // The column is as wide as the longest command name, whichever that is.
        let helpLine = overview.out.split(separator: "\n").first { $0.hasPrefix("  help ") }
        #expect(helpLine?.hasSuffix(" Show help for a command: saaslab help <command>.") == true, "\(overview.out)")
    }

    @Test func helpWithMoreThanOneCommandOrAnOptionIsAUsageError() async {
        let extra = await run(["help", "run", "serve"])
        #expect(extra.code == 64)
        #expect(extra.out.isEmpty)
        #expect(extra.err.contains("error: unexpected argument 'serve' for 'help'"))
        #expect(extra.err.contains("Usage: see 'saaslab help help'"))
        let option = await run(["help", "--verbose"])
        #expect(option.code == 64)
        #expect(option.err.contains("error: unknown option '--verbose' for 'help'"))
    }

    @Test func aMistypedGlobalOptionGetsASuggestion() async {
        for (typed, suggested) in [("--verison", "--version"), ("--versoin", "--version"), ("-version", "--version"),
                                   ("--hlep", "--help"), ("--list", "list"), ("--serv", "serve")] {
            let result = await run([typed])
            #expect(result.code == 64, "\(typed)")
            #expect(result.out.isEmpty)
            #expect(result.err.contains("error: unknown option '\(typed)'; did you mean '\(suggested)'?"), "\(result.err)")
            #expect(result.err.contains("Usage: saaslab <command> [options]"))
        }
        let nothingClose = await run(["--frobnicate"])
        #expect(nothingClose.err.contains("error: unknown option '--frobnicate'\n"))
    }

    @Test func helpForUnknownCommandIsAUsageError() async {
        let result = await run(["help", "grdae"])
        #expect(result.code == 64)
        #expect(result.err.contains("no help for unknown command 'grdae'; did you mean 'grade'?"))
        #expect(await run(["help", "hlep"]).err.contains("no help for unknown command 'hlep'; did you mean 'help'?"))
    }

    @Test func unknownOptionOfACommandSuggestsTheRightOne() async {
        let result = await run(["serve", "--prot", "80"])
        #expect(result.code == 64)
        #expect(result.err.contains("error: unknown option '--prot' for 'serve'; did you mean '--port'?"))
        #expect(result.err.contains("saaslab help serve"))
    }

    @Test func badOptionValuesAreUsageErrors() async {
        let port = await run(["serve", "--port", "70000"])
        #expect(port.code == 64)
        #expect(port.err.contains("--port expects a whole number from 0 to 65535, got '70000'"))
        let missing = await run(["serve", "--port"])
        #expect(missing.code == 64)
        #expect(missing.err.contains("--port needs a value"))
        let seconds = await run(["bench", "--seconds", "-1"])
        #expect(seconds.code == 64)
        #expect(seconds.err.contains("--seconds expects a positive number of seconds"))
    }

    @Test func unexpectedPositionalIsAUsageError() async {
        let result = await run(["serve", "extra"])
        #expect(result.code == 64)
        #expect(result.err.contains("unexpected argument 'extra' for 'serve'"))
    }

    @Test func benchWithUnknownFilterListsTheNames() async {
        let result = await run(["bench", "--filter", "nothing-matches"])
        #expect(result.code == 64)
        #expect(result.err.contains("sha256"))
    }

    @Test func benchFilterNamingABenchmarkExactlyRunsThatOneAlone() async {
        // 'sha256' is also part of 'hmac-sha256', as 'labs-grade-rate' is of 'labs-grade-rate-code'.
        let exact = await run(["bench", "--seconds", "0.01", "--filter", "sha256"])
        #expect(exact.code == 0)
        #expect(exact.out.split(separator: "\n").map { $0.split(separator: ":").first.map(String.init) } == ["sha256"])
        let part = await run(["bench", "--seconds", "0.01", "--filter", "sha"])
        #expect(part.out.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) } == ["sha256", "hmac-sha256"])
    }

    @Test func benchPrintsNameValueUnitLines() async {
        // Every workload but the one that first fills a million-item table (slow in debug builds).
        let filters = ["sha256", "hmac", "sigv4", "iam", "dynamodb-put", "dynamodb-get", "cognito", "router", "json"]
        let result = await run(["bench", "--seconds", "0.01"] + filters.flatMap { ["--filter", $0] })
        #expect(result.code == 0)
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 11)
        for line in lines {
            let parts = line.split(separator: " ")
            #expect(parts.count == 3, "line '\(line)' is not 'name: value unit'")
            #expect(parts.first?.hasSuffix(":") == true)
            #expect(Double(parts[1]) != nil)
        }
    }
}

@Suite struct ArgumentParserTests {
    private static let workspace = Option<String>("workspace", short: "w", placeholder: "dir", help: "Workspace.")
    private static let variable = RepeatedOption<String>("variable", placeholder: "name=value", help: "Variables.")
    private static let verbose = Flag("verbose", short: "v", help: "More output.")
    private static let port = Option<Int>("port", placeholder: "n", in: 0...65535, help: "Port.")
    private let spec = CommandSpec(
        name: "run", abstract: "Run labs.",
        arguments: [.init("lab", help: "Labs to run.", optional: true, repeating: true)],
        options: [workspace, variable, verbose, port],
        exits: [.init(0, "ran"), .usage()]
    )

    @Test func parsesLongShortInlineRepeatedAndPositionals() throws {
        let parsed = try ParsedArguments.parse(
            ["onboarding", "-w", "ws", "--variable=a=1", "--variable", "b=2", "-v", "--port", "80", "--", "--not-an-option"], spec: spec
        )
        #expect(parsed.positionals == ["onboarding", "--not-an-option"])
        #expect(parsed[Self.workspace] == "ws")
        #expect(parsed[Self.variable] == ["a=1", "b=2"])
        #expect(parsed[Self.verbose])
        #expect(parsed[Self.port] == 80)
    }

    @Test func optionsNotGivenReadAsNothing() throws {
        let parsed = try ParsedArguments.parse([], spec: spec)
        #expect(parsed[Self.workspace] == nil)
        #expect(parsed[Self.variable].isEmpty)
        #expect(!parsed[Self.verbose])
        #expect(parsed[Self.port] == nil)
    }

    @Test func theLastValueOfAnOptionGivenTwiceWins() throws {
        #expect(try ParsedArguments.parse(["--port", "1", "--port=2"], spec: spec)[Self.port] == 2)
    }

    @Test func flagWithValueIsRefused() {
        #expect(throws: UsageError("--verbose takes no value")) {
            try ParsedArguments.parse(["--verbose=yes"], spec: spec)
        }
    }

    @Test func aValueIsConvertedAsTheCommandLineIsParsed() {
        #expect(throws: UsageError("--port expects a whole number from 0 to 65535, got '80a'")) {
            try ParsedArguments.parse(["--port", "80a"], spec: spec)
        }
        // The first refused value is the one named.
        #expect(throws: UsageError("--port expects a whole number from 0 to 65535, got '-1'")) {
            try ParsedArguments.parse(["--port=-1", "--port", "x"], spec: spec)
        }
    }

    @Test func helpWinsOverARefusedValue() throws {
        #expect(try ParsedArguments.parse(["--port", "nope", "--help"], spec: spec).wantsHelp)
    }

    @Test func missingRequiredArgumentIsNamed() {
        let strict = CommandSpec(name: "show", abstract: "Show a lab.", arguments: [.init("lab", help: "The lab.")], exits: [.usage()])
        #expect(throws: UsageError("missing argument <lab> for 'show'")) {
            try ParsedArguments.parse([], spec: strict)
        }
    }

    @Test func aChoiceListsItsValuesAndSuggestsTheClosest() throws {
        let colour = Option<Shade>("shade", placeholder: "s", help: "Shade.")
        let spec = CommandSpec(name: "paint", abstract: "Paint.", options: [colour], exits: [.usage()])
        #expect(throws: UsageError("--shade expects light, dark or auto, got 'drak'; did you mean 'dark'?")) {
            try ParsedArguments.parse(["--shade", "drak"], spec: spec)
        }
        #expect(throws: UsageError("--shade expects light, dark or auto, got 'blue'")) {
            try ParsedArguments.parse(["--shade", "blue"], spec: spec)
        }
        #expect(try ParsedArguments.parse(["--shade", "auto"], spec: spec)[colour] == .auto)
    }

    private enum Shade: String, ArgumentChoice {
        case light, dark, auto
    }

    @Test func secondsArePositiveAndFinite() throws {
        let wait = Option<Double>.seconds("wait", help: "Wait.")
        let spec = CommandSpec(name: "sleep", abstract: "Sleep.", options: [wait], exits: [.usage()])
        #expect(try ParsedArguments.parse(["--wait", "0.5"], spec: spec)[wait] == 0.5)
        for bad in ["0", "-1", "inf", "nan", "soon"] {
            #expect(throws: UsageError("--wait expects a positive number of seconds, got '\(bad)'")) {
                try ParsedArguments.parse(["--wait", bad], spec: spec)
            }
        }
    }
}
