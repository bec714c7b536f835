import Core

/// A type an option's text converts to (`Option<ReportFormat>`), refusing a text with what it
/// expects.
public protocol ArgumentValue: Sendable {
    init(argument text: String) throws(InvalidValue)
}

/// A value among a few names (`--format json`): a refused name is answered with every valid
/// one and the closest.
public protocol ArgumentChoice: ArgumentValue, CaseIterable, RawRepresentable<String> {}

extension ArgumentChoice {
    public init(argument text: String) throws(InvalidValue) {
        guard let value = Self(rawValue: text) else {
            let names = Self.allCases.map(\.rawValue)
            throw InvalidValue(expected: Self.listed(names), suggestion: Suggestion.closest(to: text, among: names))
        }
        self = value
    }

    /// `a, b or c`.
    static func listed(_ names: [String]) -> String {
        guard let last = names.last, names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }
}

extension UInt64: ArgumentValue {
    /// A seed: any whole number a 64-bit generator takes.
    public init(argument text: String) throws(InvalidValue) {
        guard let number = UInt64(text) else { throw InvalidValue(expected: "a whole number from 0 to \(UInt64.max)") }
        self = number
    }
}
