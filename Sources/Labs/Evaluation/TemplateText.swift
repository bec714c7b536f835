/// Hurl's `{{name}}` templates over a variables dictionary.
///
/// Whitespace inside the braces is ignored (`{{ id }}`). Text without a closing `}}` is
/// left as written. Built-ins such as `{{newUuid}}` are not special here: the runner adds
/// them to the variables, which keeps this renderer pure.
public enum TemplateText {
    /// The outcome of rendering.
    public enum Rendering: Sendable, Hashable {
        /// The template with every variable substituted.
        case rendered(String)
        /// Names used by the template but absent from the variables, each once, in order
        /// of first use: the runner skips such a step instead of sending a broken request.
        case undefined([String])
    }

    /// Substitutes every `{{name}}` with the variable's ``HurlValue/templateText``.
    public static func render(_ template: String, variables: [String: HurlValue]) -> Rendering {
        var output = ""
        var missing: [String] = []
        for piece in pieces(of: template) {
            switch piece {
            case .text(let text):
                output += text
            case .variable(let name):
                if let value = variables[name] {
                    output += value.templateText
                } else if !missing.contains(name) {
                    missing.append(name)
                }
            }
        }
        return missing.isEmpty ? .rendered(output) : .undefined(missing)
    }

    /// The variable names `template` uses, each once, in order of first use.
    public static func variableNames(in template: String) -> [String] {
        var names: [String] = []
        for case .variable(let name) in pieces(of: template) where !names.contains(name) {
            names.append(name)
        }
        return names
    }

    private enum Piece {
        case text(Substring)
        case variable(String)
    }

    private static func pieces(of template: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = template[...]
        while let open = rest.firstRange(of: "{{") {
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingSpaces
            guard !name.isEmpty else {
                // `{{}}` names nothing: keep it as text rather than inventing a variable.
                pieces.append(.text(rest[..<close.upperBound]))
                rest = rest[close.upperBound...]
                continue
            }
            pieces.append(.text(rest[..<open.lowerBound]))
            pieces.append(.variable(name))
            rest = rest[close.upperBound...]
        }
        pieces.append(.text(rest))
        return pieces
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
