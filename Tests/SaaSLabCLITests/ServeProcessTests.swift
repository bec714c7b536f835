import Cognito
import Foundation
import HTTP
@testable import SaaSLabCLI
import Testing

/// Runs the real `saaslab` binary, as a participant would, and talks to it over the socket.
@Suite(.serialized) struct ServeProcessTests {
    /// The `saaslab` executable built beside the test bundle.
    static var binary: URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("saaslab")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// A running `saaslab serve --port 0` (plus `arguments`), its port read off its first line.
    struct Served {
        let process: Process
        let output: Pipe
        let port: Int

        var url: String { "http://127.0.0.1:\(port)" }

        /// Stops the server if a test left it running.
        func stop() {
            if process.isRunning { process.terminate() }
        }
    }

    /// Starts `saaslab serve --port 0` and waits until it listens.
    static func serve(_ arguments: [String] = []) async throws -> Served {
        let binary = try #require(Self.binary)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let firstLine = try await Self.readLine(from: output.fileHandleForReading)
        let prefix = "listening on http://127.0.0.1:"
        guard firstLine.hasPrefix(prefix), let port = Int(firstLine.dropFirst(prefix.count)) else {
            if process.isRunning { process.terminate() }
            Issue.record("saaslab serve did not say where it listens: '\(firstLine)'")
            throw CancellationError()
        }
        return Served(process: process, output: output, port: port)
    }

    @Test(.enabled(if: binary != nil, "the saaslab executable is built beside the tests"))
    func servesHealthAndStopsCleanlyOnSIGINT() async throws {
        let served = try await Self.serve()
        defer { served.stop() }
        let process = served.process

        let client = try NetworkClient(baseURL: served.url)
        let response = try await client.send(HTTPRequest(method: "GET", target: "/health"))
        #expect(response.status == 200)
        #expect(response.bodyText == #"{"status":"ok"}"#)

        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rest = String(decoding: served.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("stopped"))
        // The open-file limit as raised at start, e.g. "  open files  1024 -> 1048576   (at most 4096 connections)".
        #expect(rest.contains("\n  open files  ") && rest.contains("connections)\n"), "\(rest)")
    }

