import Backend
import Foundation
import Labs

/// The `grading-rate` benchmark: a class of 20 generated submissions of a one-lab sample
/// (a signed DynamoDB CreateTable sent from the workspace, and a health check), graded
/// in-process with one job per core, each on its own copy of one bootstrapped backend, as
/// `grade` does.
enum BenchGrading {
    static let submissions = 20

    /// Grades the class until `seconds` have passed and reports submissions per second.
    static func rate(seconds: Double) async throws(CommandFailure) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lab: Lab
        let found: [Submission]
        do {
            lab = try Workbook.parseLab(labText, file: "bench.md")
            for index in 0..<submissions {
                // Every fifth participant names the wrong table, so failures are measured too.
                let name = index % 5 == 4 ? "Order" : "Product"
                let path = folder + "/p\(index)/lab1"
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                try Data(table(name).utf8).write(to: URL(fileURLWithPath: path + "/table.json"))
            }
            found = try Submission.all(in: folder)
        } catch {
            return "unavailable (\(error))"
        }
        let grader = try await grader([lab])
        let value = await submissionsPerSecond(grader, found, in: folder, seconds: seconds)
        return (value >= 100 ? String(Int(value.rounded())) : String(format: "%.2f", value)) + " submissions/s"
    }

    /// A grader of `labs` as `grade --seed 1` makes one: one job per core, every participant on
    /// a copy of one bootstrapped backend.
    static func grader(_ labs: [Lab]) async throws(CommandFailure) -> ClassGrader {
        let bootstrapped = try await LabBackend.start(LabBackend.config(seed: 1))
        return ClassGrader(labs: labs, jobs: ProcessInfo.processInfo.activeProcessorCount, timeout: .seconds(60)) { workspace in
            EmbeddedRunner.make(on: bootstrapped.copy(), workspace: workspace)
        }
    }

    /// Grades `found` again and again until `seconds` have passed; submissions per second.
    static func submissionsPerSecond(_ grader: ClassGrader, _ found: [Submission], in folder: String, seconds: Double) async -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        var graded = 0
        repeat {
            graded += await grader.grade(found, in: folder).count
        } while clock.now - start < budget
        return Double(graded) / (clock.now - start).seconds
    }

    private static func table(_ name: String) -> String {
        #"{"TableName":"\#(name)","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"tenant_id","AttributeType":"S"}]}"#
    }

    private static let labText = """
    ---
    id: bench
    title: Bench
    ---
    ```hurl {id=create points=3 exercise}
    POST {{api}}/
    X-Amz-Target: DynamoDB_20120810.CreateTable
    Content-Type: application/x-amz-json-1.0
    [Options]
    aws-sigv4: aws:amz:{{region}}:dynamodb
    user: {{operator_access_key_id}}:{{operator_secret_access_key}}
    file,lab1/table.json;
    HTTP 200
    [Asserts]
    jsonpath "$.TableDescription.TableName" == "Product"
    ```
    ```hurl {id=health points=1}
    GET {{api}}/health
    HTTP 200
    ```

    """
}
