/// The hints one participant revealed with `saaslab hint`, as `grade` reads them from the
/// record in their workspace (``HintRecord``): an honest record for the gradebook, and a
/// deduction only when the instructor asks for one (`grade --hint-penalty P`).
///
/// Only levels beyond the free first count (level 1 is what every report shows), only for the
/// graded labs' visible steps that have them, and never more than a step has: a record naming
/// other steps, hidden ones or higher levels was not written by `saaslab hint` and counts for
/// nothing.
public struct HintUsage: Sendable, Hashable {
    /// One step's levels revealed beyond the first.
    public struct StepHints: Sendable, Hashable {
        /// The lab's id.
        public var lab: String
        /// The step's id.
        public var step: String
        /// Levels revealed beyond the first: 1 or 2.
        public var levels: Int
        /// Points `--hint-penalty` took off the step; 0 without a penalty, or when the step
        /// scored nothing to take.
        public var penalty: Int

        /// A step's hints.
        public init(lab: String, step: String, levels: Int, penalty: Int = 0) {
            self.lab = lab
            self.step = step
            self.levels = levels
            self.penalty = penalty
        }
    }

    /// The steps with levels revealed beyond the first, in the labs' order.
    public var steps: [StepHints]
    /// Why the record could not be read; nil when it was (or there was none: no hints used).
    public var problem: String?

    /// A usage of `steps`, or a record that could not be read (`problem`).
    public init(steps: [StepHints] = [], problem: String? = nil) {
        self.steps = steps
        self.problem = problem
    }

    /// The levels `record` reveals in `labs` (see the type's rules).
    public init(record: HintRecord, labs: [Lab]) {
        var steps: [StepHints] = []
        for lab in labs {
            for step in lab.steps where !step.isHidden {
                let available = HintLevels.of(step).count
                let beyondFirst = min(record.level(lab: lab.id, step: step.id), available) - 1
                if beyondFirst > 0 { steps.append(StepHints(lab: lab.id, step: step.id, levels: beyondFirst)) }
            }
        }
        self.init(steps: steps)
    }

    /// What `workspace`'s record says of `labs`; a record that cannot be read is a usage with
    /// its ``problem`` (and no hints counted), not an error of the submission.
    public static func read(workspace: String, labs: [Lab]) -> HintUsage {
        switch HintRecord.read(workspace: workspace, named: HintRecord.path) {
        case .success(let record): HintUsage(record: record, labs: labs)
        case .failure(let problem): HintUsage(problem: problem.description)
        }
    }

    /// Hints used: levels revealed beyond the first, over every step; nil when the record could
    /// not be read.
    public var used: Int? {
        problem == nil ? steps.reduce(0) { $0 + $1.levels } : nil
    }

    /// Points taken off over every step.
    public var penalty: Int {
        steps.reduce(0) { $0 + $1.penalty }
    }

    /// `run` with `pointsPerLevel` taken off each passed step per level revealed beyond the
    /// first, never below 0; and this usage with what was taken. A step that did not pass
    /// scored nothing to take from. Isolation caps apply to what is left, as to any score.
    public func penalising(_ run: RunResult, pointsPerLevel: Int) -> (RunResult, HintUsage) {
        guard pointsPerLevel > 0 else { return (run, self) }
        var run = run
        var usage = self
        for (index, hints) in steps.enumerated() {
            guard let labIndex = run.labs.firstIndex(where: { $0.id == hints.lab }),
                  let stepIndex = run.labs[labIndex].steps.firstIndex(where: { $0.id == hints.step }),
                  run.labs[labIndex].steps[stepIndex].status == .passed
            else { continue }
            let points = run.labs[labIndex].steps[stepIndex].points
            let (product, overflow) = hints.levels.multipliedReportingOverflow(by: pointsPerLevel)
            let taken = overflow ? points : min(points, product)
            run.labs[labIndex].steps[stepIndex].points -= taken
            run.labs[labIndex].steps[stepIndex].hintPenalty = taken
            usage.steps[index].penalty = taken
        }
        return (run, usage)
    }
}
