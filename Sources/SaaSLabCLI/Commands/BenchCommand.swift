import Backend
import Core
import Foundation
import HTTP
import SigV4

/// `saaslab bench`: throughput of the hot paths, printed as `name: value unit` lines.
///
/// Speed is measured here, never in tests; run it from a release build
/// (`swift run -c release saaslab bench`) for figures worth comparing.
struct BenchCommand: SaaSLabCommand {
    static let seconds = Option<Double>.seconds("seconds", help: "Time spent on each benchmark (default 1).")
    static let filter = RepeatedOption<String>("filter", placeholder: "text", help: "Run only the benchmarks whose name contains this, or only the one named exactly this (repeatable).")

    static let spec = CommandSpec(
        name: "bench",
        abstract: "Measure the hot paths (hashing, signing, RSA, policy evaluation, tables, tokens, routing) and print name: value unit lines.",
        discussion: "Use a release build: swift run -c release saaslab bench. docs/benchmarks.md records past figures.",
        options: [seconds, filter],
        exits: [
            .init(ExitCode.success, "measured"),
            .usage("no benchmark matches --filter: the names are listed"),
            .backendDidNotStart,
        ]
    )

    let seconds: Double
    let filters: [String]

    init(arguments: ParsedArguments) {
        seconds = arguments[Self.seconds] ?? 1
        filters = arguments[Self.filter]
    }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        #if DEBUG
        console.error("note: this is a debug build; use 'swift run -c release saaslab bench' for real figures")
        #endif
        let measure = Measurement(seconds: seconds)
        let benchmarks: [(String, () async throws(CommandFailure) -> String)] = [
            ("sha256", { measure.throughput(of: BenchWorkloads.sha256(), unit: "MB/s") }),
            ("hmac-sha256", { measure.rate(of: BenchWorkloads.hmac(), unit: "ops/s") }),
            ("sigv4-sign-verify", { measure.rate(of: BenchWorkloads.sigV4SignAndVerify(), unit: "ops/s") }),
            ("rsa-2048-sign", { measure.rate(of: BenchRSA.sign(), unit: "signatures/s") }),
            ("rsa-2048-verify", { measure.rate(of: BenchRSA.verify(), unit: "verifications/s") }),
            ("rsa-2048-keygen", { measure.rate(of: BenchRSA.generate(), unit: "keys/s") }),
            ("iam-policy-evaluation", { measure.rate(of: BenchWorkloads.policyEvaluation(), unit: "evaluations/s") }),
            ("dynamodb-put-item", { measure.rate(of: BenchWorkloads.dynamoPutItem(), unit: "ops/s") }),
            ("dynamodb-get-item", { measure.rate(of: BenchWorkloads.dynamoGetItem(), unit: "ops/s") }),
            ("dynamodb-query-100-of-1m", { measure.rate(of: BenchWorkloads.dynamoQuery100(), unit: "queries/s") }),
            ("cognito-token-issue", { measure.rate(of: BenchWorkloads.tokenIssue(BenchWorkloads.cognito()), unit: "ops/s") }),
            ("cognito-token-verify", { measure.rate(of: BenchWorkloads.tokenVerify(BenchWorkloads.cognito()), unit: "ops/s") }),
            ("cognito-get-credentials-for-identity", { measure.rate(of: BenchWorkloads.getCredentials(BenchWorkloads.cognito()), unit: "ops/s") }),
            ("router-dispatch", { await measure.asyncRate(of: BenchWorkloads.routerDispatch(), unit: "ops/s") }),
            ("json-parse", { measure.throughput(of: BenchWorkloads.jsonParse(), unit: "MB/s") }),
            ("app-get-products-tenant-credentials", { () async throws(CommandFailure) in try await BenchSaaSApp.rate(seconds: measure.seconds, concurrency: 1) }),
            ("app-get-products-tenant-credentials-concurrent", { () async throws(CommandFailure) in try await BenchSaaSApp.rate(seconds: measure.seconds, concurrency: 8) }),
            ("access-probe", { () async throws(CommandFailure) in await measure.asyncRate(of: try await BenchAccessProbe.probe(), unit: "probes/s") }),
            ("backend-start", { () async throws(CommandFailure) in try await BenchLabs.backendStarts(seconds: measure.seconds) }),
            ("grading-rate", { () async throws(CommandFailure) in try await BenchGrading.rate(seconds: measure.seconds) }),
            ("labs-solution-run", { () async throws(CommandFailure) in try await BenchLabs.solutionRuns(seconds: measure.seconds) }),
            ("labs-grade-rate", { () async throws(CommandFailure) in try await BenchLabs.gradeRate(seconds: measure.seconds) }),
            ("labs-grade-rate-code", { () async throws(CommandFailure) in try await BenchLabs.codeGradeRate(seconds: measure.seconds) }),
        ]
        // A filter that names a benchmark exactly selects that one alone: `labs-grade-rate`
        // is also the start of `labs-grade-rate-code`, which takes minutes and needs Python.
        let names = Set(benchmarks.map(\.0))
        let selected = benchmarks.filter { benchmark in
            filters.isEmpty || filters.contains { names.contains($0) ? benchmark.0 == $0 : benchmark.0.contains($0) }
        }
        guard !selected.isEmpty else {
            throw .usage("no benchmark matches \(filters.map { "'\($0)'" }.joined(separator: ", ")); names: \(benchmarks.map(\.0).joined(separator: ", "))")
        }
        for (name, body) in selected {
            console.line("\(name): \(try await body())")
        }
        return ExitCode.success
    }
}

/// Repeats a workload until the time budget is spent and reports its rate.
struct Measurement {
    let seconds: Double

    /// Runs `work` (which processes some bytes and returns how many) and reports MB/s.
    func throughput(of work: () -> Int, unit: String) -> String {
        var bytes = 0
        let elapsed = timed { bytes += work() }
        return format(Double(bytes) / 1_000_000 / elapsed, unit: unit)
    }

    /// Runs `work` (one operation a call) and reports operations per second.
    func rate(of work: () -> Void, unit: String) -> String {
        var count = 0
        let elapsed = timed { work(); count += 1 }
        return format(Double(count) / elapsed, unit: unit)
    }

    func asyncRate(of work: () async -> Void, unit: String) async -> String {
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        var count = 0
        while clock.now - start < budget {
            for _ in 0..<256 { await work() }
            count += 256
        }
        return format(Double(count) / (clock.now - start).seconds, unit: unit)
    }

    private func timed(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        repeat {
            for _ in 0..<16 { body() }
        } while clock.now - start < budget
        return (clock.now - start).seconds
    }

    private func format(_ value: Double, unit: String) -> String {
        let rounded = value >= 100 ? String(Int(value.rounded())) : String(format: "%.2f", value)
        return "\(rounded) \(unit)"
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
