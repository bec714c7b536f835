import Foundation
@testable import SaaSLabCLI
import Testing

/// `run --color auto|always|never`, `NO_COLOR` and `FORCE_COLOR`, and where the report goes.
@Suite struct ColourTests {
    private static let escape = "\u{1B}["

    private func labs() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-colour-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("---\nid: health\n---\n```hurl {id=up}\nGET {{api}}/health\nHTTP 200\n```\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/health.md"))
        return dir
    }

    /// Whether `run` coloured its report, given the options, the environment and whether
    /// standard output is a terminal.
    private func coloured(_ options: [String], environment: [String: String] = [:], terminal: Bool) async throws -> Bool {
        let console = Console.capturing(environment: environment, outputIsTerminal: terminal)
        let code = await SaaSLabCommandLine.run(arguments: ["run", "--labs", try labs(), "--seed", "1"] + options, console: console)
        #expect(code == 0, "\(console.capturedError)")
        #expect(console.capturedOutput.contains("up"))
        return console.capturedOutput.contains(Self.escape)
    }

    @Test func autoColoursOnlyATerminal() async throws {
        #expect(try await coloured([], terminal: true))
        #expect(try await coloured(["--color", "auto"], terminal: true))
        #expect(try await !coloured([], terminal: false))
        #expect(try await !coloured([], environment: ["TERM": "dumb"], terminal: true))
    }

    @Test func noColorTurnsAutoOffWhenNotEmpty() async throws {
        #expect(try await !coloured([], environment: ["NO_COLOR": "1"], terminal: true))
        #expect(try await coloured([], environment: ["NO_COLOR": ""], terminal: true))
    }

    @Test func forceColorColoursAnywhereUnlessZeroOrEmpty() async throws {
        #expect(try await coloured([], environment: ["FORCE_COLOR": "1"], terminal: false))
        #expect(try await coloured([], environment: ["FORCE_COLOR": "true"], terminal: false))
        #expect(try await !coloured([], environment: ["FORCE_COLOR": "0"], terminal: false))
        #expect(try await !coloured([], environment: ["FORCE_COLOR": ""], terminal: false))
        #expect(try await coloured([], environment: ["FORCE_COLOR": "1", "NO_COLOR": "1"], terminal: false), "FORCE_COLOR wins over NO_COLOR")
    }

    @Test func theOptionWinsOverTheEnvironment() async throws {
        #expect(try await !coloured(["--color", "never"], environment: ["FORCE_COLOR": "1"], terminal: true))
        #expect(try await coloured(["--color", "always"], environment: ["NO_COLOR": "1"], terminal: false))
        #expect(try await coloured(["--color=always"], environment: ["TERM": "dumb"], terminal: false))
    }

    @Test func onlyTheTerminalFormatIsColoured() async throws {
        #expect(try await !coloured(["--color", "always", "--format", "json"], terminal: true))
        #expect(try await !coloured(["--color", "always", "--format", "markdown"], terminal: true))
    }

    @Test func aReportFileIsColouredOnlyWhenAskedFor() async throws {
        let dir = try labs()
        func file(_ options: [String], environment: [String: String] = [:]) async throws -> String {
            let path = dir + "/report-\(UUID().uuidString).txt"
            let console = Console.capturing(environment: environment, outputIsTerminal: true)
            _ = await SaaSLabCommandLine.run(arguments: ["run", "--labs", dir, "--output", path] + options, console: console)
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        #expect(try await !file([]).contains(Self.escape), "a file is not a terminal")
        #expect(try await file(["--color", "always"]).contains(Self.escape))
        #expect(try await file([], environment: ["FORCE_COLOR": "1"]).contains(Self.escape))
        #expect(try await coloured(["--output", "-"], terminal: true), "--output - is the terminal")
    }

    @Test func aBadColorIsAUsageError() async throws {
        for (arguments, message) in [
            (["run", "--color", "alwys"], "--color expects auto, always or never, got 'alwys'; did you mean 'always'?"),
            (["run", "--color", "sometimes"], "--color expects auto, always or never, got 'sometimes'"),
            (["run", "--color"], "--color needs a value"),
        ] {
            let console = Console.capturing()
            #expect(await SaaSLabCommandLine.run(arguments: arguments, console: console) == 64)
            #expect(console.capturedError.contains(message), "\(console.capturedError)")
        }
    }

    @Test func thePrecedenceRule() {
        let everything = ["FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "dumb"]
        #expect(ColourChoice.never.colours(toTerminal: true, environment: everything) == false)
        #expect(ColourChoice.always.colours(toTerminal: false, environment: ["NO_COLOR": "1"]))
        #expect(ColourChoice.auto.colours(toTerminal: false, environment: everything))
        #expect(ColourChoice.auto.colours(toTerminal: true, environment: ["NO_COLOR": "x"]) == false)
        #expect(ColourChoice.auto.colours(toTerminal: true, environment: [:]))
    }
}
