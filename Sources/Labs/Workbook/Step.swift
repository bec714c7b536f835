/// A ```` ```hurl {attributes} ```` block: what it is worth and the HTTP entries it runs.
public struct Step: Sendable, Equatable {
    /// Unique within the lab; names the step in reports and in other steps' `needs`.
    public var id: String
    /// A human title for reports; nil to show the id.
    public var title: String?
    /// What the step scores when every entry ran and every assert held. Defaults to 1.
    public var points: Int
    /// The outcome depends on the participant's work (it must fail on the starter workspace).
    public var isExercise: Bool
    /// Failing it means one tenant reached another's data or the provider's: the lab's score
    /// is then capped at half its points, whatever else passed (``LabResult/score``).
    public var guardsIsolation: Bool
    /// Instructor-only: run and graded, but kept out of what participants see.
    public var isHidden: Bool
    /// Shown when the step fails: the first hint level, the concept and why it matters.
    public var hint: String?
    /// The deeper hint levels (`hint2`: where to look; `hint3`: which field to change, never
    /// its value), revealed one at a time by `saaslab hint`.
    public var deeperHints: [String]
    /// Shown when the step passes: what it showed (a demonstration's lesson), rendered with
    /// the variables as the step left them, so it may quote what the step captured.
    public var note: Template?
    /// Steps that must have passed first; otherwise this one is skipped with that reason.
    public var needs: [StepReference]
    /// The most the whole step may take; nil for the runner's default.
    public var timeout: Duration?
    /// The HTTP entries, run in order.
    public var entries: [Entry]
    /// Where the opening fence is.
    public var location: SourceLocation

    /// A step with the given attributes and entries.
    public init(
        id: String, title: String? = nil, points: Int = 1, isExercise: Bool = false, guardsIsolation: Bool = false,
        isHidden: Bool = false, hint: String? = nil, deeperHints: [String] = [], note: Template? = nil, needs: [StepReference] = [],
        timeout: Duration? = nil, entries: [Entry], location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.points = points
        self.isExercise = isExercise
        self.guardsIsolation = guardsIsolation
        self.isHidden = isHidden
        self.hint = hint
        self.deeperHints = deeperHints
        self.note = note
        self.needs = needs
        self.timeout = timeout
        self.entries = entries
        self.location = location
    }

    /// The captured variable names, in order, with where each is captured.
    public var capturedNames: [(name: String, location: SourceLocation)] {
        entries.flatMap { $0.response?.captures.map { ($0.name, $0.location) } ?? [] }
    }
}

/// A step id named by another step's `needs`, with where it is named.
public struct StepReference: Sendable, Equatable {
    /// The id named.
    public var id: String
    /// Where the name appears in the attributes.
    public var location: SourceLocation

    /// A reference to step `id` written at `location`.
    public init(id: String, location: SourceLocation) {
        self.id = id
        self.location = location
    }
}
