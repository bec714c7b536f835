import Backend
import Foundation
@testable import SaaSLabCLI
import Testing

/// Every exit code each command documents (its spec's exits, which its help prints and the
/// README repeats), met once per command through the real argument parsing: in-process where
/// that can reach the code, else on the real binary. A backend that does not start is stood in
/// for by ``LabBackend/starter``.
@Suite struct ExitCodeTests {
    /// One command ending with one code.
    struct Case: Sendable, CustomTestStringConvertible {
        let command: String
        let code: Int32
        /// What standard error says (a part of it); empty: standard error stays empty.
        let says: String
        /// The arguments, in a fresh ``Fixture`` folder (made ready as the case needs).
        let arguments: @Sendable (Fixture) async throws -> [String]
        /// Whether every backend the command starts fails to.
        var backendFails = false
        /// On the binary: its environment, besides this process's (`{here}` is the folder it runs in).
        var environment: [String: String] = [:]

        var testDescription: String { "\(command) exits \(code)" }
    }

    /// A fresh folder: `labs/` with the sample lab, its starter (wrong) and solution (right)
    /// workspaces; `subs/` with one participant; an empty workspace `ws/`; `hints.md`, a lab
    /// whose step has three hint levels; `file`, a plain file nothing can be written under.
    struct Fixture {
        let dir: String
        var labs: String { dir + "/labs" }
        /// A path below a plain file: neither file nor folder can be created there.
        var unwritable: String { dir + "/file/below" }

        init() throws {
            dir = try SampleClass.folder()
            try SampleClass.write(SampleClass.table("ChangeMe"), to: dir + "/labs/starter/lab1/table.json")
            try SampleClass.write(SampleClass.table("Product"), to: dir + "/labs/solution/lab1/table.json")
            try SampleClass.write(SampleClass.table("Product"), to: dir + "/subs/ada/lab1/table.json")
            try FileManager.default.createDirectory(atPath: dir + "/ws", withIntermediateDirectories: true)
            try SampleClass.write(HintCommandTests.lab, to: dir + "/hints.md")
            try SampleClass.write("a file", to: dir + "/file")
        }

        /// A gradebook graded from `subs/`, for `merge`.
        func gradebook() async throws -> String {
            let graded = await SampleClass.run(["grade", dir + "/subs", "--labs", labs, "--seed", "1", "--out", dir + "/gradebook"])
            try #require(graded.code == 0, "\(graded.err)")
            return dir + "/gradebook"
        }
    }

    private struct BootstrapFailed: Error, CustomStringConvertible {
        var description: String { "500 InternalError: the app's tables could not be created" }
    }

    static let backendFails = "error: the backend did not start: the SaaS app could not bootstrap: 500 InternalError"

