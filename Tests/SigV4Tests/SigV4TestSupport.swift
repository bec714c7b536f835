import Foundation
import HTTP
import SigV4

/// The fixed inputs of the AWS SigV4 test suite.
enum Suite {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let region = "us-east-1"
    static let service = "service"
    /// 20150830T123600Z.
    static let date = Date(timeIntervalSince1970: 1_440_938_160)
    /// The example session token of the suite's `post-sts-token` cases.
    static let sessionToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    static func signer(sessionToken: String? = nil) -> SigV4Signer {
        var credentials = credentials
        credentials.sessionToken = sessionToken
        return SigV4Signer(credentials: credentials, region: region, service: service)
    }

    /// A lookup that knows only the suite's key (optionally as a temporary key).
    static func lookup(sessionToken: String? = nil) -> (String) -> SigV4Secret? {
        { id in
            id == credentials.accessKeyId
                ? SigV4Secret(secretAccessKey: credentials.secretAccessKey, sessionToken: sessionToken) : nil
        }
    }
}

/// The official test-suite files, read from `../shared/vectors/sigv4` beside the package
/// (or `$SAASLAB_SIGV4_VECTORS`). They are not copied into the project.
enum SuiteFiles {
    static let environmentOverride = ProcessInfo.processInfo.environment["SAASLAB_SIGV4_VECTORS"].flatMap { $0.isEmpty ? nil : $0 }

    static let directory: URL = {
        if let override = environmentOverride { return URL(fileURLWithPath: override, isDirectory: true) }
        // Tests/SigV4Tests/ThisFile.swift -> package root -> ../shared/vectors/sigv4
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/vectors/sigv4", isDirectory: true)
    }()

    /// Run when the folder exists, or when the environment names it (then its absence fails).
    static let enabled = environmentOverride != nil || FileManager.default.fileExists(atPath: directory.path)

    /// Every case folder, as a path relative to the suite root (`normalize-path/get-slash`):
    /// any folder that holds `<folder name>.req`.
    static let caseNames: [String] = {
        guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        var names: [String] = []
        for case let relative as String in walker where relative.hasSuffix(".req") {
            let folder = (relative as NSString).deletingLastPathComponent
            if (folder as NSString).lastPathComponent + ".req" == (relative as NSString).lastPathComponent {
                names.append(folder)
            }
        }
        return names.sorted()
    }()

    struct Case {
        var name: String
        var request: HTTPRequest
        var canonicalRequest: String
        var stringToSign: String
        var authorization: String
        var signedRequest: HTTPRequest
    }

    static func load(_ name: String) throws -> Case {
        let base = (name as NSString).lastPathComponent
        func read(_ suffix: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name).appendingPathComponent(base + suffix), encoding: .utf8)
        }
        return Case(
            name: name, request: parseRequest(try read(".req")), canonicalRequest: try read(".creq"),
            stringToSign: try read(".sts"), authorization: try read(".authz"), signedRequest: parseRequest(try read(".sreq"))
        )
    }

    /// Parses a `.req`/`.sreq` file. The request line may hold raw spaces and UTF-8, so the
    /// method is the first word and the target everything up to the last ` HTTP/1.1`. A line
    /// starting with whitespace continues the previous header; it becomes another value of
    /// that header, because `get-header-value-multiline.creq` expects `value1,value2,value3`.
    static func parseRequest(_ text: String) -> HTTPRequest {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        let requestLine = lines.removeFirst()
        let firstSpace = requestLine.firstIndex(of: " ")!
        let method = String(requestLine[..<firstSpace])
        let afterMethod = requestLine[requestLine.index(after: firstSpace)...]
        let target = afterMethod.range(of: " HTTP/1.1", options: .backwards).map { String(afterMethod[..<$0.lowerBound]) }
            ?? String(afterMethod)

        var headers = HTTPHeaders()
        var lastName: String?
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            if line.first == " " || line.first == "\t", let name = lastName {
                headers.add(name: name, value: String(line))
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                headers.add(name: name, value: String(line[line.index(after: colon)...]))
                lastName = name
            }
        }
        let body = lines.isEmpty ? "" : lines.dropFirst().joined(separator: "\n")
        return HTTPRequest(method: method, target: target, headers: headers, text: body)
    }

    /// Header fields as (lower-case name, canonical value), sorted: for comparing requests.
    static func normalizedFields(_ headers: HTTPHeaders) -> [String] {
        headers.map { "\($0.name.lowercased()):\(SigV4.canonicalHeaderValue($0.value))" }.sorted()
    }
}
