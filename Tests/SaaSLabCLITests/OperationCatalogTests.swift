import Backend
import Foundation
@testable import SaaSLabCLI
import Testing

/// docs/platform.md lists exactly the operations the platform's services answer, and
/// `saaslab operations` is how that list is made.
@Suite struct OperationCatalogTests {
    static let docs = CourseLabRuns.CourseLabsTests.root + "/docs/platform.md"

    @Test func thePlatformDocsListEveryOperationOfTheCatalog() throws {
        let text = try String(contentsOfFile: Self.docs, encoding: .utf8)
        let documented = OperationCatalog.currentSection(in: text)
        #expect(documented == OperationCatalog.section(Backend().catalog), """
            docs/platform.md's operations table differs from the platform's catalog: \
            run `swift run saaslab operations --write docs/platform.md` and commit docs/platform.md
            """)
    }

    @Test func theCatalogHoldsEveryServiceAndMarksUnsignedOperations() {
        let catalog = Backend().catalog
        #expect(catalog.map(\.signingName) == ["iam", "sts", "cognito-idp", "cognito-identity", "dynamodb"])
        let sts = catalog[1]
        #expect(sts.operations == ["AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity", "GetSessionToken"])
        #expect(sts.unsigned == ["AssumeRoleWithWebIdentity"])
        #expect(sts.wire == "Query, Version=2011-06-15")
        #expect(catalog[3].wire == "JSON 1.1, X-Amz-Target: AWSCognitoIdentityService.<Op>")
        let section = OperationCatalog.section(catalog)
        #expect(section.contains("| `sts` | `Query, Version=2011-06-15` | AssumeRole, AssumeRoleWithWebIdentity (unsigned), GetCallerIdentity, GetSessionToken |"))
    }

    @Test func writingReplacesOnlyTheLinesBetweenTheMarkers() throws {
        let catalog = [PlatformServiceEntry(signingName: "x", wire: "Query, Version=1", operations: ["A", "B"], unsigned: ["B"])]
        let text = "# Title\n\n\(OperationCatalog.begin)\n| stale |\n\(OperationCatalog.end)\n\nAfter.\n"
        let updated = try OperationCatalog.replacingSection(in: text, with: catalog, file: "f.md")
        #expect(updated == "# Title\n\n" + OperationCatalog.section(catalog) + "\nAfter.\n")
        #expect(try OperationCatalog.replacingSection(in: updated, with: catalog, file: "f.md") == updated)
        #expect(throws: OperationCatalog.MissingMarkers.self) { try OperationCatalog.replacingSection(in: "# none\n", with: catalog, file: "f.md") }
        #expect(OperationCatalog.currentSection(in: "\(OperationCatalog.begin)\nno end\n") == nil)
    }

    @Test func theCommandPrintsWritesAndExplainsAFileWithoutMarkers() async throws {
        let console = Console.capturing()
        #expect(await SaaSLabCommandLine.run(arguments: ["operations"], console: console) == 0)
        #expect(console.capturedOutput.contains("sts GetSessionToken\n"))
        #expect(console.capturedOutput.contains("cognito-identity GetId (unsigned)\n"))
        let markdown = Console.capturing()
        #expect(await SaaSLabCommandLine.run(arguments: ["operations", "--markdown"], console: markdown) == 0)
        #expect(markdown.capturedOutput == OperationCatalog.section(Backend().catalog))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-operations-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/platform.md"
        try Data("# Platform\n\(OperationCatalog.begin)\n\(OperationCatalog.end)\n".utf8).write(to: URL(fileURLWithPath: file))
        let written = Console.capturing()
        #expect(await SaaSLabCommandLine.run(arguments: ["operations", "--write", file], console: written) == 0)
        #expect(written.capturedOutput.contains("rewritten"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "# Platform\n" + OperationCatalog.section(Backend().catalog))
        let again = Console.capturing()
        #expect(await SaaSLabCommandLine.run(arguments: ["operations", "--write", file], console: again) == 0)
        #expect(again.capturedOutput.contains("up to date"))

        try Data("# No markers\n".utf8).write(to: URL(fileURLWithPath: file))
        let missing = Console.capturing()
        #expect(await SaaSLabCommandLine.run(arguments: ["operations", "--write", file], console: missing) == 2)
        #expect(missing.capturedError.contains("has no operations table to replace"))
        #expect(await SaaSLabCommandLine.run(arguments: ["operations", "--write", dir + "/absent.md"], console: Console.capturing()) == 2)
    }
}