    static let inProcessCases: [Case] = [
        Case(command: "serve", code: 64, says: "--port expects a whole number from 0 to 65535, got '70000'") { _ in ["serve", "--port", "70000"] },
        Case(command: "serve", code: 70, says: backendFails, arguments: { _ in ["serve", "--port", "0"] }, backendFails: true),

        Case(command: "bench", code: 0, says: "") { _ in ["bench", "--seconds", "0.01", "--filter", "sha256"] },
        Case(command: "bench", code: 64, says: "error: no benchmark matches 'nothing'") { _ in ["bench", "--filter", "nothing"] },
        Case(command: "bench", code: 70, says: backendFails, arguments: { _ in ["bench", "--seconds", "0.01", "--filter", "backend-start"] },
             backendFails: true),

        Case(command: "run", code: 0, says: "") { f in ["run", "--labs", f.labs, "--workspace", f.labs + "/solution", "--seed", "1"] },
        Case(command: "run", code: 1, says: "") { f in ["run", "--labs", f.labs, "--workspace", f.labs + "/starter", "--seed", "1"] },
        Case(command: "run", code: 2, says: "does not exist; create one with 'saaslab init") { f in ["run", "--labs", f.labs, "--workspace", f.dir + "/none"] },
        Case(command: "run", code: 64, says: "--color expects auto, always or never, got 'sometimes'") { _ in ["run", "--color", "sometimes"] },
        Case(command: "run", code: 70, says: backendFails, arguments: { f in ["run", "--labs", f.labs] }, backendFails: true),
        Case(command: "run", code: 73, says: "error: cannot write the report to") { f in ["run", "--labs", f.labs, "--seed", "1", "--output", f.unwritable] },

        Case(command: "list", code: 0, says: "") { f in ["list", "--labs", f.labs] },
        Case(command: "list", code: 2, says: "none:1:1: no such lab file or folder") { f in ["list", "--labs", f.dir + "/none"] },
        Case(command: "list", code: 64, says: "unexpected argument 'tables' for 'list'") { f in ["list", "tables", "--labs", f.labs] },

        Case(command: "show", code: 0, says: "") { f in ["show", "tables", "--labs", f.labs] },
        Case(command: "show", code: 2, says: "no lab with id 'nosuch'") { f in ["show", "nosuch", "--labs", f.labs] },
        Case(command: "show", code: 64, says: "missing argument <lab> for 'show'") { _ in ["show"] },

        Case(command: "hint", code: 0, says: "") { f in ["hint", f.dir + "/hints.md", "three", "--workspace", f.dir + "/ws"] },
        Case(command: "hint", code: 2, says: "does not exist") { f in ["hint", f.dir + "/hints.md", "three", "--workspace", f.dir + "/none"] },
        Case(command: "hint", code: 64, says: "has no step 'thre'; did you mean 'three'?") { f in ["hint", f.dir + "/hints.md", "thre"] },
        Case(command: "hint", code: 73, says: "is a link: saaslab keeps its record of revealed hints") { f in
            // The record's folder is a link within the workspace: read through, never written through.
            try FileManager.default.createDirectory(atPath: f.dir + "/ws/elsewhere", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: f.dir + "/ws/.saaslab", withDestinationPath: "elsewhere")
            return ["hint", f.dir + "/hints.md", "three", "--workspace", f.dir + "/ws"]
        },

        Case(command: "init", code: 0, says: "") { f in ["init", f.dir + "/new", "--labs", f.labs] },
        Case(command: "init", code: 2, says: "no starter workspace at") { f in ["init", f.dir + "/new", "--labs", f.dir + "/none"] },
        Case(command: "init", code: 64, says: "already exists; choose another folder") { f in ["init", f.dir + "/ws", "--labs", f.labs] },
        Case(command: "init", code: 73, says: "error: cannot copy") { f in ["init", f.unwritable, "--labs", f.labs] },

        Case(command: "verify", code: 0, says: "") { f in ["verify", "--labs", f.labs] },
        Case(command: "verify", code: 1, says: "") { f in
            try SampleClass.write(SampleClass.table("Product"), to: f.labs + "/starter/lab1/table.json")
            return ["verify", "--labs", f.labs]
        },
        Case(command: "verify", code: 2, says: "no workspace at") { f in
            try FileManager.default.removeItem(atPath: f.labs + "/starter")
            return ["verify", "--labs", f.labs]
        },
        Case(command: "verify", code: 64, says: "--seed expects a whole number from 0 to 18446744073709551615, got 'one'") { _ in ["verify", "--seed", "one"] },
        Case(command: "verify", code: 70, says: backendFails, arguments: { f in ["verify", "--labs", f.labs] }, backendFails: true),

        Case(command: "grade", code: 0, says: "") { f in ["grade", f.dir + "/subs", "--labs", f.labs, "--seed", "1", "--out", f.dir + "/out"] },
        Case(command: "grade", code: 2, says: "cannot read the submissions folder") { f in ["grade", f.dir + "/none", "--labs", f.labs] },
        Case(command: "grade", code: 64, says: "--shard expects K/N with 1 <= K <= N, e.g. 2/8, got '3/2'") { f in ["grade", f.dir + "/subs", "--shard", "3/2"] },
        Case(command: "grade", code: 70, says: backendFails, arguments: { f in ["grade", f.dir + "/subs", "--labs", f.labs] }, backendFails: true),
        Case(command: "grade", code: 73, says: "error: cannot write the gradebook to") { f in
            ["grade", f.dir + "/subs", "--labs", f.labs, "--seed", "1", "--out", f.unwritable]
        },

        Case(command: "merge", code: 0, says: "") { f in ["merge", try await f.gradebook(), "--out", f.dir + "/merged"] },
        Case(command: "merge", code: 2, says: "a 'saaslab grade --out' folder?") { f in ["merge", f.dir + "/none"] },
        Case(command: "merge", code: 64, says: "missing argument <dir> for 'merge'") { _ in ["merge"] },
        Case(command: "merge", code: 73, says: "error: cannot write the gradebook to") { f in ["merge", try await f.gradebook(), "--out", f.unwritable] },

        Case(command: "operations", code: 0, says: "") { _ in ["operations"] },
        Case(command: "operations", code: 2, says: "error: cannot read") { f in ["operations", "--write", f.dir + "/none.md"] },
        Case(command: "operations", code: 64, says: "--write needs a value") { _ in ["operations", "--write"] },

        Case(command: "help", code: 0, says: "") { _ in ["help", "run"] },
        Case(command: "help", code: 64, says: "no help for unknown command 'rnu'; did you mean 'run'?") { _ in ["help", "rnu"] },
    ]

