import Core
import Foundation

/// Fills `{{name}}` placeholders in a template's strings and member names.
///
/// Placeholders use double braces so they can never be mistaken for IAM policy variables
/// (`${aws:PrincipalTag/tenant_id}`), which pass through untouched for IAM to resolve.
enum TemplateRendering {
    /// Every placeholder name the document uses, in order of first use.
    static func placeholders(in document: JSON) -> [String] {
        var names: [String] = []
        visitStrings(document) { text in
            for name in placeholders(in: text) where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Checks that `document` uses only placeholders `template` knows, naming any other with a
    /// did-you-mean.
    static func validate(_ document: JSON, for template: TemplateName) throws(AppError) {
        for name in placeholders(in: document) where !template.placeholders.contains(name) {
            var message = "template \(template.rawValue) uses {{\(name)}}, which is not known when it is applied"
            if let close = Suggestion.closest(to: name, among: template.placeholders) {
                message += "; did you mean {{\(close)}}?"
            }
            message += " It may use: " + template.placeholders.map { "{{\($0)}}" }.joined(separator: ", ")
            throw AppError.badRequest(message)
        }
    }

    static func render(_ document: JSON, _ values: [String: String]) -> JSON {
        changed(document, values) ?? document
    }

    /// `document` rendered, or nil when it holds no placeholder: most of a template is plain
    /// text, and rebuilding every object and string of seven templates per registration was
    /// most of a render's time.
    private static func changed(_ document: JSON, _ values: [String: String]) -> JSON? {
        switch document {
        case .string(let text):
            guard mayHavePlaceholder(text) else { return nil }
            return .string(render(text, values))
        case .array(let elements):
            var rendered = elements
            var any = false
            for (index, element) in elements.enumerated() {
                if let new = changed(element, values) { rendered[index] = new; any = true }
            }
            return any ? .array(rendered) : nil
        case .object(let members):
            var keys = members.keys, contents = members.values
            var anyKey = false, anyValue = false
            for index in keys.indices {
                if mayHavePlaceholder(keys[index]) { keys[index] = render(keys[index], values); anyKey = true }
                if let new = changed(contents[index], values) { contents[index] = new; anyValue = true }
            }
            // A rendered member name may now repeat another: the general initialiser decides.
            if anyKey { return .object(JSONObject(zip(keys, contents).map { ($0, $1) })) }
            return anyValue ? .object(JSONObject(uniqueKeys: keys, values: contents)) : nil
        default:
            return nil
        }
    }

    /// Whether `text` has an opening `{{` at all, checked on its bytes.
    private static func mayHavePlaceholder(_ text: String) -> Bool {
        func scan(_ bytes: some Sequence<UInt8>) -> Bool {
            var previousBrace = false
            for byte in bytes {
                let brace = byte == UInt8(ascii: "{")
                if brace && previousBrace { return true }
                previousBrace = brace
            }
            return false
        }
        return text.utf8.withContiguousStorageIfAvailable(scan) ?? scan(text.utf8)
    }

    /// `text` with each `{{name}}` (spaces inside the braces allowed) replaced by its value;
    /// a name without a value stays as written.
    static func render(_ text: String, _ values: [String: String]) -> String {
        var rest = Substring(text)
        guard var next = nextPlaceholder(in: rest) else { return text }
        var result = ""
        while true {
            let (range, name) = next
            result += rest[..<range.lowerBound]
            result += values[name] ?? String(rest[range])
            rest = rest[range.upperBound...]
            guard let following = nextPlaceholder(in: rest) else { return result + rest }
            next = following
        }
    }

    /// The one reading of placeholders that both checking and rendering use.
    private static func nextPlaceholder(in text: Substring) -> (range: Range<Substring.Index>, name: String)? {
        // Byte-level (braces are ASCII): registration renders every string of seven templates.
        let bytes = text.utf8
        func pair(_ byte: UInt8, from start: Substring.Index) -> Substring.Index? {
            var index = start
            while index != bytes.endIndex {
                let next = bytes.index(after: index)
                if bytes[index] == byte, next != bytes.endIndex, bytes[next] == byte { return index }
                index = next
            }
            return nil
        }
        guard let open = pair(UInt8(ascii: "{"), from: bytes.startIndex) else { return nil }
        let inside = bytes.index(open, offsetBy: 2)
        guard let close = pair(UInt8(ascii: "}"), from: inside) else { return nil }
        let name = trimmedName(text[inside..<close])
        return (open..<bytes.index(close, offsetBy: 2), name)
    }

    /// `raw` without surrounding `.whitespaces`. ASCII names (all of them, in practice) are
    /// trimmed of spaces and tabs, the set's only ASCII members, byte by byte; anything else
    /// goes through Foundation, whose per-call set-up was most of a render's time.
    private static func trimmedName(_ raw: Substring) -> String {
        let bytes = raw.utf8
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return String(raw).trimmingCharacters(in: .whitespaces) }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(raw[first...last])
    }

    private static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let (range, name) = nextPlaceholder(in: rest) {
            names.append(name)
            rest = rest[range.upperBound...]
        }
        return names
    }

    static func visitStrings(_ document: JSON, _ visit: (String) -> Void) {
        switch document {
        case .string(let text): visit(text)
        case .array(let elements): elements.forEach { visitStrings($0, visit) }
        case .object(let members):
            for member in members {
                visit(member.key)
                visitStrings(member.value, visit)
            }
        default: break
        }
    }
}
