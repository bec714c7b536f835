import Core
import Foundation

/// A step cannot go on: it is skipped (a variable was never defined) or in error (the
/// request could not be made). Thrown inside the runner, turned into a step status.
struct StepInterruption: Error, Sendable {
    /// `failedCapture`: a variable whose capture failed earlier in the same entry was used;
    /// the checker reports it as that entry's failure.
    enum Kind { case skipped, error, failedCapture }
    var kind: Kind
    var message: String
    /// The step's deadline passed: a retry reports its last failure instead.
    var isTimeout = false
    /// The request could not be sent (connection refused, reset): worth a retry.
    var isSendFailure = false

    static func skipped(_ message: String) -> StepInterruption { .init(kind: .skipped, message: message) }
    static func error(_ message: String) -> StepInterruption { .init(kind: .error, message: message) }
}

/// The variables of one lab run: built-ins, `--variable` values and captures, plus the
/// generated `newUuid` and `newDate`, which come from the injected random source and clock
/// so that a seeded run is reproducible.
struct RunVariables: Sendable {
    var values: [String: HurlValue]
    /// Captures of the entry being checked that failed, with why: using one names the
    /// capture instead of skipping the step for an "undefined" variable.
    var failedCaptures: [String: String] = [:]
    let random: any RandomSource
    let clock: any WallClock

    /// Why `name` has no value: its capture failed, or no step defined it.
    private func undefined(_ name: String, _ location: SourceLocation) -> StepInterruption {
        if let why = failedCaptures[name] {
            return StepInterruption(kind: .failedCapture, message: "capture '\(name)' failed: \(why)")
        }
        return .skipped("variable '\(name)' (\(location)) is not defined: the step that captures it did not pass")
    }

    /// The value of `name`, generating a fresh one for `newUuid` and `newDate`.
    func value(_ name: String) -> HurlValue? {
        if let value = values[name] { return value }
        switch name {
        case "newUuid": return .string(UUIDv4.make(using: random))
        case "newDate": return .string(AWSTimestamp.iso8601(clock.now()))
        default: return nil
        }
    }

    /// `template` with every placeholder replaced.
    /// - Throws: a skip naming the first variable that is not defined.
    func render(_ template: Template) throws(StepInterruption) -> String {
        if let text = template.literalText { return text }
        var text = ""
        for part in template.parts {
            switch part {
            case .literal(let piece): text += piece
            case .variable(let name, let location):
                guard let value = value(name) else { throw undefined(name, location) }
                text += value.templateText
            }
        }
        return text
    }

    /// A bare `{{name}}` predicate value: the variable's own typed value.
    func typedValue(_ template: Template) throws(StepInterruption) -> HurlValue {
        if template.parts.count == 1, case .variable(let name, let location) = template.parts[0] {
            guard let value = value(name) else { throw undefined(name, location) }
            return value
        }
        return .string(try render(template))
    }
}
