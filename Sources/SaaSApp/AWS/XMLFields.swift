import Foundation

/// The text of named elements in one of AWS's Query-protocol XML answers.
///
/// IAM and STS answer small, flat documents (`<CreateRoleResult><Role><Arn>…`), and the app
/// needs a handful of leaf values from each, so this reads leaf elements in document order
/// rather than building a tree. Entities are decoded; elements that contain other elements
/// are not leaves and have no text here. It reads bytes, not Characters: `<`, `>` and `/`
/// are ASCII, and every IAM call the app makes is answered through here.
struct XMLFields: Sendable {
    private var values: [(name: String, text: String)] = []

    init(_ document: String) {
        let bytes = Array(document.utf8)
        var openName: ArraySlice<UInt8>?
        var textStart = 0
        var index = 0
        while let lt = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard let gt = bytes[lt...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = bytes[(lt + 1)..<gt]
            if tag.first == UInt8(ascii: "/") {
                if let name = openName, name.elementsEqual(tag.dropFirst()) {
                    values.append((String(decoding: name, as: UTF8.self), Self.decodeEntities(String(decoding: bytes[textStart..<lt], as: UTF8.self))))
                }
                openName = nil
            } else if tag.first == UInt8(ascii: "?") || tag.first == UInt8(ascii: "!") || tag.last == UInt8(ascii: "/") {
                openName = nil
            } else {
                openName = tag.prefix { $0 != UInt8(ascii: " ") }
                textStart = gt + 1
            }
            index = gt + 1
        }
    }

    /// The first leaf element called `name`.
    subscript(name: String) -> String? {
        values.first { $0.name == name }?.text
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        return text
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
