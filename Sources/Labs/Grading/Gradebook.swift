/// A class's grades: one row per participant, one column per lab, and what every step is
/// worth. Built by `saaslab grade`, read back from `gradebook.json` by `saaslab merge`, and
/// rendered as CSV, JSON and HTML.
///
/// It holds step outcomes rather than only totals so that merged shards give the same
/// per-step pass rates as one run over the whole class.
public struct Gradebook: Sendable, Hashable {
    /// One step as a column of the pass-rate chart.
    public struct StepColumn: Sendable, Hashable {
        /// The step's id, unique in its lab.
        public var id: String
        /// The step's title.
        public var title: String
        /// What the step is worth.
        public var maxPoints: Int
        /// The step marks the participant's work.
        public var isExercise: Bool
        /// Instructor-only.
        public var isHidden: Bool

        /// A step column.
        public init(id: String, title: String, maxPoints: Int, isExercise: Bool = false, isHidden: Bool = false) {
            self.id = id
            self.title = title
            self.maxPoints = maxPoints
            self.isExercise = isExercise
            self.isHidden = isHidden
        }
    }

    /// One lab as a column of the gradebook.
    public struct LabColumn: Sendable, Hashable {
        /// The lab's id.
        public var id: String
        /// The lab's title.
        public var title: String
        /// Its steps, in file order.
        public var steps: [StepColumn]

        /// A lab column.
        public init(id: String, title: String, steps: [StepColumn]) {
            self.id = id
            self.title = title
            self.steps = steps
        }

        /// The column for `lab`, as loaded from its file.
        public init(_ lab: Lab) {
            self.init(id: lab.id, title: lab.title, steps: lab.steps.map {
                StepColumn(id: $0.id, title: $0.title ?? $0.id, maxPoints: $0.points, isExercise: $0.isExercise, isHidden: $0.isHidden)
            })
        }

        /// Points available in the lab, hidden steps included.
        public var maxScore: Int { steps.reduce(0) { $0 + $1.maxPoints } }
    }

