/// The options of the commands that read the course and run its labs, each declared once:
/// `--labs` (run, list, show, hint, init, verify, grade), `--extra-labs` (run, grade, verify),
/// `--workspace` (run, hint), `--instructor` (run, list, show) and `--variable` (run); their
/// `--seed` is the backend's (``BackendOptions/seed``). A command may describe one in its own
/// words (``Option/describing(_:)``); its name and conversion stay these.
enum LabOptions {
    static let labs = labs(holding: "the lab files")

    /// `--labs`, described by what the command reads from the folder.
    static func labs(holding what: String) -> Option<String> {
        Option("labs", placeholder: "dir",
               help: "The labs folder holding \(what) (default: labs/ here if there is one, else the labs built into saaslab).")
    }

    /// The course `--labs` names: that folder, else `labs/` here, else the labs built in.
    static func course(_ arguments: ParsedArguments) -> Course {
        Course.resolve(arguments[labs])
    }

    static let extraLabs = RepeatedOption<String>(
        "extra-labs", placeholder: "dir",
        help: "Also run the labs in this folder after the course's (an instructor's hidden probes; 'instructor' is the course's own); repeatable."
    )

    static let workspace = Option<String>("workspace", short: "w", placeholder: "dir", help: "The participant's workspace, for file,<path>; bodies.")

    static let instructor = Flag("instructor", help: "Include hidden steps.")

    /// `--variable name=value`: a variable defined (or a built-in overridden) for the run.
    static let variable = RepeatedOption<(name: String, value: String)>(
        "variable", placeholder: "name=value", help: "Define a variable; may be repeated."
    ) { (text: String) throws(InvalidValue) in
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { throw InvalidValue(expected: "name=value") }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}
