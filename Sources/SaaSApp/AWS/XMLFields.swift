import Foundation

/// The text of named elements in one of AWS's Query-protocol XML answers.
///
/// IAM and STS answer small, flat documents (`<CreateRoleResult><Role><Arn>…`), and the app
/// needs a handful of leaf values from each, so this reads leaf elements in document order
/// rather than building a tree. Entities are decoded; elements that contain other elements
/// are not leaves and have no text here.
struct XMLFields: Sendable {
    private var values: [(name: String, text: String)] = []

    init(_ document: String) {
        var scalars = Substring(document)
        var openName: String?
        var textStart = scalars.startIndex
        while let lt = scalars.firstIndex(of: "<") {
            guard let gt = scalars[lt...].firstIndex(of: ">") else { break }
            let tag = scalars[scalars.index(after: lt)..<gt]
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                if name == openName {
                    values.append((name, Self.decodeEntities(String(scalars[textStart..<lt]))))
                }
                openName = nil
            } else if tag.hasPrefix("?") || tag.hasPrefix("!") || tag.hasSuffix("/") {
                openName = nil
            } else {
                openName = String(tag.prefix { $0 != " " })
                textStart = scalars.index(after: gt)
            }
            scalars = scalars[scalars.index(after: gt)...]
        }
    }

    /// The first leaf element called `name`.
    subscript(name: String) -> String? {
        values.first { $0.name == name }?.text
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
