// A minimal XML writer: enough for AWS Query responses, which are elements and text only.

/// Writes compact XML (no declaration, no indentation) with every text escaped.
///
/// ```swift
/// var xml = XMLWriter()
/// xml.open("GetRoleResponse", attributes: [("xmlns", namespace)])
/// xml.element("RoleName", text: "admin")
/// xml.close()
/// xml.text // <GetRoleResponse xmlns="..."><RoleName>admin</RoleName></GetRoleResponse>
/// ```
public struct XMLWriter: Sendable {
    /// The document so far.
    public private(set) var text = ""
    private var openElements: [String] = []

    /// An empty document.
    public init() {}

    /// Starts element `name` with `attributes` (values escaped, order kept).
    public mutating func open(_ name: String, attributes: [(name: String, value: String)] = []) {
        text += "<" + name
        for attribute in attributes {
            text += " \(attribute.name)=\"\(Self.escape(attribute.value))\""
        }
        text += ">"
        openElements.append(name)
    }

    /// Ends the innermost open element.
    public mutating func close() {
        precondition(!openElements.isEmpty, "XMLWriter.close() with no open element")
        text += "</" + openElements.removeLast() + ">"
    }

    /// Writes escaped character data inside the current element.
    public mutating func characters(_ content: String) {
        text += Self.escape(content)
    }

    /// `<name>escaped content</name>`.
    public mutating func element(_ name: String, text content: String) {
        open(name)
        characters(content)
        close()
    }

    /// Whether every opened element has been closed.
    public var isComplete: Bool { openElements.isEmpty }

    /// `text` with the five XML specials escaped (`&` `<` `>` `"` `'`), carriage returns
    /// written as `&#xD;` so that parsers' line-end normalisation keeps them, and the
    /// characters XML 1.0 cannot carry at all (other C0 controls, U+FFFE, U+FFFF) replaced by
    /// U+FFFD; a parser such as botocore's would otherwise reject the whole response.
    public static func escape(_ content: String) -> String {
        // Most values (ids, names, ARNs, dates) need no escaping: pass them through untouched.
        // Only ASCII bytes and U+FFFE/U+FFFF (which start with 0xEF) ever change.
        if !content.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 == 0xEF }) {
            return content
        }
        var escaped = ""
        escaped.reserveCapacity(content.utf8.count)
        for scalar in content.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\r": escaped += "&#xD;"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
