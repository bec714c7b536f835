import Foundation
import Testing

extension CourseLabRuns {
    /// The `saaslab` binary run from folders other than the repository, as an installed copy
    /// is: the course (lab files, instructor probes, starter and solution) is built in, `labs/`
    /// in the current folder is used when there is one, and `--labs DIR` wins over both.
    @Suite(.serialized) struct InstalledBinaryTests {
        static let root = CourseLabsTests.root

        /// A fresh empty folder.
        static func folder() throws -> String {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-installed-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return dir
        }

        /// Runs the binary in `directory`; output goes through files, so a long report cannot
        /// fill a pipe.
        static func saaslab(
            _ arguments: [String], in directory: String, environment extra: [String: String] = [:]
        ) async throws -> (code: Int32, out: String, err: String) {
            let binary = try #require(ServeProcessTests.binary)
            let out = directory + "/.stdout-\(UUID().uuidString)", err = directory + "/.stderr-\(UUID().uuidString)"
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            _ = FileManager.default.createFile(atPath: err, contents: nil)
            defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
            return try await offPool {
                let process = Process()
                process.executableURL = binary
                process.arguments = arguments
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                var environment = ProcessInfo.processInfo.environment
                environment["NO_COLOR"] = "1"
                environment["FORCE_COLOR"] = nil
                environment.merge(extra) { $1 }
                process.environment = environment
                process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
                process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
                try process.run()
                process.waitUntilExit()
                return (process.terminationStatus,
                        try String(contentsOfFile: out, encoding: .utf8), try String(contentsOfFile: err, encoding: .utf8))
            }
        }

        static let health = "---\nid: health\ntitle: Health\n---\n```hurl {id=up}\nGET {{api}}/health\nHTTP 200\n```\n"

        @Test(.enabled(if: ServeProcessTests.binary != nil, "the saaslab executable is built beside the tests"))
        func everyCommandWorksFromAnyFolder() async throws {
            let here = try Self.folder()
            let list = try await Self.saaslab(["list"], in: here)
            #expect(list.code == 0, "\(list.err)")
            #expect(list.out.hasPrefix("onboarding  Lab 1 — Tenant onboarding"))
            #expect(list.out.contains("tenant-isolation  Lab 3 — Tenant isolation"))

            let show = try await Self.saaslab(["show", "multi-tenant-services"], in: here)
            #expect(show.code == 0, "\(show.err)")
            #expect(show.out.hasPrefix("# Lab 2 — Multi-tenant services"))

            let initialised = try await Self.saaslab(["init", "ws"], in: here)
            #expect(initialised.code == 0, "\(initialised.err)")
            #expect(initialised.out == "created ws from labs/starter (built into saaslab); run 'saaslab run --workspace ws'\n")
            #expect(try ShippedLabFilesTests.files(under: here + "/ws") == ShippedLabFilesTests.files(under: Self.root + "/labs/starter"))
            let again = try await Self.saaslab(["init", "ws"], in: here)
            #expect(again.code == 64)
            #expect(again.err.contains("ws already exists"))

            let starter = try await Self.saaslab(["run", "--workspace", "ws", "--seed", "3"], in: here)
            #expect(starter.code == 1)
            #expect(starter.out.contains("Score 0/100"), "\(starter.out.suffix(300))")

            try FileManager.default.copyItem(atPath: Self.root + "/labs/solution", toPath: here + "/solution")
            let solution = try await Self.saaslab(["run", "--workspace", "solution", "--seed", "3", "--extra-labs", "instructor", "--instructor"], in: here)
            #expect(solution.code == 0, "\(solution.out.suffix(2000))\(solution.err)")
            #expect(solution.out.contains("Score 110/110 · 39 of 39 steps passed"))

            try FileManager.default.createDirectory(atPath: here + "/class", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Self.root + "/labs/solution", toPath: here + "/class/ada")
            let grade = try await Self.saaslab(["grade", "class", "--extra-labs", "instructor", "--seed", "1"], in: here)
            #expect(grade.code == 0, "\(grade.err)")
            #expect(grade.out.contains("graded 1 participant: 1 with full marks, 0 partial, 0 with 0 points, 0 errors; gradebook in gradebook/"))
            #expect(try String(contentsOfFile: here + "/gradebook/gradebook.csv", encoding: .utf8).contains("ada,30,30,40,10,110,110,passed"))

            // verify copies the built-in starter and solution into a temporary folder, and removes it.
            let scratch = here + "/tmp"
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let verify = try await Self.saaslab(["verify", "--extra-labs", "instructor"], in: here, environment: ["TMPDIR": scratch])
            #expect(verify.code == 0, "\(verify.out)\(verify.err)")
            #expect(verify.out.contains("all 39 steps of 4 labs pass on solution; all 27 exercise steps fail on starter"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
        }

