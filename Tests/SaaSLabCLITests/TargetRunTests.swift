import Backend
import Core
import Foundation
import HTTP
import Labs
@testable import SaaSLabCLI
import Testing

/// `saaslab run --target URL`: what a seed fixes, and the report when a signed request is
/// refused for clock skew or a seeded run meets an earlier one's ids.
@Suite struct TargetRunTests {
    private func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = Console.capturing(environment: ["NO_COLOR": "1"])
        let code = await SaaSLabCommandLine.run(arguments: arguments, console: console)
        return (code, console.capturedOutput, console.capturedError)
    }

    /// A folder holding `labs/lab.md` with `lab`'s text.
    private func labs(_ lab: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-target-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(lab.utf8).write(to: URL(fileURLWithPath: dir + "/lab.md"))
        return dir
    }

    /// A bootstrapped backend whose clock is `offset` seconds from the real time, served on a
    /// free port for `body`.
    private func served(clockOffset offset: Double, _ body: (String) async throws -> Void) async throws {
        var config = BackendConfig()
        config.clock = ManualClock(start: Date().addingTimeInterval(offset))
        config.passwordIterations = 8
        let backend = try await Backend.start(config)
        let server = HTTPServer(configuration: .init(port: 0), responder: backend.router)
        let port = try server.start()
        do {
            try await body("http://127.0.0.1:\(port)")
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// One signed DynamoDB call (with a lab hint that is beside the point when the clocks
    /// disagree) and an unsigned health check.
    private let signedLab = """
    ---
    id: signed
    title: Signed
    ---
    ```hurl {id=list-tables points=2 hint="Check your table definition."}
    POST {{api}}/
    X-Amz-Target: DynamoDB_20120810.ListTables
    Content-Type: application/x-amz-json-1.0
    [Options]
    aws-sigv4: aws:amz:{{region}}:dynamodb
    user: {{operator_access_key_id}}:{{operator_secret_access_key}}
    {}
    HTTP 200
    ```
    ```hurl {id=health}
    GET {{api}}/health
    HTTP 200
    ```

    """

    @Test func signedStepsUseTheRealClockWhateverTheSeed() async throws {
        let dir = try labs(signedLab)
        try await served(clockOffset: 0) { url in
            let result = await run(["run", "--labs", dir, "--target", url, "--seed", "7"])
            #expect(result.code == 0, "\(result.out)\(result.err)")
            #expect(result.out.contains("Score 3/3"))
        }
    }

    @Test func aBackendClockAheadIsExplainedInTheReport() async throws {
        let dir = try labs(signedLab)
        try await served(clockOffset: 3 * 3600) { url in
            let result = await run(["run", "--labs", dir, "--target", url, "--seed", "7"])
            #expect(result.code == 1)
            #expect(result.out.contains("✘ list-tables  0/2"), "\(result.out)")
            #expect(result.out.contains("hint: The backend refused the request's signature time, not your answer"))
            #expect(result.out.contains("so this machine is 3 hours behind the backend; SigV4 accepts a signature only within 5 min of the backend's time"))
            #expect(!result.out.contains("Check your table definition."))
            #expect(result.out.contains("✔ health"))
            let json = await run(["run", "--labs", dir, "--target", url, "--format", "json"])
            #expect(json.out.contains(#""hint": "The backend refused the request's signature time"#), "\(json.out)")
        }
    }

    @Test func aBackendClockBehindIsExplainedInTheReport() async throws {
        let dir = try labs(signedLab)
        try await served(clockOffset: -3 * 86_400) { url in
            let result = await run(["run", "--labs", dir, "--target", url])
            #expect(result.code == 1)
            #expect(result.out.contains("so this machine is 3 days ahead of the backend"), "\(result.out)")
        }
    }

    @Test func theSeedFixesTheRunnersOwnIds() async throws {
        let dir = try labs("""
        ---
        id: ids
        ---
        ```hurl {id=draw}
        GET {{api}}/health?id={{newUuid}}
        HTTP 418
        ```

        """)
        func drawn(_ arguments: [String]) async -> String? {
            let result = await run(["run", "--labs", dir] + arguments)
            return result.out.split(separator: "\n").first { $0.contains("> GET /health?id=") }.map(String.init)
        }
        try await served(clockOffset: 0) { url in
            let first = await drawn(["--target", url, "--seed", "5"])
            #expect(first != nil)
            #expect(await drawn(["--target", url, "--seed", "5"]) == first)
            #expect(await drawn(["--target", url, "--seed", "6"]) != first)
            #expect(await drawn(["--target", url]) != first)
        }
    }

    @Test func aSeededRunMeetingAnEarlierRunsIdsIsExplained() async throws {
        // The same admin registered twice: the second answer is 409 Conflict.
        let dir = try labs("""
        ---
        id: conflict
        ---
        ```hurl {id=register hint="Check the tenant's fields."}
        POST {{api}}/reg
        {"companyName": "Conflict Co", "accountName": "conflict", "ownerName": "Ada", "tier": "Basic", "email": "ada@example.com", "userName": "ada-{{newUuid}}@example.com", "firstName": "Ada", "lastName": "Lovelace"}
        HTTP 201
        ```

        """)
        try await served(clockOffset: 0) { url in
            let first = await run(["run", "--labs", dir, "--target", url, "--seed", "9"])
            #expect(first.code == 0, "\(first.out)\(first.err)")
            let second = await run(["run", "--labs", dir, "--target", url, "--seed", "9"])
            #expect(second.code == 1)
            #expect(second.out.contains("actual:   a UsernameExistsException error (HTTP 409)"), "\(second.out)")
            #expect(second.out.contains("hint: \(TargetRunHints.seededConflict)"))
            #expect(!second.out.contains("Check the tenant's fields."))
        }
    }

    @Test func aConflictWithoutASeedKeepsTheLabsHint() {
        let step = StepResult(
            id: "user", title: "user", status: .failed, points: 0, maxPoints: 1, hint: "Check the user's fields.",
            failures: [AssertFailure(location: SourceLocation(file: "lab.md", line: 1, column: 1), check: "HTTP 201", expected: "201", actual: "409")],
            location: SourceLocation(file: "lab.md", line: 1, column: 1))
        var run = RunResult(labs: [LabResult(id: "lab", title: "Lab", steps: [step])])
        run.labs[0].steps[0].revealedHints = ["Read the user's fields."]
        #expect(TargetRunHints.explained(run, seeded: false).allSteps.first?.hint == "Check the user's fields.")
        #expect(TargetRunHints.explained(run, seeded: false).allSteps.first?.revealedHints == ["Read the user's fields."])
        #expect(TargetRunHints.explained(run, seeded: true).allSteps.first?.hint == TargetRunHints.seededConflict)
        // The lab's deeper levels follow the lab's hint, not the one put in its place.
        #expect(TargetRunHints.explained(run, seeded: true).allSteps.first?.revealedHints == [])
    }

    @Test func refusalsThatAreNotClockSkewAreLeftAlone() throws {
        #expect(TargetRunHints.Refusal(in: #"{"message":"The security token included in the request is invalid."}"#) == nil)
        #expect(TargetRunHints.Refusal(in: "Signature expired: soon (later)") == nil)
        let refusal = try #require(TargetRunHints.Refusal(
            in: #"{"message":"Signature not yet current: 20260101T001000Z is still later than 20260101T000500Z (20260101T000000Z + 5 min.)"}"#))
        #expect(refusal.explanation.contains("this machine is 10 minutes ahead of the backend"))
        #expect(TargetRunHints.Refusal.span(1) == "1 second")
        #expect(TargetRunHints.Refusal.span(119) == "119 seconds")
        #expect(TargetRunHints.Refusal.span(90_000) == "25 hours")
    }
}
