import Core
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Labs

/// Every format rendered from one fixed run and compared byte for byte with a golden file
/// under Fixtures/. Set SAASLAB_UPDATE_GOLDENS=1 to rewrite them after an intended change.
@Suite struct ReportGoldenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A run with every status, a hint, notes (shown for a passed step, not for a failed one),
    /// a hidden step and characters that need escaping.
    static let run: RunResult = {
        let file = "labs/01-onboarding.md"
        func at(_ line: Int) -> Labs.SourceLocation { Labs.SourceLocation(file: file, line: line, column: 1) }
        return RunResult(labs: [
            LabResult(id: "onboarding", title: "Lab 1 — Onboarding", steps: [
                StepResult(id: "register", title: "Register a tenant", status: .passed, points: 5, maxPoints: 5,
                           note: "The tenant's <pool> & \"client\" | exist now.", location: at(10)),
                StepResult(
                    id: "isolation", title: "Tenant <one> & \"two\" | isolated", status: .failed, points: 0, maxPoints: 10,
                    isExercise: true, hint: "Read the role's policy: which partition keys may it touch?",
                    note: "Shown only when the step passes.",
                    failures: [AssertFailure(location: at(24), check: #"jsonpath "$.error" contains "AccessDenied""#,
                                             expected: #"contains "AccessDenied""#, actual: #""none""#)],
                    transcript: "> GET /products\n> Host: saaslab.local\n< HTTP 200 OK\n<\n< []", location: at(20)),
                StepResult(id: "after", title: "after", status: .skipped, points: 0, maxPoints: 2,
                           message: "needs step 'isolation', which did not pass", location: at(30)),
                StepResult(id: "upload", title: "Upload # policy", status: .error, points: 0, maxPoints: 3,
                           message: "step 'upload': file,../x.json; is refused: '..' would leave the workspace", location: at(40)),
                StepResult(id: "audit", title: "Audit trail", status: .passed, points: 4, maxPoints: 4, isHidden: true, location: at(50)),
            ]),
        ])
    }()

    static let cases: [(ReportFormat, String, ReportOptions)] = [
        (.terminal, "report.txt", ReportOptions()),
        (.terminal, "report-instructor-colour.txt", ReportOptions(instructor: true, colour: true)),
        (.json, "report.json", ReportOptions()),
        (.junit, "report.xml", ReportOptions()),
        (.tap, "report.tap", ReportOptions()),
        (.gradescope, "results.json", ReportOptions()),
        (.markdown, "report.md", ReportOptions()),
        (.html, "report.html", ReportOptions()),
    ]

    @Test(arguments: 0..<cases.count)
    func formatMatchesItsGolden(index: Int) throws {
        let (format, name, options) = Self.cases[index]
        let rendered = Report.render(Self.run, format: format, options: options)
        #expect(rendered == Report.render(Self.run, format: format, options: options), "rendering must be deterministic")
        let url = Self.fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SAASLAB_UPDATE_GOLDENS"] == "1" {
            try Data(rendered.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == golden, "\(name) differs from its golden")
    }

    @Test func hiddenStepsStayOutOfParticipantFormats() {
        for format in [ReportFormat.terminal, .markdown, .html] {
            #expect(!Report.render(Self.run, format: format).contains("Audit trail"))
            #expect(Report.render(Self.run, format: format, options: ReportOptions(instructor: true)).contains("Audit trail"))
        }
        for format in [ReportFormat.json, .junit, .gradescope] {
            #expect(Report.render(Self.run, format: format).contains("Audit trail"))
        }
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() {
        #expect(ReportOptions.wantsColour(isTerminal: true, environment: [:]))
        #expect(!ReportOptions.wantsColour(isTerminal: false, environment: [:]))
        #expect(!ReportOptions.wantsColour(isTerminal: true, environment: ["NO_COLOR": "1"]))
    }

    @Test func junitIsWellFormedXML() {
        let xml = Report.render(Self.run, format: .junit)
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test func gradescopeHasTheDocumentedFields() throws {
        let json = try JSON.parse(bytes: Array(Report.render(Self.run, format: .gradescope).utf8))
        guard case .object(let root) = json, case .array(let tests)? = root["tests"] else {
            Issue.record("results.json needs an object with tests[]")
            return
        }
        #expect(root["score"] == .number(9))
        #expect(tests.count == 5)
        for case .object(let test) in tests {
            for field in ["name", "score", "max_score", "status", "output", "visibility"] {
                #expect(test[field] != nil, "missing \(field)")
            }
        }
        guard case .object(let hidden) = tests[4] else { return }
        // Worth 4 points: shown when the grades are published, not never.
        #expect(hidden["visibility"] == .string("after_published"))
    }
}