    /// Started with a soft open-file limit of 1,024 under a higher hard limit, serve raises the
    /// soft one and says so.
    @Test(.enabled(if: binary != nil, "the saaslab executable is built beside the tests"))
    func raisesALowOpenFileLimitAndSaysSo() async throws {
        let binary = try #require(Self.binary)
        var limit = rlimit()
        try #require(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0)
        guard limit.rlim_max > 1024, limit.rlim_max != rlim_t.max else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -S -n 1024 && exec \"$0\" serve --port 0", binary.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        #expect(try await Self.readLine(from: output.fileHandleForReading).hasPrefix("listening on http://127.0.0.1:"))
        process.interrupt()
        process.waitUntilExit()
        let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("\n  open files  1024 -> \(limit.rlim_max)   "), "\(rest)")
    }

    @Test(.enabled(if: binary != nil, "the saaslab executable is built beside the tests"))
    func stopsCleanlyOnSIGTERM() async throws {
        let served = try await Self.serve()
        defer { served.stop() }
        served.process.terminate()
        served.process.waitUntilExit()
        #expect(served.process.terminationStatus == 0)
        #expect(served.process.terminationReason == .exit)
        let rest = String(decoding: served.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("received SIGTERM; finishing in-flight requests\nstopped\n"), "\(rest)")
    }

    /// Runs the binary to its end with `arguments`: its exit status and standard error.
    static func finish(_ arguments: [String]) async throws -> (code: Int32, err: String) {
        let binary = try #require(Self.binary)
        return try await offPool {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            let error = Pipe()
            process.standardError = error
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
    }

    @Test(.enabled(if: binary != nil, "the saaslab executable is built beside the tests"))
    func aPortInUseExits70() async throws {
        let first = try await Self.serve()
        defer { first.stop() }
        let second = try await Self.finish(["serve", "--port", String(first.port)])
        #expect(second.code == 70)
        #expect(second.err.contains("error: the backend did not start: cannot bind 127.0.0.1:\(first.port): Address already in use; another server holds that port"), "\(second.err)")
        // The first server is unharmed.
        let response = try await NetworkClient(baseURL: first.url).send(HTTPRequest(method: "GET", target: "/health"))
        #expect(response.status == 200)
    }

    @Test(.enabled(if: binary != nil, "the saaslab executable is built beside the tests"))
    func aBadCommandLineExits64() async throws {
        let port = try await Self.finish(["serve", "--port", "nope"])
        #expect(port.code == 64)
        #expect(port.err.contains("--port expects a whole number from 0 to 65535, got 'nope'"))
        let option = try await Self.finish(["serve", "--prot", "0"])
        #expect(option.code == 64)
        #expect(option.err.contains("did you mean '--port'?"))
    }

    /// Reads one line off a pipe without blocking the cooperative pool.
    static func readLine(from handle: FileHandle) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                while true {
                    let chunk = handle.readData(ofLength: 1)
                    guard let byte = chunk.first else { break }
                    if byte == UInt8(ascii: "\n") { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}

/// `serve` prints the mail user pools send, so a participant in the browser has the
/// temporary password of the admin they just registered.
@Suite(.serialized) struct ServeMailTests {
    @Test(.enabled(if: ServeProcessTests.binary != nil, "the saaslab executable is built beside the tests"))
    func aRegisteredAdminsTemporaryPasswordIsPrintedAndSignsIn() async throws {
        let served = try await ServeProcessTests.serve()
        defer { served.stop() }
        let reader = served.output.fileHandleForReading
        var banner: [String] = []
        while banner.last?.hasPrefix("  web client") != true {
            banner.append(try await ServeProcessTests.readLine(from: reader))
        }
        #expect(banner.last == "  web client  \(served.url)/   (the SaaS app in a browser; the mail it sends is printed below)")
        #expect(!banner.contains { $0.contains("mail") && $0.contains("temporary password") }, "the app's own set-up printed mail: \(banner)")

        let client = try NetworkClient(baseURL: served.url)
        let registration = #"{"companyName": "Mail Co", "email": "ops@mail.example", "userName": "mailadmin", "firstName": "M", "lastName": "A"}"#
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        let registered = try await client.send(HTTPRequest(method: "POST", target: "/reg", headers: headers, text: registration))
        #expect(registered.status == 201)
        let line = try await ServeProcessTests.readLine(from: reader)
        let prefix = "  mail        to ops@mail.example (EMAIL) for mailadmin in us-east-1_"
        #expect(line.hasPrefix(prefix), "\(line)")
        let password = try #require(line.components(separatedBy: ": temporary password ").last)
        let signIn = try await client.send(HTTPRequest(
            method: "POST", target: "/auth", headers: headers, text: #"{"userName": "mailadmin", "password": "\#(password)"}"#
        ))
        #expect(signIn.bodyText == #"{"newPasswordRequired":true}"#)
    }

    @Test func eachKindOfMessageReadsAsOneLine() {
        let sent = Date(timeIntervalSince1970: 0)
        let invitation = OutboxMessage(purpose: .invitation, username: "ada", deliveryMedium: "EMAIL", destination: "ada@example.com", temporaryPassword: "Tmp-1", sentAt: sent)
        #expect(ServeMail.line(poolId: "us-east-1_X", message: invitation) == "  mail        to ada@example.com (EMAIL) for ada in us-east-1_X: temporary password Tmp-1")
        let sms = OutboxMessage(purpose: .invitation, username: "ada", deliveryMedium: "SMS", destination: nil, temporaryPassword: "Tmp-1", sentAt: sent)
        #expect(ServeMail.line(poolId: "p", message: sms) == "  mail        not sent (SMS: the user has no address for it) for ada in p: temporary password Tmp-1")
        let reset = OutboxMessage(purpose: .passwordReset, username: "ada", deliveryMedium: "EMAIL", destination: "a@b", code: "123456", sentAt: sent)
        #expect(ServeMail.line(poolId: "p", message: reset).hasSuffix(": password reset code 123456"))
        let confirm = OutboxMessage(purpose: .confirmationCode, username: "ada", deliveryMedium: "EMAIL", destination: "a@b", code: "1", sentAt: sent)
        #expect(ServeMail.line(poolId: "p", message: confirm).hasSuffix(": sign-up confirmation code 1"))
    }
}
