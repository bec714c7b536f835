/// What a command accepts and how it ends, declared once: the parser reads it and the usage
/// text is generated from it, so help can never drift from behaviour.
public struct CommandSpec: Sendable {
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

    /// An exit code the command ends with, and when (see ``ExitCode``).
    public struct Exit: Sendable {
        public let code: Int32
        public let meaning: String

        public init(_ code: Int32, _ meaning: String) {
            self.code = code
            self.meaning = meaning
        }

        /// 64, for every command: the command line did not fit its spec.
        public static func usage(_ also: String? = nil) -> Exit {
            Exit(ExitCode.usage, "bad command line" + (also.map { " (\($0))" } ?? ""))
        }

        /// 70, for every command that starts an embedded backend.
        public static let backendDidNotStart = Exit(ExitCode.internalError, "the embedded backend did not start (a defect to report)")

        /// 73, for a command that writes `what`.
        public static func cannotWrite(_ what: String) -> Exit {
            Exit(ExitCode.cannotWrite, "\(what) could not be written")
        }
    }

    public let name: String
    public let abstract: String
    public let discussion: String
    public let arguments: [Argument]
    public let options: [OptionDeclaration]
    public let exits: [Exit]

    public init(
        name: String, abstract: String, discussion: String = "", arguments: [Argument] = [], options: [any OptionKey] = [], exits: [Exit]
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options.map(\.declaration)
        self.exits = exits
    }

    /// The usage line, the arguments, the options and the exit codes, as printed by
    /// `saaslab help NAME`.
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
        lines += ["", "EXIT CODES:"]
        lines += HelpTable.rows(exits.map { ("\($0.code)", $0.meaning) })
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
