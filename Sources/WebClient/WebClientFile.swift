import Core
import Foundation

/// One file of the web client, built into saaslab from web/ by scripts/embed.swift.
struct WebClientFile: Sendable {
    /// The file's path under web/, e.g. `index.html` or `js/api.js`.
    let path: String
    /// The file's bytes, exactly as in web/.
    let bytes: [UInt8]
    /// A strong validator of the bytes, so a reload revalidates with 304 instead of
    /// downloading the client again.
    var entityTag: String { "\"" + Hex.encode(Array(SHA256.hash(bytes).prefix(12))) + "\"" }

    /// A text file, written into the generated source as a literal.
    init(path: String, text: String) {
        self.path = path
        bytes = Array(text.utf8)
    }

    /// Any other file, as base64.
    init(path: String, base64: String) {
        self.path = path
        bytes = Data(base64Encoded: base64).map { Array($0) } ?? []
    }

    /// The `Content-Type` its extension calls for; nil for an extension the client does not use,
    /// so nothing is ever served with a type a browser would guess.
    var contentType: String? {
        switch path.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: nil
        }
    }
}