        @Test(.enabled(if: ServeProcessTests.binary != nil, "the saaslab executable is built beside the tests"))
        func theBuiltInCourseReportsAsTheRepositorysDoes() async throws {
            let here = try Self.folder()
            try FileManager.default.copyItem(atPath: Self.root + "/labs/starter", toPath: here + "/ws")
            let arguments = ["run", "--workspace", here + "/ws", "--seed", "3", "--format", "json"]
            let elsewhere = try await Self.saaslab(arguments, in: here)
            let inRepository = try await Self.saaslab(arguments, in: Self.root)
            #expect(elsewhere.code == 1 && inRepository.code == 1)
            #expect(elsewhere.out.contains(#""location": "labs/01-onboarding.md:"#))
            #expect(elsewhere.out == inRepository.out)
        }

        @Test(.enabled(if: ServeProcessTests.binary != nil, "the saaslab executable is built beside the tests"))
        func labsHereAndLabsOptionWinOverTheBuiltInCourse() async throws {
            let here = try Self.folder()
            for folder in ["labs", "custom"] {
                try FileManager.default.createDirectory(atPath: here + "/" + folder, withIntermediateDirectories: true)
            }
            try Data(Self.health.utf8).write(to: URL(fileURLWithPath: here + "/custom/health.md"))
            try Data(Self.health.replacingOccurrences(of: "id: health", with: "id: local").utf8)
                .write(to: URL(fileURLWithPath: here + "/labs/local.md"))

            let local = try await Self.saaslab(["list"], in: here)
            #expect(local.code == 0)
            #expect(local.out.hasPrefix("local  Health"), "\(local.out)")
            #expect(!local.out.contains("onboarding"))
            let chosen = try await Self.saaslab(["list", "--labs", "custom"], in: here)
            #expect(chosen.out.hasPrefix("health  Health"), "\(chosen.out)")
            #expect(try await Self.saaslab(["run", "--labs", "custom"], in: here).code == 0)

            let noStarter = try await Self.saaslab(["init", "ws"], in: here)
            #expect(noStarter.code == 2)
            #expect(noStarter.err.contains("no starter workspace at labs/starter"), "\(noStarter.err)")
            let noProbes = try await Self.saaslab(["run", "--labs", "custom", "--extra-labs", "instructor"], in: here)
            #expect(noProbes.code == 2)
            #expect(noProbes.err.contains("custom/instructor:1:1: no such lab file or folder"), "\(noProbes.err)")
            let noFolder = try await Self.saaslab(["run", "--extra-labs", "./instructor"], in: try Self.folder())
            #expect(noFolder.code == 2)
            #expect(noFolder.err.contains("./instructor:1:1: no such lab file or folder"))
            let unknown = try await Self.saaslab(["run", "nosuch"], in: try Self.folder())
            #expect(unknown.code == 2)
            #expect(unknown.err.contains("no lab with id 'nosuch' (the labs built into saaslab: onboarding, multi-tenant-services, tenant-isolation)"))
        }
    }
}