    @Test(arguments: inProcessCases)
    func inProcess(_ test: Case) async throws {
        let fixture = try Fixture()
        let arguments = try await test.arguments(fixture)
        let console = Console.capturing(environment: ["NO_COLOR": "1"])
        let code = test.backendFails
            ? await LabBackend.$starter.withValue({ _ in throw BootstrapFailed() }) {
                await SaaSLabCommandLine.run(arguments: arguments, console: console)
            }
            : await SaaSLabCommandLine.run(arguments: arguments, console: console)
        Self.check(test, code: code, err: console.capturedError)
    }

    /// What the process must do for the case; its standard error is `err`.
    static func check(_ test: Case, code: Int32, err: String) {
        #expect(code == test.code, "\(err)")
        if test.says.isEmpty {
            #expect(err.isEmpty || test.command == "bench", "\(err)")
        } else {
            #expect(err.contains(test.says), "\(err)")
        }
        // Failures say what went wrong; a usage error also says where help is.
        if test.code == 64 { #expect(err.contains("Usage: "), "\(err)") }
    }

    /// Cases only a process of its own can meet, on the real binary.
    static let binaryCases: [Case] = [
        // A file that reads, with the markers (this process's environment), and that nobody,
        // root included, may write.
        Case(command: "operations", code: 73, says: "error: cannot update /proc/self/environ",
             arguments: { _ in ["operations", "--write", "/proc/self/environ"] },
             environment: ["SAASLAB_TEST_MARKERS": "\n" + OperationCatalog.begin + "\n" + OperationCatalog.end + "\n"]),
        // Outside a checkout, verify copies the built-in workspaces to the temporary folder,
        // here below a plain file.
        Case(command: "verify", code: 73, says: "error: cannot copy the built-in workspaces to a temporary folder",
             arguments: { _ in ["verify"] }, environment: ["TMPDIR": "{here}/file/below"]),
        // Stopped by a signal, after it listened.
        Case(command: "serve", code: 0, says: "") { _ in ["serve", "--port", "0"] },
    ]

    @Test(.enabled(if: ServeProcessTests.binary != nil, "the saaslab executable is built beside the tests"), arguments: binaryCases)
    func onTheBinary(_ test: Case) async throws {
        let fixture = try Fixture()
        // A folder without labs/: the course is the one built in.
        let here = fixture.dir + "/elsewhere"
        try FileManager.default.createDirectory(atPath: here, withIntermediateDirectories: true)
        try SampleClass.write("a file", to: here + "/file")
        let result = try await Self.saaslab(
            try await test.arguments(fixture), in: here, environment: test.environment.mapValues { $0.replacingOccurrences(of: "{here}", with: here) }, stopWhenListening: test.command == "serve")
        Self.check(test, code: result.code, err: result.err)
    }

    /// Runs the binary in `directory` (as ``InstalledBinaryTests`` does); with
    /// `stopWhenListening`, sends SIGTERM once it says it listens.
    static func saaslab(_ arguments: [String], in directory: String, environment extra: [String: String], stopWhenListening: Bool) async throws
        -> (code: Int32, out: String, err: String) {
        let binary = try #require(ServeProcessTests.binary)
        let out = directory + "/.stdout", err = directory + "/.stderr"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        if stopWhenListening {
            let deadline = ContinuousClock.now + .seconds(60)
            while !SampleClass.text(out).contains("listening on"), process.isRunning, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            process.terminate()
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return (process.terminationStatus, SampleClass.text(out), SampleClass.text(err))
    }

    /// Every command's spec, `help`'s last.
    static let specs = SaaSLabCommandLine.commands.map({ $0.spec }) + [SaaSLabCommandLine.helpSpec]

    /// Each command's spec lists its exit codes; each has its case above, and nothing else does.
    @Test func everyDocumentedCodeHasACase() {
        let documented = Set(Self.specs.flatMap { spec in
            spec.exits.map { "\(spec.name) \($0.code)" }
        })
        let tested = (Self.inProcessCases + Self.binaryCases).map { "\($0.command) \($0.code)" }
        #expect(Set(tested) == documented)
        #expect(tested.count == Set(tested).count, "one case per code per command")
    }

    /// Every command declares 64: any of them can be given a bad command line.
    @Test func everyCommandExits64OnABadCommandLine() {
        for spec in Self.specs {
            #expect(spec.exits.contains { $0.code == ExitCode.usage }, "\(spec.name)")
            #expect(spec.exits.map(\.code) == spec.exits.map(\.code).sorted(), "\(spec.name) lists its codes in order")
        }
    }

    /// The README's command table says each command's exit codes, the ones its help says.
    @Test func theReadmeSaysEachCommandsCodes() throws {
        let readme = try String(contentsOfFile: CourseLabRuns.CourseLabsTests.root + "/README.md", encoding: .utf8)
        for spec in Self.specs {
            let row = try #require(readme.split(separator: "\n").first { $0.hasPrefix("| `saaslab \(spec.name)") }, "no README row for \(spec.name)")
            let exits = try #require(row.range(of: "exit 0 ", options: .backwards), "README's \(spec.name) row says no exit codes")
            let said = row[exits.lowerBound...].dropFirst("exit ".count)
            // `exit 0 stopped so, 64 bad command line, 70 ...`: the clauses that start with a number.
            let codes = said.components(separatedBy: ", ").compactMap { clause in
                clause.split(separator: " ", maxSplits: 1).first.flatMap { Int32($0) }
            }
            #expect(codes == spec.exits.map(\.code), "README's \(spec.name) row: \(said)")
        }
    }

    /// Help prints the codes with what each means.
    @Test func helpSaysTheCodes() async {
        let help = await SampleClass.run(["help", "run"])
        #expect(help.out.contains("\nEXIT CODES:\n  0   every step passed\n  1   a step did not"), "\(help.out)")
        #expect(help.out.contains("\n  73  the report (--output) could not be written\n"), "\(help.out)")
    }
}

/// `operations --write` reads a document, never a device or a pipe, and says why it cannot.
@Suite struct OperationsWriteInputTests {
    @Test(arguments: ["/dev/zero", "/nonexistent/folder/platform.md"])
    func aTargetThatIsNoDocumentIsRefusedAtOnce(target: String) async throws {
        let console = Console.capturing()
        let code = await SaaSLabCommandLine.run(arguments: ["operations", "--write", target], console: console)
        #expect(code == ExitCode.unreadableInput)
        #expect(console.capturedError.contains("cannot read \(target): "))
        #expect(!console.capturedError.contains("The operation could not be completed"))
    }
}
