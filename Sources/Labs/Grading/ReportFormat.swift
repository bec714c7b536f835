/// The report formats `saaslab run --format` writes.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// One line per step for a person at a terminal.
    case terminal
    /// Machine-readable scores: `score`, `max_score`, `labs[].steps[]`.
    case json
    /// JUnit XML: one testcase per step, for CI test tabs.
    case junit
    /// TAP 13 with YAML diagnostics.
    case tap
    /// Gradescope's autograder `results.json`.
    case gradescope
    /// A Markdown table, for a CI job summary.
    case markdown
    /// One self-contained HTML page: the terminal report, exchanges folded.
    case html

    /// The formats' names, for help and did-you-mean.
    public static let names = allCases.map(\.rawValue)

    /// Whether participants read it: hidden steps are left out unless the instructor asks.
    public var isParticipantFacing: Bool { self == .terminal || self == .markdown || self == .html }

    /// Whether it shows how long the run took: only these formats are worth timing the run for
    /// (and a seeded run never is, see ``ReportOptions/timings``).
    public var showsTimings: Bool { self == .junit || self == .html }
}

/// How a report is rendered beyond its format.
public struct ReportOptions: Sendable {
    /// Show hidden steps in participant-facing formats (`--instructor`).
    public var instructor: Bool
    /// ANSI colour in the terminal format; decided by the caller (TTY and NO_COLOR).
    public var colour: Bool
    /// When Gradescope shows participants a hidden step that carries points, and the total
    /// score that includes it (`--hidden-visibility`).
    public var hiddenVisibility: HiddenVisibility
    /// How long the run and each lab took, for JUnit's `time` attributes and the HTML report's
    /// durations; nil for a seeded run, whose report must be the same bytes every time (so it
    /// has no `time` at all).
    public var timings: RunTimings?
    /// Which track the workspace is on (`code` or `settings`), for the terminal report's
    /// first line, a JUnit `track` property, a Markdown or HTML `Track:` line and the JSON
    /// report's `track` (code track only, so settings-track JSON is as it was); nil when no
    /// workspace was named.
    public var track: String?

    /// Options; the defaults are a participant's view without colour or timings.
    public init(
        instructor: Bool = false, colour: Bool = false, hiddenVisibility: HiddenVisibility = .afterPublished, timings: RunTimings? = nil,
        track: String? = nil
    ) {
        self.instructor = instructor
        self.colour = colour
        self.hiddenVisibility = hiddenVisibility
        self.timings = timings
        self.track = track
    }

    /// Colour only on a terminal, and never when `NO_COLOR` is set to anything non-empty
    /// (https://no-color.org).
    public static func wantsColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }
}

/// Renders a run in one format.
public enum Report {
    /// The whole report as text, ending with a newline.
    public static func render(_ run: RunResult, format: ReportFormat, options: ReportOptions = ReportOptions()) -> String {
        let shown = format.isParticipantFacing && !options.instructor ? run.withoutHiddenSteps : run
        switch format {
        case .terminal: return options.track.map { "track: \($0)\n" } .map { $0 + TerminalReport(colour: options.colour).render(shown) }
            ?? TerminalReport(colour: options.colour).render(shown)
        // Settings-track JSON stays as it was (graded reports and runs compare equal).
        case .json: return JSONReport.render(shown, track: options.track == "code" ? "code" : nil)
        case .junit: return JUnitReport.render(shown, timings: options.timings, track: options.track)
        case .tap: return TAPReport.render(shown)
        case .gradescope: return GradescopeReport.render(shown, hiddenVisibility: options.hiddenVisibility)
        case .markdown: return MarkdownReport.render(shown, track: options.track)
        case .html: return HTMLReport.render(shown, track: options.track, timings: options.timings)
        }
    }
}

extension RunResult {
    /// The run as a participant may see it: hidden steps (and their points) removed.
    public var withoutHiddenSteps: RunResult {
        RunResult(labs: labs.map { LabResult(id: $0.id, title: $0.title, steps: $0.steps.filter { !$0.isHidden }) })
    }
}
