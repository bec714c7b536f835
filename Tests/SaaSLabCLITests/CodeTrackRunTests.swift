import Backend
import Foundation
import Labs
import Testing
@testable import SaaSLabCLI

/// The code track in `run` and `verify`: which track a workspace is on, a service that does
/// not come up failing its lab's steps (not the run), and the Python solution to full marks.
@Suite struct CodeTrackRunTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func lab(order: Int) throws -> Lab {
        try Workbook.parseLab("---\nid: lab-\(order)\ntitle: Lab \(order)\norder: \(order)\n---\n"
            + "```hurl {id=list points=4 exercise}\nGET {{api}}/product/health\nHTTP 200\n```\n",
            file: "lab\(order).md", variables: Workbook.builtinVariables)
    }

    @Test func aLabIsOnTheCodeTrackWhenItsFolderHasAProcfile() throws {
        let folder = try ServiceFolder(procfile: nil)
        defer { folder.remove() }
        let (two, three) = (try Self.lab(order: 2), try Self.lab(order: 3))
        #expect(Track.of(workspace: folder.path, labs: [two, three]) == .settings)
        try FileManager.default.createDirectory(atPath: folder.path + "/lab3/product-service", withIntermediateDirectories: true)
        #expect(Track.of(workspace: folder.path, labs: [two, three]) == .settings, "a folder alone is not the code track")
        try "web: python3 server.py\n".write(toFile: folder.path + "/lab3/product-service/Procfile", atomically: true, encoding: .utf8)
        #expect(Track.of(workspace: folder.path, labs: [two, three]) == .code)
        #expect(Track.serviceFolder(workspace: folder.path, lab: two) == nil)
        #expect(Track.serviceFolder(workspace: folder.path, lab: three) == folder.path + "/lab3/product-service")
        #expect(Track.of(workspace: nil, labs: [three]) == .settings)
        #expect(Track.of(workspace: Self.root + "/labs/code/solution", labs: [two, three]) == .code)
        #expect(Track.of(workspace: Self.root + "/labs/solution", labs: [two, three]) == .settings)
    }

    @Test func aServiceThatDoesNotComeUpFailsItsLabsStepsWithItsExitAndOutput() async throws {
        let workspace = try ServiceFolder(procfile: nil)
        defer { workspace.remove() }
        try FileManager.default.createDirectory(atPath: workspace.path + "/lab2/product-service", withIntermediateDirectories: true)
        try "web: echo 'Traceback: no module named boto4' >&2; exit 3\n"
            .write(toFile: workspace.path + "/lab2/product-service/Procfile", atomically: true, encoding: .utf8)
        let backend = try await Backend.start(LabBackend.config(seed: 2, realClock: true))
        let codeRun = CodeTrackRun(backend: backend, workspace: workspace.path, healthTimeout: 10)
        let runner = codeRun.hooked(EmbeddedRunner.make(on: backend, workspace: workspace.path))
        let result = await runner.run([try Self.lab(order: 2), try Self.lab(order: 3)])
        await codeRun.finish()
        let step = try #require(result.labs[0].steps.first)
        #expect(step.status == .error)
        #expect(step.message?.contains("did not start") == true)
        #expect(step.message?.contains("exited with status 3") == true)
        #expect(step.message?.contains("Traceback: no module named boto4") == true)
        #expect(result.labs[1].steps.first?.status == .passed, "lab 3 has no service: the built-in one answers")
        // Nothing starts after the run is finished (Ctrl-C).
        #expect(await codeRun.prepare(try Self.lab(order: 2))?.contains("stopped") == true)
    }

    @Test func aFailingStepShowsTheServiceOutput() async throws {
        let workspace = try ServiceFolder(procfile: nil)
        defer { workspace.remove() }
        let service = workspace.path + "/lab2/product-service"
        try FileManager.default.createDirectory(atPath: service, withIntermediateDirectories: true)
        try "web: FAKE_MODE=ok exec python3 app.py\n".write(toFile: service + "/Procfile", atomically: true, encoding: .utf8)
        try ServiceFolder.fakeService.replacingOccurrences(of: "def log_message(self, *args): pass", with: "def log_message(self, *args): sys.stderr.write('served ' + self.path + '\\n')")
            .write(toFile: service + "/app.py", atomically: true, encoding: .utf8)
        let backend = try await Backend.start(LabBackend.config(seed: 2, realClock: true))
        let codeRun = CodeTrackRun(backend: backend, workspace: workspace.path)
        let lab = try Workbook.parseLab("---\nid: lab-2\ntitle: Lab 2\norder: 2\n---\n"
            + "```hurl {id=fails points=1}\nGET {{api}}/products\nHTTP 200\n```\n", file: "lab2.md", variables: Workbook.builtinVariables)
        let result = await codeRun.hooked(EmbeddedRunner.make(on: backend, workspace: workspace.path)).run([lab])
        await codeRun.finish()
        let logged = await codeRun.attachingLogs(to: result)
        let step = try #require(logged.labs.first?.steps.first)
        #expect(step.status == .failed, "unauthenticated: 401 from the gateway")
        #expect(step.transcript?.contains("the service's last lines of output:") == true)
    }

    @Test(.timeLimit(.minutes(3))) func theCodeSolutionRunsToFullMarks() async throws {
        let hasBoto3 = try await offPool {
            let boto3 = Process()
            boto3.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            boto3.arguments = ["python3", "-c", "import boto3"]
            boto3.standardError = FileHandle.nullDevice
            try? boto3.run()
            boto3.waitUntilExit()
            return boto3.terminationStatus == 0
        }
        guard hasBoto3 else {
            print("skipped: the code track's Python services need python3 and boto3 (python3 -m pip install boto3)")
            return
        }
        let console = Console.capturing()
        let code = await SaaSLabCommandLine.run(arguments: [
            "run", "--labs", Self.root + "/labs", "--workspace", Self.root + "/labs/code/solution", "--seed", "1",
        ], console: console)
        #expect(code == 0, "\(console.capturedOutput)\(console.capturedError)")
        #expect(console.capturedOutput.contains("Score 100/100"))
        #expect(console.capturedOutput.contains("track: code"))
    }
}
