import Foundation
import Testing
@testable import WebClient

/// The web client built into saaslab (`Sources/WebClient/Generated/WebClientFiles.swift`) is
/// web/ byte for byte, small, and keeps the rules that make it safe with a tenant's data.
@Suite struct WebClientFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func files(under folder: String) throws -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        func walk(_ directory: String, _ prefix: String) throws {
            for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasPrefix(".") {
                let path = directory + "/" + name
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue { try walk(path, prefix + name + "/") } else { found[prefix + name] = Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
            }
        }
        try walk(folder, "")
        return found
    }

    static var texts: [(path: String, text: String)] {
        WebClientFiles.files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) }
    }

    @Test func theBuiltInCopyIsWebByteForByte() throws {
        let onDisk = try Self.files(under: Self.root + "/web")
        var shipped: [String: [UInt8]] = [:]
        for file in WebClientFiles.files { shipped[file.path] = file.bytes }
        let differing = Set(onDisk.keys).union(shipped.keys).filter { onDisk[$0] != shipped[$0] }.sorted()
        #expect(differing.isEmpty, """
            web/ and the copy built into saaslab differ in \(differing.joined(separator: ", ")): \
            run `swift scripts/embed.swift` and commit Sources/WebClient/Generated/WebClientFiles.swift
            """)
    }

    @Test func theWholeClientIsUnder150KB() {
        #expect(WebClient.size > 10_000, "the client is there")
        #expect(WebClient.size < 150 * 1024, "the web client is \(WebClient.size) bytes; its budget is 150 KB")
    }

    @Test func everyFileHasAType() {
        for file in WebClientFiles.files {
            #expect(file.contentType != nil, "web/\(file.path) has an extension the server does not serve")
        }
    }

    /// Every value from a tenant reaches the page as text: no API that parses HTML, runs
    /// strings as code, or keeps the token where other sites' requests or other tabs find it.
    @Test func noScriptParsesHTMLOrRunsStrings() {
        let forbidden = ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setTimeout('",
                         "localStorage", "document.cookie", "DOMParser", "createContextualFragment", "srcdoc"]
        for (path, text) in Self.texts where path.hasSuffix(".js") {
            // The code, without comment lines (dom.js's names what it never does).
            let code = text.split(separator: "\n").filter {
                let line = $0.drop { $0 == " " }
                return !line.hasPrefix("//") && !line.hasPrefix("*") && !line.hasPrefix("/**")
            }.joined(separator: "\n")
            for word in forbidden {
                #expect(!code.contains(word), "web/\(path) uses \(word)")
            }
        }
    }

    /// The Content-Security-Policy forbids inline script and style, so the page has none, and
    /// nothing comes from another origin: no URL in any file but this server's paths.
    @Test func thePageHasNoInlineScriptStyleOrHandlersAndFetchesNothingElsewhere() throws {
        let index = try #require(Self.texts.first { $0.path == "index.html" }?.text)
        #expect(index.components(separatedBy: "<script").count - 1 == 1)
        #expect(index.contains(#"<script type="module" src="/_saaslab/web/js/app.js"></script>"#))
        #expect(!index.contains("style="))
        #expect(!index.contains("<style"))
        #expect(index.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil)
        for (path, text) in Self.texts {
            // The only URL in the client is the example a form field shows for a local service.
            let urls = text.matches(of: #/https?://[^\s'"`)<]*/#).map { String($0.output) }
            #expect(urls.allSatisfy { $0.hasPrefix("http://127.0.0.1") }, "web/\(path) names \(urls)")
            #expect(!text.contains("@import"), "web/\(path)")
            #expect(!text.contains("url("), "web/\(path) loads a resource from CSS")
            #expect(!text.contains("setAttribute('style'"), "web/\(path)")
        }
    }

    /// `relative` (`./x.js`, `../y.js`) as a path under web/, from the file at `path`.
    static func resolve(_ relative: String, from path: String) -> String {
        var parts = path.split(separator: "/").dropLast().map(String.init)
        for part in relative.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// Every module the page imports is served: a renamed file shows here, not as a blank page.
    @Test func everyImportResolvesToAShippedFile() {
        let paths = Set(WebClientFiles.files.map(\.path))
        for (path, text) in Self.texts where path.hasSuffix(".js") {
            for match in text.matches(of: #/from '(\.[^']+)'/#) {
                let resolved = Self.resolve(String(match.output.1), from: path)
                #expect(paths.contains(resolved), "web/\(path) imports \(match.output.1), which is not web/\(resolved)")
            }
        }
        let index = Self.texts.first { $0.path == "index.html" }?.text ?? ""
        var named: Set<String> = []
        for match in index.matches(of: #/(?:src|href)="/_saaslab/web/([^"]+)"/#) {
            named.insert(String(match.output.1))
            #expect(paths.contains(String(match.output.1)), "index.html names \(match.output.1)")
        }
        // Each module is preloaded, so the browser fetches them together instead of one
        // import level after another.
        for path in paths where path.hasSuffix(".js") {
            #expect(named.contains(path), "index.html neither loads nor preloads \(path)")
        }
    }
}
