/// `--color auto|always|never`: whether the terminal report is coloured.
///
/// Precedence, first match wins:
/// 1. `--color always` or `--color never`;
/// 2. `FORCE_COLOR` set, not empty and not `0`: colour, wherever the report goes;
/// 3. `NO_COLOR` set and not empty: no colour;
/// 4. colour when the report goes to a terminal (standard output is a TTY, `TERM` is not
///    `dumb`, and there is no `--output FILE`).
enum ColourChoice: String, ArgumentChoice {
    case auto, always, never

    /// Whether to colour a report going to a terminal (`toTerminal`) or not, in `environment`.
    func colours(toTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let force = environment["FORCE_COLOR"], !force.isEmpty, force != "0" { return true }
            if let no = environment["NO_COLOR"], !no.isEmpty { return false }
            return toTerminal && environment["TERM"] != "dumb"
        }
    }
}
