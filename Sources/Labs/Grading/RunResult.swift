/// The outcome of one step, as every report shows it.
public enum StepStatus: String, Sendable, Hashable, CaseIterable {
    /// Every entry ran and every assert held.
    case passed
    /// An entry ran and an expectation did not hold.
    case failed
    /// Not run: a needed step did not pass, or a variable it uses was never defined.
    case skipped
    /// A request could not be made: unreadable workspace file, timeout, connection refused.
    case error
}

/// One expectation that did not hold, with what a participant needs to fix it.
public struct AssertFailure: Sendable, Hashable {
    /// Where the assert (or the `HTTP` line, or the capture) is in the lab file.
    public var location: SourceLocation
    /// What was checked, as written: `jsonpath "$.error" contains "AccessDenied"`.
    public var check: String
    /// The expected side, e.g. `== 403`.
    public var expected: String
    /// The actual value, cut to a readable size.
    public var actual: String

    /// A failure of `check` at `location`. Tokens, and the text of fields named like secrets,
    /// are masked in all three texts, as in transcripts: a check may quote a captured token in
    /// its expected value, and an actual object or body may hold credentials.
    public init(location: SourceLocation, check: String, expected: String, actual: String) {
        self.location = location
        self.check = TranscriptRedaction.maskingTokens(in: check)
        self.expected = TranscriptRedaction.body(expected)
        self.actual = TranscriptRedaction.body(actual)
    }

    /// `lab.md:12:1: jsonpath "$.x" == 1: expected == 1, actual 2 (integer)`.
    public var summary: String {
        "\(location): \(check): expected \(expected), actual \(actual)"
    }
}

/// What one step did and what it scored.
public struct StepResult: Sendable, Hashable {
    /// The step's id, unique in its lab.
    public var id: String
    /// The step's title, or its id when it has none.
    public var title: String
    /// Passed, failed, skipped or error.
    public var status: StepStatus
    /// Points scored: `maxPoints` when passed, else 0.
    public var points: Int
    /// What the step is worth.
    public var maxPoints: Int
    /// The outcome depends on the participant's work.
    public var isExercise: Bool
    /// Failing it caps the lab's score at half (see ``Step/guardsIsolation``).
    public var guardsIsolation: Bool
    /// It failed on a check that one tenant cannot reach another's data: the lab is capped.
    public var breachedIsolation: Bool = false
    /// Instructor-only: left out of participant-facing reports.
    public var isHidden: Bool
    /// The lab author's hint, shown with failures.
    public var hint: String?
    /// The lab author's note, shown when the step passed: what it showed.
    public var note: String?
    /// One line on why the step did not pass (skip reason, error); nil when it passed.
    public var message: String?
    /// Each expectation that did not hold.
    public var failures: [AssertFailure]
    /// The last request and response of a failing entry, bodies cut; nil when it passed.
    public var transcript: String?
    /// What the platform or the app answered, when the step failed on an error answer its
    /// failing entry did not ask for (its `HTTP` line names another status, or any):
    /// `the platform said: InvalidParameterException: ...`. Reports show it before the hint,
    /// so a hint written for another cause never hides the real one.
    public var cause: String?
    /// The deeper hint levels the participant revealed with `saaslab hint` (level 2 first),
    /// attached to a failed step by ``RunResult/revealing(_:labs:)``; shown after the hint.
    public var revealedHints: [String]
    /// Points `grade --hint-penalty` deducted from what the step scored (already taken off
    /// ``points``); 0 without a penalty.
    public var hintPenalty: Int
    /// Where the step's block starts.
    public var location: SourceLocation

    /// A step result with the given parts.
    public init(
        id: String, title: String, status: StepStatus, points: Int, maxPoints: Int,
        isExercise: Bool = false, guardsIsolation: Bool = false, isHidden: Bool = false, hint: String? = nil, note: String? = nil, message: String? = nil,
        failures: [AssertFailure] = [], transcript: String? = nil, cause: String? = nil, revealedHints: [String] = [],
        hintPenalty: Int = 0, location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.points = points
        self.maxPoints = maxPoints
        self.isExercise = isExercise
        self.guardsIsolation = guardsIsolation
        self.isHidden = isHidden
        self.hint = hint
        self.note = note
        self.message = message
        self.failures = failures
        self.transcript = transcript
        self.cause = cause
        self.revealedHints = revealedHints
        self.hintPenalty = hintPenalty
        self.location = location
    }

    /// The hint levels a report shows, numbered from 1: the hint, then every level the
    /// participant revealed; empty unless the step failed (a skipped or errored step never
    /// reached what the hint is about).
    public var shownHints: [(level: Int, text: String)] {
        guard status == .failed, let hint else { return [] }
        return [(1, hint)] + revealedHints.enumerated().map { ($0.offset + 2, $0.element) }
    }

    /// The note, when the step passed and has one: what a report shows under it.
    public var shownNote: String? {
        status == .passed ? note : nil
    }

    /// The message, else the failures' summaries: what a one-field report shows.
    public var detail: String? {
        if let message { return message }
        return failures.isEmpty ? nil : failures.map(\.summary).joined(separator: "\n")
    }
}

/// One lab's steps and score.
public struct LabResult: Sendable, Hashable {
    /// The lab's id.
    public var id: String
    /// The lab's title.
    public var title: String
    /// The steps, in file order.
    public var steps: [StepResult]

    /// A lab result.
    public init(id: String, title: String, steps: [StepResult]) {
        self.id = id
        self.title = title
        self.steps = steps
    }

    /// Points scored over every step, hidden ones included; at most ``isolationCap`` when an
    /// isolation step failed.
    public var score: Int { min(uncappedScore, isolationCap ?? .max) }
    /// Points available over every step.
    public var maxScore: Int { steps.saturatingSum(\.maxPoints) }
    /// The steps' points added up, before any cap.
    public var uncappedScore: Int { steps.saturatingSum(\.points) }
    /// Half the lab's points, rounded down, when a step guarding isolation failed: an answer
    /// that lets one tenant reach another's data loses at least half the lab, whatever else
    /// it got right. Nil when no such step failed.
    public var isolationCap: Int? {
        steps.contains(where: \.breachedIsolation) ? maxScore / 2 : nil
    }
    /// The failed steps that guard isolation, in order.
    public var isolationBreaches: [StepResult] {
        steps.filter(\.breachedIsolation)
    }
}

/// A whole run: every lab, in the order run.
public struct RunResult: Sendable, Hashable {
    /// The labs.
    public var labs: [LabResult]

    /// A run of `labs`.
    public init(labs: [LabResult]) {
        self.labs = labs
    }

    /// Points scored.
    public var score: Int { labs.saturatingSum(\.score) }
    /// Points available.
    public var maxScore: Int { labs.saturatingSum(\.maxScore) }
    /// Every step of every lab, in order.
    public var allSteps: [StepResult] { labs.flatMap(\.steps) }
    /// Whether every graded step passed: exit code 0.
    public var allPassed: Bool { allSteps.allSatisfy { $0.status == .passed } }
}
