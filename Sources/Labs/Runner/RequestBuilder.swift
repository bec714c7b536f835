import Core
import Foundation
import HTTP
import SigV4

/// Turns an entry's `RequestSpec` into the `HTTPRequest` to send: templates rendered, URL
/// split into target and `Host`, parameters encoded, body read, and signed when asked.
struct RequestBuilder: Sendable {
    let variables: RunVariables
    let baseURL: String
    let workspace: WorkspaceFiles
    let clock: any WallClock
    let stepID: String

    func build(_ spec: RequestSpec) throws(StepInterruption) -> HTTPRequest {
        let url = try variables.render(spec.url)
        var (target, host) = split(url)
        if !spec.queryParameters.isEmpty {
            var pairs: [String] = []
            for parameter in spec.queryParameters {
                let value = try variables.render(parameter.value)
                pairs.append(URLEncoding.encode(parameter.name) + "=" + URLEncoding.encode(value))
            }
            target += (target.utf8.contains(UInt8(ascii: "?")) ? "&" : "?") + pairs.joined(separator: "&")
        }
        var request = HTTPRequest(method: spec.method, target: target)
        request.headers.add(name: "Host", value: host)
        for header in spec.headers {
            request.headers.replaceOrAdd(name: header.name, value: try variables.render(header.value))
        }
        try addBody(spec, to: &request)
        try authenticate(spec.options, &request)
        return request
    }

    /// `(target, host)` for an absolute URL; a bare path keeps the base URL's host.
    private func split(_ url: String) -> (String, String) {
        guard let authority = Self.afterScheme(url) else {
            return (url.hasPrefix("/") ? url : "/" + url, hostOf(baseURL))
        }
        let rest = url.utf8[authority...]
        let pathStart = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) ?? rest.endIndex
        var target = String(Substring(url.utf8[pathStart...]))
        if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
        return (target, String(Substring(url.utf8[authority..<pathStart])))
    }

    /// Where the authority begins, just past the first `://`; nil when there is none.
    /// Byte-level: every request of a run is split here.
    private static func afterScheme(_ url: String) -> String.Index? {
        let bytes = url.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: ":"), bytes[index...].starts(with: "://".utf8) {
                return bytes.index(index, offsetBy: 3)
            }
            index = bytes.index(after: index)
        }
        return nil
    }

    private func hostOf(_ url: String) -> String {
        split(Self.afterScheme(url) != nil ? url : "http://localhost").1
    }

    private func addBody(_ spec: RequestSpec, to request: inout HTTPRequest) throws(StepInterruption) {
        var contentType: String?
        if !spec.formParameters.isEmpty {
            var pairs: [(name: String, value: String)] = []
            for parameter in spec.formParameters {
                pairs.append((parameter.name, try variables.render(parameter.value)))
            }
            request.body = Array(URLEncoding.formEncode(pairs).utf8)
            contentType = "application/x-www-form-urlencoded"
        }
        switch spec.body?.kind {
        case .json(let template)?:
            request.body = Array(try variables.render(template).utf8)
            contentType = "application/json"
        case .multiline(let template, let language)?:
            request.body = Array(try variables.render(template).utf8)
            if language == "json" { contentType = "application/json" }
        case .oneline(let template)?:
            request.body = Array(try variables.render(template).utf8)
        case .file(let path)?:
            request.body = try workspace.read(path, stepID: stepID)
            try checkJSON(request.body, path: path, sentAs: request.headers["Content-Type"])
        case nil:
            break
        }
        // The lab's own Content-Type wins: AWS's JSON protocols need x-amz-json types.
        if let contentType, !request.headers.contains("Content-Type") {
            request.headers.add(name: "Content-Type", value: contentType)
        }
    }

    /// A workspace file sent as JSON must be JSON: a participant's typo is reported against
    /// their file as `path:line:column` (what editors and terminals jump to), not as whatever
    /// the server makes of it. It is this step's error (the run exits 1), not an unreadable
    /// workspace (exit 2): the participant's answer is wrong, like any other failing answer.
    private func checkJSON(_ body: [UInt8], path: String, sentAs contentType: String?) throws(StepInterruption) {
        guard let contentType, ASCII.lowercased(contentType).contains("json") else { return }
        do {
            _ = try JSON.parse(bytes: body)
        } catch {
            throw .error("workspace file \(path):\(error.line):\(error.column): not JSON: \(error.message); fix the file and run again")
        }
    }

    private func authenticate(_ options: Options, _ request: inout HTTPRequest) throws(StepInterruption) {
        guard let user = options.user else {
            if options.awsSigV4 != nil {
                throw .error("step '\(stepID)': aws-sigv4 needs credentials: add 'user: <key>:<secret>' to [Options]")
            }
            return
        }
        let key = try variables.render(user.accessKey)
        let secret = try variables.render(user.secret)
        guard let scope = options.awsSigV4 else {
            request.headers.replaceOrAdd(name: "Authorization", value: "Basic " + Base64.encode(Array("\(key):\(secret)".utf8)))
            return
        }
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyId: key, secretAccessKey: secret),
            region: try variables.render(scope.region), service: scope.service
        )
        do {
            try signer.sign(&request, at: clock.now())
        } catch {
            throw .error("step '\(stepID)': cannot sign the request: \(error)")
        }
    }
}
