import Core
import Foundation
import Labs

/// Hints for failures a run against a served backend (`--target`) can meet that are not the
/// participant's doing, put in place of the lab's hint so the report says what happened:
/// - a signed request refused because the runner's clock and the backend's differ by more
///   than SigV4 allows (an embedded backend shares the runner's clock, so only a served one on a
///   machine whose clock is wrong can cause it);
/// - with `--seed`, a request refused with 409 Conflict, because the runner drew the same ids as
///   an earlier run with that seed on the same served backend.
enum TargetRunHints {
    /// `run` with each such failed step's hint replaced by what happened.
    static func explained(_ run: RunResult, seeded: Bool) -> RunResult {
        var run = run
        for lab in run.labs.indices {
            for index in run.labs[lab].steps.indices where run.labs[lab].steps[index].status == .failed {
                let step = run.labs[lab].steps[index]
                if let hint = clockSkew(in: step) ?? (seeded ? conflict(in: step) : nil) {
                    run.labs[lab].steps[index].hint = hint
                    // The lab's deeper levels follow the lab's hint, not this one.
                    run.labs[lab].steps[index].revealedHints = []
                }
            }
        }
        return run
    }

    /// What a 409 in a seeded run against a served backend means.
    static let seededConflict = "The served backend already holds what this step creates: with --target, --seed draws the "
        + "same ids ({{newUuid}}) on every run, so a second run with one seed on one served backend meets the first run's "
        + "users and tenants. Restart saaslab serve, or run with another seed (or none)."

    /// ``seededConflict`` when the step's expected status was answered with 409 Conflict.
    static func conflict(in step: StepResult) -> String? {
        step.failures.contains { $0.check.hasPrefix("HTTP") && ($0.actual == "409" || $0.actual.contains("(HTTP 409)")) } ? seededConflict : nil
    }

    /// Why the backend refused the step's signature, when its answer is SigV4's clock-skew
    /// refusal (`Signature expired: ...` or `Signature not yet current: ...`); nil otherwise.
    static func clockSkew(in step: StepResult) -> String? {
        let texts = [step.transcript, step.message].compactMap { $0 } + step.failures.map(\.actual)
        for text in texts {
            if let refusal = Refusal(in: text) { return refusal.explanation }
        }
        return nil
    }

    /// The two times SigV4's refusal names: the signature's and the backend's clock.
    struct Refusal {
        let signed: Date
        let backendNow: Date
        let allowance: String

        private static let markers = ["Signature expired: ", "Signature not yet current: "]

        /// Parses `Signature expired: 20260101T000000Z is now earlier than 20261206T055805Z
        /// (20261206T060305Z - 5 min.)`, and its "not yet current" twin.
        init?(in text: String) {
            guard let marker = Self.markers.lazy.compactMap({ text.range(of: $0) }).first else { return nil }
            let rest = text[marker.upperBound...]
            guard let signed = AWSTimestamp.parseAmzDate(String(rest.prefix(16))),
                  let open = rest.firstIndex(of: "("),
                  let now = AWSTimestamp.parseAmzDate(String(rest[rest.index(after: open)...].prefix(16)))
            else { return nil }
            let afterNow = rest[rest.index(after: open)...].dropFirst(16)
            let allowance = afterNow.dropFirst(3).prefix { $0 != ")" }
            self.signed = signed
            backendNow = now
            self.allowance = allowance.hasSuffix(".") ? String(allowance.dropLast()) : String(allowance)
        }

        var explanation: String {
            let gap = backendNow.timeIntervalSince(signed)
            let direction = gap > 0 ? "behind" : "ahead of"
            return "The backend refused the request's signature time, not your answer: saaslab signed it at "
                + "\(AWSTimestamp.iso8601(signed)) by this machine's clock, and the backend's clock reads "
                + "\(AWSTimestamp.iso8601(backendNow)), so this machine is \(Self.span(abs(gap))) \(direction) the backend; "
                + "SigV4 accepts a signature only within \(allowance.isEmpty ? "5 min" : allowance) of the backend's time. "
                + "Set the wrong clock right (this machine's or the backend's) and run again."
        }

        /// A rough length of time: `339 days`, `5 hours`, `12 minutes`, `40 seconds`.
        static func span(_ seconds: Double) -> String {
            let (length, unit): (Double, String) = switch seconds {
            case 172_800.0...: (86_400, "day")
            case 7_200.0...: (3_600, "hour")
            case 120.0...: (60, "minute")
            default: (1, "second")
            }
            let count = Int((seconds / length).rounded())
            return "\(count) \(unit)\(count == 1 ? "" : "s")"
        }
    }
}
