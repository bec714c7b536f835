import Foundation

/// A service folder's `Procfile` (the Heroku/foreman convention): `name: command` lines, of
/// which saaslab runs the `web` one with `/bin/sh -c` in that folder.
struct Procfile: Equatable {
    /// The `web:` line's command.
    let webCommand: String
    /// The line it was on, for messages.
    let webLine: Int

    /// The largest Procfile read: a few lines are expected, so anything bigger is a mistake.
    static let maxBytes = 64 * 1024

    /// Reads `<folder>/Procfile`.
    static func load(folder: String) throws(ServiceProcessError) -> Procfile {
        let path = (folder as NSString).appendingPathComponent("Procfile")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .procfile(path: path, line: nil, "the service folder \(folder) does not exist")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw .procfile(path: path, line: nil, "no Procfile: add one whose web: line starts the service, e.g. 'web: python3 app.py'")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .procfile(path: path, line: nil, "the Procfile cannot be read")
        }
        guard data.count <= maxBytes else {
            throw .procfile(path: path, line: nil, "the Procfile is \(data.count) bytes; a Procfile is a few lines (at most \(maxBytes))")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses Procfile text; `path` names the file in errors.
    static func parse(_ text: String, path: String) throws(ServiceProcessError) -> Procfile {
        var web: Procfile?
        // "\r\n" is one Character, and a newline: CRLF files split as LF ones do.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw .procfile(path: path, line: number, "expected 'name: command', such as 'web: python3 app.py', got '\(trimmed)'")
            }
            let name = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }) else {
                throw .procfile(path: path, line: number, "'\(name)' is not a process name: use letters, digits, '-' or '_' before the colon, as in 'web: python3 app.py'")
            }
            guard name == "web" else { continue }
            let command = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !command.isEmpty else {
                throw .procfile(path: path, line: number, "the web: line has no command; write the one that starts the service, e.g. 'web: python3 app.py'")
            }
            if let first = web {
                throw .procfile(path: path, line: number, "a second web: line (the first is line \(first.webLine)); keep one")
            }
            guard !command.unicodeScalars.contains(where: { $0.value == 0 }) else {
                throw .procfile(path: path, line: number, "the web: command contains a NUL byte")
            }
            web = Procfile(webCommand: command, webLine: number)
        }
        guard let web else {
            throw .procfile(path: path, line: nil, "no web: line; add one that starts the service, e.g. 'web: python3 app.py'")
        }
        return web
    }
}
