/// Text that stays text in HTML, and the score colours, for the two HTML pages saaslab writes
/// (`gradebook.html` and `run --format html`).
///
/// Everything these pages show came from a lab file, a workspace or a response a participant's
/// work produced, so every such text goes through ``escape(_:)`` (or ``lines(_:)``) wherever it
/// lands: element content or a double-quoted attribute.
enum HTML {
    /// Text made safe for HTML content and double-quoted attributes: `&`, `<`, `>`, `"` and `'`
    /// as character references, nothing else changed.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Text escaped for HTML content with its lines kept (`<br>` between them): an error that
    /// names every broken file, a message or hint written over several lines.
    static func lines(_ text: String) -> String {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { escape(String($0)) }.joined(separator: "<br>")
    }

    /// A background for a score: red at 0, through amber, to green at full marks; grey when
    /// nothing is available.
    static func scoreColour(_ score: Int, of maximum: Int) -> String {
        guard maximum > 0 else { return "#eeeeee" }
        let fraction = min(1, max(0, Double(score) / Double(maximum)))
        return "hsl(\(Int((fraction * 120).rounded())),70%,80%)"
    }
}
