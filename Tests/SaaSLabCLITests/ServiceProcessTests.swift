import Foundation
import Glibc
import HTTP
import SigV4
import Testing
@testable import SaaSLabCLI

/// A folder with a Procfile (and files) written by a test, removed afterwards.
struct ServiceFolder {
    let path: String

    init(procfile: String?, files: [String: String] = [:]) throws {
        path = NSTemporaryDirectory() + "saaslab-service-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if let procfile { try procfile.write(toFile: path + "/Procfile", atomically: true, encoding: .utf8) }
        for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// A Python 3 HTTP service on $PORT answering /product/health with 200 and other paths
    /// per `mode`: `ok` (echoes the request as JSON), `hang` (never answers), `garbage` (bytes
    /// that are not HTTP), `crash` (exits without answering).
    static let fakeService = #"""
    import json, os, sys, time, socketserver
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    MODE = os.environ.get("FAKE_MODE", "ok")
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args): pass
        def do_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            if self.path == "/product/health":
                return self.answer(200, {"service": "fake", "isAlive": True})
            if MODE == "hang":
                time.sleep(3600)
            if MODE == "garbage":
                self.wfile.write(b"\x00\x01 this is not HTTP at all\r\n\r\n"); self.wfile.flush(); return
            if MODE == "crash":
                print("crashing on " + self.path, file=sys.stderr, flush=True); os._exit(7)
            headers = {k: v for k, v in self.headers.items()}
            self.answer(201 if self.command == "POST" else 200,
                        {"method": self.command, "path": self.path, "headers": headers, "body": body}, teapot=True)
        def answer(self, status, document, teapot=False):
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/vnd.fake+json" if teapot else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        do_GET = do_POST = do_PUT = do_DELETE = do_any
    print("fake service starting", flush=True)
    server = ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler)
    print("listening", flush=True)
    server.serve_forever()
    """#
}

@Suite struct ProcfileTests {
    @Test func readsTheWebLineAmongOthers() throws {
        let text = "# the service\r\nworker: python3 worker.py\r\n\r\nweb:   python3 app.py --port $PORT  \r\n"
        #expect(try Procfile.parse(text, path: "p/Procfile") == Procfile(webCommand: "python3 app.py --port $PORT", webLine: 4))
    }

    @Test(arguments: [
        ("worker: x\n", "p/Procfile: no web: line; add one"),
        ("web python3 app.py\n", "p/Procfile:1: expected 'name: command'"),
        ("\n\nweb:   \n", "p/Procfile:3: the web: line has no command"),
        ("web: a\nweb: b\n", "p/Procfile:2: a second web: line (the first is line 1)"),
        ("we b: a\n", "p/Procfile:1: 'we b' is not a process name"),
        ("", "p/Procfile: no web: line"),
    ])
    func namesTheFileAndLineOfAMistake(text: String, message: String) {
        #expect(throws: ServiceProcessError.self) { try Procfile.parse(text, path: "p/Procfile") }
        do {
            _ = try Procfile.parse(text, path: "p/Procfile")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error)")
        }
    }

    @Test func aMissingProcfileOrFolderIsNamed() throws {
        let folder = try ServiceFolder(procfile: nil)
        defer { folder.remove() }
        do {
            _ = try Procfile.load(folder: folder.path)
            Issue.record("loaded a missing Procfile")
        } catch {
            #expect(error.description == "\(folder.path)/Procfile: no Procfile: add one whose web: line starts the service, e.g. 'web: python3 app.py'")
        }
        do {
            _ = try Procfile.load(folder: folder.path + "/nope")
            Issue.record("loaded from a missing folder")
        } catch {
            #expect(error.description.contains("the service folder \(folder.path)/nope does not exist"))
        }
    }
}

@Suite struct OutputRingTests {
    @Test func keepsTheNewestBytes() {
        let ring = OutputRing(capacity: 8)
        for chunk in ["abc", "defgh", "ij", "0123456789AB"] {
            chunk.utf8CString.dropLast().withUnsafeBytes { ring.append($0) }
            #expect(ring.bytes.count <= 8)
        }
        #expect(String(decoding: ring.bytes, as: UTF8.self) == "456789AB")
        let small = OutputRing(capacity: 16)
        "one\ntwo\nthree\n".utf8CString.dropLast().withUnsafeBytes { small.append($0) }
        #expect(small.lastLines(2) == "two\nthree")
        "four".utf8CString.dropLast().withUnsafeBytes { small.append($0) }
        #expect(small.lastLines(2) == "three\nfour")
    }
}

@Suite struct ServiceProcessTests {
    static let credentials = AWSCredentials(accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token")

    static func environment(port: Int, extra: [String: String] = [:]) -> [String: String] {
        ServiceEnvironment(
            port: port, endpointURL: "http://127.0.0.1:1", region: "us-east-1", credentials: credentials,
            productTable: "ProductBootcamp", lab: "lab2"
        ).variables().merging(extra) { $1 }
    }

    /// Whether any process of `pids` is alive (zombies count as gone).
    static func alive(_ pids: [Int32]) -> [Int32] {
        pids.filter { pid in
            guard let fields = ProcessTable.statFields(pid: String(pid)) else { return false }
            return fields.first != "Z"
        }
    }

    @Test func aHealthyServiceComesUpAndItsGroupIsGoneAfterStop() async throws {
        let folder = try ServiceFolder(procfile: "web: sleep 300 & sleep 300 & exec python3 app.py\n", files: ["app.py": ServiceFolder.fakeService])
        defer { folder.remove() }
        let port = try #require(ServiceEnvironment.freePort())
        let service = try ServiceProcess.start(folder: folder.path, environment: Self.environment(port: port))
        try await service.waitUntilHealthy(port: port, timeout: 40)
        let members = ProcessTable.livingMembers(ofGroup: service.pid)
        #expect(members.count >= 3, "the shell's python and two sleeps: \(members)")
        #expect(members.contains(service.pid))
        await service.stop()
        #expect(ProcessTable.livingMembers(ofGroup: service.pid).isEmpty)
        #expect(Self.alive(members).isEmpty)
        #expect(service.output.lastLines(5).contains("fake service starting"))
    }

    @Test func aServiceThatIgnoresSIGTERMIsKilled() async throws {
        let folder = try ServiceFolder(procfile: "web: trap '' TERM; echo started; while true; do sleep 1; done\n")
        defer { folder.remove() }
        let service = try ServiceProcess.start(folder: folder.path, environment: Self.environment(port: 1))
        try await Task.sleep(for: .milliseconds(300))
        let members = ProcessTable.livingMembers(ofGroup: service.pid)
        let started = ContinuousClock.now
        await service.stop(grace: .milliseconds(300))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(Self.alive(members).isEmpty)
        #expect(service.exitStatus == .signalled(SIGKILL))
    }

    @Test func aServiceThatExitsAtOnceReportsItsStatusAndOutput() async throws {
        let folder = try ServiceFolder(procfile: "web: echo 'Traceback: no module named flask' >&2; exit 3\n")
        defer { folder.remove() }
        let port = try #require(ServiceEnvironment.freePort())
        let service = try ServiceProcess.start(folder: folder.path, environment: Self.environment(port: port))
        defer { Task { await service.stop() } }
        let started = ContinuousClock.now
        do {
            try await service.waitUntilHealthy(port: port, timeout: 60)
            Issue.record("a service that exited was called healthy")
        } catch {
            #expect(error == .exited(command: "echo 'Traceback: no module named flask' >&2; exit 3", status: .exited(3), output: "Traceback: no module named flask"))
            #expect(error.description.contains("exited with status 3 before answering GET /product/health; the last lines it printed:\nTraceback"))
        }
        // Well before the 60 s timeout, even on a machine whose cores the rest of the suite keeps busy.
        #expect(ContinuousClock.now - started < .seconds(30), "noticed the exit, not the timeout")
    }

    @Test func aServiceThatNeverAnswersTimesOutWithItsOutput() async throws {
        let folder = try ServiceFolder(procfile: "web: echo still loading; sleep 300\n")
        defer { folder.remove() }
        let port = try #require(ServiceEnvironment.freePort())
        let service = try ServiceProcess.start(folder: folder.path, environment: Self.environment(port: port))
        let started = ContinuousClock.now
        do {
            try await service.waitUntilHealthy(port: port, timeout: 1)
            Issue.record("a silent service was called healthy")
        } catch {
            guard case .notReady(_, let seconds, let lastAttempt, let output) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(seconds == 1)
            #expect(lastAttempt.contains("connection refused"), "\(lastAttempt)")
            #expect(output == "still loading")
        }
        #expect(ContinuousClock.now - started < .seconds(30))
        await service.stop()
        #expect(ProcessTable.livingMembers(ofGroup: service.pid).isEmpty)
    }

    @Test func aHealthCheckOtherThan200IsNotReady() async throws {
        let script = ServiceFolder.fakeService.replacingOccurrences(of: "return self.answer(200, {\"service\"", with: "return self.answer(503, {\"service\"")
        let folder = try ServiceFolder(procfile: "web: python3 app.py\n", files: ["app.py": script])
        defer { folder.remove() }
        let port = try #require(ServiceEnvironment.freePort())
        let service = try ServiceProcess.start(folder: folder.path, environment: Self.environment(port: port))
        // Python may take seconds to start on a loaded machine: wait until it listens.
        for _ in 0..<1000 where !service.output.lastLines(5).contains("listening") { try await Task.sleep(for: .milliseconds(20)) }
        do {
            try await service.waitUntilHealthy(port: port, timeout: 1)
            Issue.record("503 was called healthy")
        } catch {
            guard case .notReady(_, _, let lastAttempt, _) = error else { Issue.record("\(error)"); return }
            #expect(lastAttempt == "status 503")
        }
        await service.stop()
    }

    @Test func limitsAreSetBeforeTheCommandRuns() async throws {
        let folder = try ServiceFolder(procfile: "web: cat /proc/self/limits; sleep 300\n")
        defer { folder.remove() }
        let limits = ServiceLimits(cpuSeconds: 7, memoryBytes: 300 << 20, openFiles: 99, extraProcesses: 5)
        let service = try ServiceProcess.start(folder: folder.path, environment: Self.environment(port: 1), limits: limits)
        var text = ""
        for _ in 0..<100 where !text.contains("Max msgqueue") {
            try await Task.sleep(for: .milliseconds(20))
            text = String(decoding: service.output.bytes, as: UTF8.self)
        }
        await service.stop()
        func line(_ name: String) -> [Substring] {
            (text.split(separator: "\n").first { $0.hasPrefix(name) } ?? "").dropFirst(name.count).split(separator: " ")
        }
        #expect(line("Max cpu time").prefix(2) == ["7", "7"], "\(text)")
        #expect(line("Max data size").prefix(2) == ["314572800", "314572800"])
        #expect(line("Max open files").prefix(2) == ["99", "99"])
        let processes = try #require(Int(line("Max processes").first ?? ""))
        #expect(processes >= 5 && processes < 100_000)
    }

    @Test func aRunawayLoopStopsAtItsCPULimit() async throws {
        let folder = try ServiceFolder(procfile: "web: while :; do :; done\n")
        defer { folder.remove() }
        var limits = ServiceLimits.default
        limits.cpuSeconds = 1
        let service = try ServiceProcess.start(folder: folder.path, environment: Self.environment(port: 1), limits: limits)
        do {
            try await service.waitUntilHealthy(port: 1, timeout: 10)
        } catch {
            #expect(error.description.contains("SIGXCPU") || error.description.contains("SIGKILL"), "\(error)")
        }
        await service.stop()
    }

    @Test func theServiceGetsOnlyTheContractsEnvironment() async throws {
        let folder = try ServiceFolder(procfile: "web: env; sleep 300\n")
        defer { folder.remove() }
        let environment = ServiceEnvironment(
            port: 4321, endpointURL: "http://127.0.0.1:9", region: "eu-west-1", credentials: Self.credentials,
            productTable: "ProductBootcamp", lab: "lab3", injectTenantId: "TENANTother"
        ).variables(inheriting: ["PATH": "/usr/bin:/bin", "HOME": "/home/x", "SECRET": "no", "AWS_PROFILE": "no"])
        let service = try ServiceProcess.start(folder: folder.path, environment: environment)
        var names: Set<String> = []
        for _ in 0..<100 where !names.contains("PORT") || !names.contains("PYTHONUNBUFFERED") {
            try await Task.sleep(for: .milliseconds(20))
            names = Set(String(decoding: service.output.bytes, as: UTF8.self).split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) })
        }
        await service.stop()
        let text = String(decoding: service.output.bytes, as: UTF8.self)
        // dash adds PWD itself.
        #expect(names.subtracting(["PWD"]) == [
            "PORT", "HOST", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "PRODUCT_TABLE", "SAASLAB_LAB", "SAASLAB_INJECT_TENANT_ID", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PATH", "HOME",
        ])
        for expected in ["PORT=4321", "HOST=127.0.0.1", "AWS_ENDPOINT_URL=http://127.0.0.1:9", "AWS_DEFAULT_REGION=eu-west-1",
                         "AWS_SESSION_TOKEN=token", "SAASLAB_LAB=lab3", "SAASLAB_INJECT_TENANT_ID=TENANTother", "PWD=\(folder.path)"] {
            #expect(text.contains(expected + "\n"), "\(expected) in \(text)")
        }
    }

    @Test func aDroppedServiceHasItsGroupKilled() async throws {
        let folder = try ServiceFolder(procfile: "web: sleep 300 & sleep 300\n")
        defer { folder.remove() }
        var service: ServiceProcess? = try ServiceProcess.start(folder: folder.path, environment: Self.environment(port: 1))
        try await Task.sleep(for: .milliseconds(200))
        let pid = try #require(service?.pid)
        let members = ProcessTable.livingMembers(ofGroup: pid)
        #expect(members.count >= 2)
        service = nil
        for _ in 0..<200 where !Self.alive(members).isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(Self.alive(members).isEmpty)
    }
}
