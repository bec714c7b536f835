import Core
import Foundation
import HTTP
import SigV4
import Synchronization
import Testing
@testable import Labs

/// The keys the signed test route accepts.
let testCredentials = (key: "AKIDRUNNERTEST0001", secret: "runner/secret/key")
/// The fixed time of every runner test: signatures and `newDate` stay the same run to run.
let testDate = Date(timeIntervalSince1970: 1_767_225_600)

/// Counts calls to the flaky route, so retry tests can fail it a set number of times.
final class CallCounter: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}

/// A small router covering what the runner tests need: JSON, headers, an echo, a slow
/// route, a flaky route and a SigV4-verified route.
func testRouter(flaky: CallCounter = CallCounter(), failFirst: Int = 2) -> Router {
    var router = Router()
    router.get("/items") { _, _ in
        var response = HTTPResponse.json(text: #"{"items":[{"id":"a","n":1},{"id":"b","n":2.5}],"ok":true,"name":"saas lab","none":null,"tags":[],"size":3}"#)
        response.headers.add(name: "X-Test", value: "yes")
        response.headers.add(name: "Set-Cookie", value: "a=1")
        response.headers.add(name: "Set-Cookie", value: "b=2")
        return response
    }
    router.on("POST", "/echo") { request, _ in
        let echo: JSON = .object([
            "target": .string(request.target), "contentType": .string(request.headers["Content-Type"] ?? ""),
            "host": .string(request.headers["Host"] ?? ""), "body": .string(request.bodyText),
            "auth": .string(request.headers["Authorization"] ?? ""),
        ])
        return HTTPResponse.json(text: echo.serialized(), status: 201)
    }
    router.get("/slow") { _, _ in
        // Far longer than any step timeout a test sets, so a run that ends well before it
        // can only have been cut short by the timeout, however loaded the machine.
        try await Task.sleep(for: .seconds(120))
        return .text("late")
    }
    router.get("/flaky") { _, _ in
        flaky.next() <= failFirst ? .text("not yet", status: 503) : .text("ready")
    }
    router.on("POST", "/signed") { request, _ in
        do {
            let verified = try SigV4Verifier().verify(request, now: testDate) { key in
                key == testCredentials.key ? SigV4Secret(secretAccessKey: testCredentials.secret) : nil
            }
            return .json(text: #"{"caller":"\#(verified.accessKeyId)","service":"\#(verified.service)"}"#)
        } catch {
            return .json(text: JSON.object(["error": .string("\(error)")]).serialized(), status: 403)
        }
    }
    return router
}

/// A lab made of `blocks` (Markdown with hurl blocks), parsed with the test credentials known.
func runnerLab(_ blocks: String, file: String = "lab.md") throws -> Lab {
    do {
        return try Workbook.parseLab("---\nid: t\ntitle: Test\n---\n" + blocks, file: file,
                                     variables: Workbook.builtinVariables.union(["key", "secret"]))
    } catch {
        Issue.record("lab does not parse:\n\(error)")
        throw error
    }
}

/// Runs `blocks` against the test router; deterministic randomness and clock.
func runLab(
    _ blocks: String, router: Router = testRouter(), workspace: String? = nil,
    timeout: Duration = .seconds(10), overrides: [String: String] = [:]
) async throws -> LabResult {
    let runner = LabRunner(client: InProcessClient(responder: router), configuration: .init(
        baseURL: "http://test.local", builtins: ["region": "us-east-1", "key": testCredentials.key, "secret": testCredentials.secret],
        overrides: overrides, workspace: workspace, random: SeededRandomSource(seed: 7),
        clock: ManualClock(start: testDate), defaultTimeout: timeout))
    return await runner.run(try runnerLab(blocks))
}

/// A hurl block with `attributes` around `body`.
func block(_ attributes: String, _ body: String) -> String {
    "```hurl {\(attributes)}\n\(body)\n```\n"
}