    /// How a participant's grading ended.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Every step passed.
        case passed
        /// Graded, and some step failed or was skipped.
        case failed
        /// The submission could not be graded completely: unreadable, refused or missing
        /// files, a timeout. The row says why.
        case error
    }

    /// One step's outcome for one participant.
    public struct StepMark: Sendable, Hashable {
        /// The step's id.
        public var id: String
        /// What happened.
        public var status: StepStatus

        /// A mark.
        public init(id: String, status: StepStatus) {
            self.id = id
            self.status = status
        }
    }

    /// One participant's score in one lab.
    public struct LabScore: Sendable, Hashable {
        /// The lab's id.
        public var id: String
        /// Points scored.
        public var score: Int
        /// Every step, in file order.
        public var steps: [StepMark]

        /// A lab score.
        public init(id: String, score: Int, steps: [StepMark]) {
            self.id = id
            self.score = score
            self.steps = steps
        }
    }

    /// One participant.
    public struct Row: Sendable, Hashable {
        /// The participant: their submission folder's name.
        public var participant: String
        /// Passed, failed or error.
        public var status: Status
        /// Why the row is an error; nil otherwise.
        public var error: String?
        /// The labs that ran; empty when the submission could not be run at all.
        public var labs: [LabScore]
        /// `code` or `settings`: how the workspace answered Labs 2 and 3; nil when the
        /// submission was refused before its track was known.
        public var track: String?
        /// The hints the participant revealed (and what `--hint-penalty` took for them); nil
        /// when the submission did not run, so its record was not read.
        public var hints: HintUsage?

        /// A row with the given parts.
        public init(participant: String, status: Status, track: String? = nil, error: String? = nil, labs: [LabScore] = [], hints: HintUsage? = nil) {
            self.participant = participant
            self.status = status
            self.track = track
            self.error = error
            self.labs = labs
            self.hints = hints
        }

        /// The row for a run that finished. A step that errored (a refused, missing or
        /// unreadable workspace file, a timeout) makes the whole row an error, because the
        /// score then says nothing about the participant's understanding. `error` names every
        /// step that errored, one per line (`lab/step: message`), so every broken file shows;
        /// a lab whose every step errored for one reason (its code-track service did not
        /// start) is one line, `lab (every step): message`.
        public init(participant: String, result: RunResult, track: String? = nil, hints: HintUsage? = nil) {
            let labs = result.labs.map { lab in
                LabScore(id: lab.id, score: lab.score, steps: lab.steps.map { StepMark(id: $0.id, status: $0.status) })
            }
            let errors = result.labs.flatMap { lab in
                let messages = Set(lab.steps.map { $0.status == .error ? $0.message ?? "error" : "" })
                if lab.steps.count > 1, messages.count == 1, let message = messages.first, !message.isEmpty {
                    return ["\(lab.id) (every step): \(message)"]
                }
                return lab.steps.filter { $0.status == .error }.map { "\(lab.id)/\($0.id): \($0.message ?? "error")" }
            }
            if !errors.isEmpty {
                self.init(participant: participant, status: .error, track: track, error: errors.joined(separator: "\n"), labs: labs, hints: hints)
            } else {
                self.init(participant: participant, status: result.allPassed ? .passed : .failed, track: track, labs: labs, hints: hints)
            }
        }

        /// Points scored over every lab that ran.
        public var score: Int { labs.reduce(0) { $0 + $1.score } }

        /// The score in lab `id`; nil when it did not run.
        public func score(lab id: String) -> Int? { labs.first { $0.id == id }?.score }
    }

    /// The labs graded, in order.
    public var labs: [LabColumn]
    /// The participants, sorted by name.
    public var rows: [Row]
    /// Which slice of the class this is, when graded with `--shard`; nil for a whole class.
    public var shard: Shard?
    /// `grade --hint-penalty P`: the points taken off a passed step per hint level revealed
    /// beyond the first; nil when the instructor asked for none (hints are then only counted).
    public var hintPenalty: Int?

    /// A gradebook; rows are sorted by participant so the output never depends on timing.
    public init(labs: [LabColumn], rows: [Row], shard: Shard? = nil, hintPenalty: Int? = nil) {
        self.labs = labs
        self.rows = rows.sorted { $0.participant < $1.participant }
        self.shard = shard
        self.hintPenalty = hintPenalty
    }

    /// Points available per participant.
    public var maxScore: Int { labs.reduce(0) { $0 + $1.maxScore } }

    /// How the class did, as `grade`, `merge` and the HTML page say it.
    public var summary: Summary { Summary(self) }

    /// Participants counted by outcome: each row in exactly one of four groups.
    public struct Summary: Sendable, Hashable, CustomStringConvertible {
        /// Every participant.
        public var participants: Int
        /// Graded, with every point available (hidden ones included).
        public var fullMarks: Int
        /// Graded, with some points but not all.
        public var partial: Int
        /// Graded, with no points: not "partial".
        public var noPoints: Int
        /// Not graded completely (`status = error`), whatever points the steps that ran scored.
        public var errors: Int

        /// The counts of `book`'s rows, from their scores (`Row.score`) and statuses.
        public init(_ book: Gradebook) {
            let graded = book.rows.filter { $0.status != .error }
            participants = book.rows.count
            errors = book.rows.count - graded.count
            fullMarks = graded.filter { $0.score >= book.maxScore }.count
            noPoints = graded.filter { $0.score == 0 && $0.score < book.maxScore }.count
            partial = graded.count - fullMarks - noPoints
        }

        /// `3 participants: 1 with full marks, 1 partial, 1 with 0 points, 1 error`.
        public var description: String { "\(Self.count(participants, "participant")): \(outcomes)" }

        /// `1 with full marks, 1 partial, 1 with 0 points, 1 error`.
        public var outcomes: String {
            "\(fullMarks) with full marks, \(partial) partial, \(noPoints) with 0 points, \(Self.count(errors, "error"))"
        }

        /// `1 error`, `2 errors`, `0 errors`.
        public static func count(_ number: Int, _ noun: String) -> String {
            "\(number) \(noun)\(number == 1 ? "" : "s")"
        }
    }

    /// How many participants passed step `step` of lab `lab`, out of those whose run reached
    /// that lab (rows that could not be run at all are left out of the denominator).
    public func passCount(lab: String, step: String) -> (passed: Int, graded: Int) {
        var passed = 0
        var graded = 0
        for row in rows {
            guard let mark = row.labs.first(where: { $0.id == lab })?.steps.first(where: { $0.id == step }) else { continue }
            graded += 1
            if mark.status == .passed { passed += 1 }
        }
        return (passed, graded)
    }
}
