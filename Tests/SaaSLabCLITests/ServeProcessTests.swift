import Foundation
import HTTP
import Testing

/// Runs the real `saaslab` binary, as a participant would, and talks to it over the socket.
@Suite(.serialized) struct ServeProcessTests {
    /// The `saaslab` executable built beside the test bundle.
    static var binary: URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("saaslab")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    @Test(.enabled(if: binary != nil, "the saaslab executable is built beside the tests"))
    func servesHealthAndStopsCleanlyOnSIGINT() async throws {
        let binary = try #require(Self.binary)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let firstLine = try await Self.readLine(from: output.fileHandleForReading)
        let prefix = "listening on http://127.0.0.1:"
        #expect(firstLine.hasPrefix(prefix))
        let port = try #require(Int(firstLine.dropFirst(prefix.count)))

        let client = try NetworkClient(baseURL: "http://127.0.0.1:\(port)")
        let response = try await client.send(HTTPRequest(method: "GET", target: "/health"))
        #expect(response.status == 200)
        #expect(response.bodyText == #"{"status":"ok"}"#)

        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("stopped"))
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
