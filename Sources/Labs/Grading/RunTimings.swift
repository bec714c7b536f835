/// How long a run took, lab by lab, on a monotonic clock: what JUnit's `time` attributes
/// report. Only a run without `--seed` is timed; a seeded report must be the same bytes every
/// time, and timings never are.
public struct RunTimings: Sendable, Hashable {
    /// The whole run.
    public var total: Duration
    /// Each lab that ran, by lab id (ids are unique in a run).
    public var labs: [String: Duration]

    /// Timings of a run.
    public init(total: Duration, labs: [String: Duration]) {
        self.total = total
        self.labs = labs
    }

    /// Seconds with three decimals (`0.042`, `12.500`): the form junit-10.xsd's
    /// `SUREFIRE_TIME` accepts (no exponent, at most three decimals, no grouping).
    public static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = max(0, seconds * 1000 + (attoseconds + 500_000_000_000_000) / 1_000_000_000_000_000)
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

extension LabRunner {
    /// Runs `labs` as `run(_:)` does (in order, each lab with its own
    /// variables) and times each lab and the whole run.
    public func runTimed(_ labs: [Lab]) async -> (result: RunResult, timings: RunTimings) {
        let clock = ContinuousClock()
        let start = clock.now
        var results: [LabResult] = []
        var times: [String: Duration] = [:]
        for lab in labs {
            let labStart = clock.now
            results.append(await run(lab))
            times[lab.id] = clock.now - labStart
        }
        return (RunResult(labs: results), RunTimings(total: clock.now - start, labs: times))
    }
}
