import Foundation
import SaaSLabCLI
import Testing

/// `saaslab run` exit codes over tiny lab files against the embedded backend.
@Suite struct RunCommandTests {
    private func folder(_ lab: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-run-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/labs", withIntermediateDirectories: true)
        try Data(lab.utf8).write(to: URL(fileURLWithPath: dir + "/labs/health.md"))
        return dir
    }

    private func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = Console.capturing(environment: ["NO_COLOR": "1"])
        let code = await SaaSLabCommandLine.run(arguments: arguments, console: console)
        return (code, console.capturedOutput, console.capturedError)
    }

    private func lab(status: String) -> String {
        "---\nid: health\ntitle: Health\n---\nIs it up?\n```hurl {id=up points=2}\nGET {{api}}/health\nHTTP \(status)\n[Asserts]\njsonpath \"$.status\" == \"ok\"\n```\n"
    }

    @Test func passingLabExitsZero() async throws {
        let dir = try folder(lab(status: "200"))
        let result = await run(["run", "health", "--labs", dir + "/labs", "--seed", "1"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("✔ up  2/2"))
        let json = await run(["run", dir + "/labs/health.md", "--format", "json", "--seed", "1"])
        #expect(json.out.contains(#""score": 2"#))
    }

    @Test func onlyAnUnseededJUnitReportIsTimed() async throws {
        let dir = try folder(lab(status: "200"))
        let seeded = await run(["run", "--labs", dir + "/labs", "--seed", "1", "--format", "junit"])
        #expect(seeded.code == 0, "\(seeded.err)")
        #expect(!seeded.out.contains("time="))
        #expect(seeded.out == (await run(["run", "--labs", dir + "/labs", "--seed", "1", "--format", "junit"])).out)
        let timed = await run(["run", "--labs", dir + "/labs", "--format", "junit"])
        #expect(timed.code == 0, "\(timed.err)")
        let lines = timed.out.split(separator: "\n")
        #expect(lines.first { $0.hasPrefix("<testsuites ") }?.contains(" time=\"") == true, "\(timed.out)")
        #expect(lines.first { $0.hasPrefix("  <testsuite ") }?.contains(" time=\"") == true, "\(timed.out)")
    }

    @Test func htmlReportGoesToItsFileTheSameBytesWhenSeededAndTimedWhenNot() async throws {
        let dir = try folder(lab(status: "404"))
        var pages: [String] = []
        for (name, seed) in [("a", ["--seed", "1"]), ("b", ["--seed", "1"]), ("timed", [])] {
            let result = await run(["run", "--labs", dir + "/labs", "--format", "html", "--output", dir + "/\(name).html"] + seed)
            #expect(result.code == 1, "\(result.err)")
            #expect(result.out.isEmpty)
            pages.append(try String(contentsOfFile: dir + "/\(name).html", encoding: .utf8))
        }
        #expect(pages[0].hasPrefix("<!DOCTYPE html>") && pages[0].contains(#"<li class="step failed" id="step-1-1">"#))
        #expect(pages[0] == pages[1])
        #expect(!pages[0].contains("Ran in"))
        #expect(pages[2].contains("<p class=\"time\">Ran in "))
        let misspelt = await run(["run", "--format", "htm"])
        #expect(misspelt.code == 64)
        #expect(misspelt.err.contains("--format expects terminal, json, junit, tap, gradescope, markdown or html, got 'htm'; did you mean 'html'?"), "\(misspelt.err)")
    }

    @Test func failingStepExitsOne() async throws {
        let dir = try folder(lab(status: "404"))
        let result = await run(["run", "--labs", dir + "/labs", "--seed", "1"])
        #expect(result.code == 1)
        #expect(result.out.contains("✘ up  0/2"))
    }

    @Test func unreadableLabExitsTwoWithLocationAndCaret() async throws {
        let dir = try folder("---\nid: health\n---\n```hurl {id=up}\nGET {{api}}/health\nHTTP 200\n[Asserts]\nstatus equals 200\n```\n")
        let result = await run(["run", "--labs", dir + "/labs"])
        #expect(result.code == 2)
        #expect(result.err.contains("health.md:8:"))
        #expect(result.err.contains("^"))
        let missing = await run(["run", "nothing-here", "--labs", dir + "/labs"])
        #expect(missing.code == 2)
    }

    @Test func badCommandLineExits64() async throws {
        #expect(await run(["run", "--format", "pdf"]).code == 64)
        #expect(await run(["run", "--variable", "novalue"]).code == 64)
        #expect(await run(["run", "--seed", "x"]).code == 64)
        #expect(await run(["run", "--format", "gradescope", "--hidden-visibility", "never"]).code == 64)
        let notGradescope = await run(["run", "--format", "json", "--hidden-visibility", "after_due_date"])
        #expect(notGradescope.code == 64)
        #expect(notGradescope.err.contains("--format gradescope only"))
    }

    @Test func gradescopeHiddenVisibilityIsChosenOnTheCommandLine() async throws {
        let dir = try folder(lab(status: "200").replacingOccurrences(of: "{id=up points=2}", with: "{id=up points=2 hidden}"))
        for (arguments, expected) in [([String](), "after_published"), (["--hidden-visibility", "after_due_date"], "after_due_date")] {
            let result = await run(["run", "--labs", dir + "/labs", "--seed", "1", "--format", "gradescope"] + arguments)
            #expect(result.code == 0, "\(result.err)")
            #expect(result.out.contains(#""visibility": "\#(expected)""#), "\(result.out)")
            #expect(result.out.contains(#""output": "saaslab: 0/0 points""#))
            #expect(result.out.contains(#""number": "1.1""#))
        }
    }

    @Test func initSaysWhenThereIsNoStarter() async throws {
        let dir = try folder(lab(status: "200"))
        let result = await run(["init", dir + "/ws", "--labs", dir + "/labs"])
        #expect(result.code == 2)
        #expect(result.err.contains("no starter workspace"))
    }
}
