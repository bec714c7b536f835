/// A step's hint levels, as `saaslab hint` reveals them and reports number them: level 1 the
/// concept and why it matters (the step's `hint`, free: every report shows it), level 2 where to
/// look (`hint2`), level 3 which field to change (`hint3`, never its value).
public enum HintLevels {
    /// The most levels a step may have.
    public static let maximum = 3
    /// The levels a record may name.
    public static let range = 1...maximum

    /// What each level is for, as `Hint 2 of 3 (where to look): ...` says it.
    public static func purpose(of level: Int) -> String {
        switch level {
        case 1: "the concept"
        case 2: "where to look"
        default: "which field"
        }
    }

    /// `Hint 2 (where to look)`: how a report labels a level.
    public static func label(_ level: Int) -> String {
        "Hint \(level) (\(purpose(of: level)))"
    }

    /// The step's levels in order: its hint, then `hint2` and `hint3`; empty when it has no hint.
    public static func of(_ step: Step) -> [String] {
        guard let hint = step.hint else { return [] }
        return [hint] + step.deeperHints
    }
}

extension RunResult {
    /// The run with each failed step's revealed deeper levels (``StepResult/revealedHints``)
    /// taken from `record`: the levels above the first, up to the highest one recorded for the
    /// step. `labs` are the labs the run ran, for their steps' hints. Hidden steps get none:
    /// `saaslab hint` never reveals one, so a record naming one was not written by it.
    public func revealing(_ record: HintRecord, labs: [Lab]) -> RunResult {
        guard !record.revealed.isEmpty else { return self }
        var run = self
        for (labIndex, lab) in run.labs.enumerated() {
            guard let source = labs.first(where: { $0.id == lab.id }) else { continue }
            for (index, step) in lab.steps.enumerated() where step.status == .failed && !step.isHidden {
                guard let levels = source.steps.first(where: { $0.id == step.id }).map(HintLevels.of) else { continue }
                let revealed = min(record.level(lab: lab.id, step: step.id), levels.count)
                run.labs[labIndex].steps[index].revealedHints = Array(levels.dropFirst().prefix(max(0, revealed - 1)))
            }
        }
        return run
    }
}
