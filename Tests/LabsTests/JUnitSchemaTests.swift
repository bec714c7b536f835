import Foundation
import Testing
@testable import Labs

/// JUnit reports validate against junit-10.xsd (Jenkins' xUnit plugin and pytest use it), with
/// xmllint when the machine has it (Debian's libxml2-utils; `.ci/run` installs it).
@Suite struct JUnitSchemaTests {
    static let xmllint: String? = ["/usr/bin/xmllint", "/usr/local/bin/xmllint", "/opt/homebrew/bin/xmllint"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let schema = ReportGoldenTests.fixtures.appendingPathComponent("junit-10.xsd").path

    /// xmllint's verdict on `xml`: nil when valid, else what it printed.
    /// xmllint runs on a thread of its own: waiting for it on one of Swift's few shared
    /// threads would stall every other test's awaits meanwhile.
    static func problems(_ xml: String) async throws -> String? {
        guard let xmllint else { return "no xmllint" }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-junit-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { () throws -> String? in
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: xmllint)
                    process.arguments = ["--noout", "--schema", schema, file.path]
                    let output = Pipe()
                    process.standardOutput = output
                    process.standardError = output
                    try process.run()
                    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    return process.terminationStatus == 0 ? nil : text
                })
            }
        }
    }

    static let timings = RunTimings(total: .milliseconds(1234), labs: ["onboarding": .microseconds(1_200_500)])

    @Test(.enabled(if: xmllint != nil, "needs xmllint (apt-get install libxml2-utils)"))
    func seededAndTimedReportsValidate() async throws {
        for timings in [nil, Self.timings] {
            let xml = Report.render(ReportGoldenTests.run, format: .junit, options: ReportOptions(timings: timings))
            let problems = try await Self.problems(xml)
            #expect(problems == nil, "\(problems ?? "")")
        }
    }

    @Test(.enabled(if: xmllint != nil, "needs xmllint (apt-get install libxml2-utils)"))
    func hostileTextValidates() async throws {
        let here = Labs.SourceLocation(file: "lab.md", line: 1, column: 1)
        let nasty = "a\"b'c<d>&e]]>\u{1}\r\n\tz\u{FFFE}"
        let run = RunResult(labs: [LabResult(id: "l\(nasty)", title: nasty, steps: [
            StepResult(id: "s\(nasty)", title: nasty, status: .failed, points: 0, maxPoints: 1, hint: nasty,
                       failures: [AssertFailure(location: here, check: nasty, expected: nasty, actual: nasty)],
                       transcript: nasty, location: here),
            StepResult(id: "t", title: nasty, status: .skipped, points: 0, maxPoints: 1, message: nasty, location: here),
            StepResult(id: "u", title: nasty, status: .error, points: 0, maxPoints: 1, message: nasty, location: here),
            StepResult(id: "v", title: nasty, status: .passed, points: 1, maxPoints: 1, note: nasty, location: here),
        ])])
        let problems = try await Self.problems(Report.render(run, format: .junit))
        #expect(problems == nil, "\(problems ?? "")")
    }

    @Test(.enabled(if: xmllint != nil, "needs xmllint (apt-get install libxml2-utils)"))
    func theSchemaRefusesWhatThisReportUsedToWrite() async throws {
        let old = """
        <testsuites tests="1" failures="0" errors="0" skipped="0">
          <testsuite name="l" tests="1" failures="0" errors="0">
            <testcase name="s"><properties><property name="points" value="1/1"/></properties></testcase>
          </testsuite>
        </testsuites>
        """
        let problems = try await Self.problems(old) ?? ""
        #expect(problems.contains("'skipped'") && problems.contains("properties"), "\(problems)")
    }

    @Test func timeIsWrittenOnlyForATimedRun() {
        let seeded = Report.render(ReportGoldenTests.run, format: .junit)
        #expect(!seeded.contains("time="))
        let timed = Report.render(ReportGoldenTests.run, format: .junit, options: ReportOptions(timings: Self.timings))
        #expect(timed.contains(#"<testsuites name="saaslab" tests="5" failures="1" errors="1" time="1.234">"#))
        #expect(timed.contains(#"skipped="1" time="1.201">"#))
    }

    @Test func secondsHaveThreeDecimals() {
        #expect(RunTimings.seconds(.zero) == "0.000")
        #expect(RunTimings.seconds(.milliseconds(42)) == "0.042")
        #expect(RunTimings.seconds(.microseconds(12_499_600)) == "12.500")
        #expect(RunTimings.seconds(.seconds(3600)) == "3600.000")
    }

    @Test func noPropertiesInATestcaseNorSkippedOnTestsuites() {
        let xml = Report.render(ReportGoldenTests.run, format: .junit)
        let lines = xml.split(separator: "\n")
        #expect(lines.first { $0.hasPrefix("<testsuites") }?.contains("skipped=") == false)
        #expect(xml.contains(#"<property name="isolation.points" value="0/10"/>"#))
        #expect(xml.contains(#"<property name="audit.hidden" value="true"/>"#))
        #expect(xml.contains(#"<property name="score" value="9/24"/>"#))
        // Properties come before the first testcase and never inside one.
        #expect(xml.range(of: "</properties>")!.lowerBound < xml.range(of: "<testcase")!.lowerBound)
        #expect(xml.components(separatedBy: "<properties>").count == 2)
    }
}
