/// What a command accepts, declared once: the parser reads it and the usage text is generated
/// from it, so help can never drift from behaviour.
public struct CommandSpec: Sendable {
    /// A `--name` option.
    public struct Option: Sendable {
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

        public init(_ name: String, short: Character? = nil, _ kind: Kind = .flag, help: String) {
            self.name = name
            self.short = short
            self.kind = kind
            self.help = help
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

    /// A positional argument.
    public struct Argument: Sendable {
        public let name: String
        public let help: String
        public let optional: Bool
        public let repeating: Bool

        public init(_ name: String, help: String, optional: Bool = false, repeating: Bool = false) {
            self.name = name
            self.help = help
            self.optional = optional
            self.repeating = repeating
        }

        var usageLabel: String {
            let base = "<\(name)>" + (repeating ? "..." : "")
            return optional ? "[\(base)]" : base
        }
    }

    public let name: String
    public let abstract: String
    public let discussion: String
    public let arguments: [Argument]
    public let options: [Option]

    public init(name: String, abstract: String, discussion: String = "", arguments: [Argument] = [], options: [Option] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
    }

    /// The usage line and the option table, as printed by `saaslab help NAME`.
    public var help: String {
        var lines = ["OVERVIEW: \(abstract)", ""]
        let args = arguments.map(\.usageLabel).joined(separator: " ")
        lines.append("USAGE: saaslab \(name)" + (options.isEmpty ? "" : " [options]") + (args.isEmpty ? "" : " \(args)"))
        if !discussion.isEmpty { lines += ["", discussion] }
        if !arguments.isEmpty {
            lines += ["", "ARGUMENTS:"]
            lines += HelpTable.rows(arguments.map { ($0.usageLabel, $0.help) })
        }
        let allOptions = options.map { ($0.usageLabel, $0.help) } + [("-h, --help", "Show help for this command.")]
        lines += ["", "OPTIONS:"]
        lines += HelpTable.rows(allOptions)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Two-column help text with aligned descriptions.
enum HelpTable {
    static func rows(_ rows: [(String, String)]) -> [String] {
        let width = min(30, (rows.map(\.0.count).max() ?? 0) + 2)
        return rows.map { label, text in
            let padded = label.count >= width ? label + "  " : label.padding(toLength: width, withPad: " ", startingAt: 0)
            return "  " + padded + text
        }
    }
}
