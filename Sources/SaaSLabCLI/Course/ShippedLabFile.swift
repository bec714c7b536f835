import Foundation

/// One file of the course built into saaslab (the list is `ShippedLabFiles.files`, generated
/// from labs/ by scripts/embed.swift).
struct ShippedLabFile: Sendable {
    /// The file's path under labs/, e.g. `01-onboarding.md` or `starter/lab1/user-pool.json`.
    let path: String
    /// The file's bytes, exactly as in labs/.
    let bytes: [UInt8]

    /// A text file, written into the generated source as a literal.
    init(path: String, text: String) {
        self.path = path
        bytes = Array(text.utf8)
    }

    /// Any other file (not UTF-8, or with characters a literal would not keep), as base64.
    init(path: String, base64: String) {
        self.path = path
        bytes = Data(base64Encoded: base64).map { Array($0) } ?? []
    }

    /// The file as UTF-8 text; nil when it is not.
    var text: String? {
        String(validating: bytes, as: UTF8.self)
    }
}

extension [ShippedLabFile] {
    /// The files under `prefix` (`starter/`; empty for all), with their paths below it.
    func under(_ prefix: String) -> [(relativePath: String, file: ShippedLabFile)] {
        filter { $0.path.hasPrefix(prefix) }.map { (String($0.path.dropFirst(prefix.count)), $0) }
    }
}
