/// One `--name` option as the parser and the help see it, whatever the type of its value. It is
/// made by a typed key (``Option``, ``RepeatedOption``, ``Flag``), which commands then read it
/// through, so the name is written once and the value arrives converted.
public struct OptionDeclaration: Sendable {
    public enum Kind: Sendable {
        /// `--verbose`: present or not.
        case flag
        /// `--port N`: one value (the last occurrence wins).
        case value(placeholder: String)
        /// `--variable name=value`: may be repeated; every value kept in order.
        case repeated(placeholder: String)
    }

    public let name: String
    public let short: Character?
    public let kind: Kind
    public let help: String
    /// The value a given text stands for, checked while the command line is parsed; flags have none.
    let convert: @Sendable (String) throws(InvalidValue) -> any Sendable

    init(name: String, short: Character?, kind: Kind, help: String, convert: @escaping @Sendable (String) throws(InvalidValue) -> any Sendable) {
        self.name = name
        self.short = short
        self.kind = kind
        self.help = help
        self.convert = convert
    }

    /// The same option described by `help`, for a command where it means something more specific.
    func describing(_ help: String) -> OptionDeclaration {
        OptionDeclaration(name: name, short: short, kind: kind, help: help, convert: convert)
    }

    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }

    var usageLabel: String {
        let long = "--\(name)"
        switch kind {
        case .flag: return short.map { "-\($0), \(long)" } ?? long
        case .value(let placeholder), .repeated(let placeholder):
            return (short.map { "-\($0), " } ?? "") + "\(long) <\(placeholder)>"
        }
    }
}

/// A typed option key: what a command's spec lists and its code reads (`arguments[Self.port]`),
/// so a misspelt option is a compile error rather than an option never given.
public protocol OptionKey: Sendable {
    var declaration: OptionDeclaration { get }
}

/// Why a text is not a value of an option: what the option expects. The parser words it as
/// `--port expects a whole number from 0 to 65535, got '70000'`, the same for every option.
public struct InvalidValue: Error, Sendable, Equatable {
    /// What a valid value is: `a whole number from 0 to 65535`, `auto, always or never`.
    public let expected: String
    /// The closest valid value, for a "did you mean".
    public let suggestion: String?
    /// Why this text in particular is refused, when `expected` does not say it all.
    public let reason: String?
    /// Whether the message repeats the text given (not for a password).
    public let showsValue: Bool

    public init(expected: String, suggestion: String? = nil, reason: String? = nil, showsValue: Bool = true) {
        self.expected = expected
        self.suggestion = suggestion
        self.reason = reason
        self.showsValue = showsValue
    }

    /// The one wording of a refused value.
    func message(option: String, given text: String) -> String {
        "--\(option) expects \(expected)" + (showsValue ? ", got '\(text)'" : "")
            + (reason.map { ": \($0)" } ?? "") + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    }
}
