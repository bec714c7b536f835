import Foundation
import Labs
@testable import SaaSLabCLI
import Testing

/// The course built into saaslab (`Sources/SaaSLabCLI/Generated/ShippedLabFiles.swift`) is
/// labs/ byte for byte, and loads as labs/ does.
@Suite struct ShippedLabFilesTests {
    static let root = CourseLabRuns.CourseLabsTests.root

    /// Every regular, non-hidden file under `folder` by relative path, as scripts/embed.swift walks it.
    static func files(under folder: String) throws -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        func walk(_ directory: String, _ prefix: String) throws {
            for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasPrefix(".") {
                let path = directory + "/" + name
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    try walk(path, prefix + name + "/")
                } else {
                    found[prefix + name] = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                }
            }
        }
        try walk(folder, "")
        return found
    }

    @Test func theBuiltInCopyIsLabsByteForByte() throws {
        let onDisk = try Self.files(under: Self.root + "/labs")
        var shipped: [String: [UInt8]] = [:]
        for file in ShippedLabFiles.files { shipped[file.path] = file.bytes }
        let differing = Set(onDisk.keys).union(shipped.keys).filter { onDisk[$0] != shipped[$0] }.sorted()
        #expect(differing.isEmpty, """
            labs/ and the copy built into saaslab differ in \(differing.joined(separator: ", ")): \
            run `swift scripts/embed.swift` and commit Sources/SaaSLabCLI/Generated/ShippedLabFiles.swift
            """)
        #expect(ShippedLabFiles.files.map(\.path) == ShippedLabFiles.files.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func theBuiltInLabsLoadAsLabsDoes() throws {
        for (subfolder, folder) in [("", "/labs"), ("instructor/", "/labs/instructor")] {
            let shipped = try ShippedWorkbook.load(subfolder: subfolder, variables: Workbook.builtinVariables)
            let disk = try Workbook.load(path: Self.root + folder)
            #expect(shipped.labs.map(\.id) == disk.labs.map(\.id))
            let shippedSteps: [[String]] = shipped.labs.map { lab in lab.steps.map(\.id) }
            let diskSteps: [[String]] = disk.labs.map { lab in lab.steps.map(\.id) }
            #expect(shippedSteps == diskSteps)
            let names: [String] = disk.labs.map { lab in "labs\(folder.dropFirst(5))/\((lab.sourcePath as NSString).lastPathComponent)" }
            #expect(shipped.labs.map(\.sourcePath) == names)
        }
    }

    private let health = "---\nid: health\n---\n```hurl {id=up}\nGET {{api}}/health\nHTTP 200\n```\n"

    @Test func builtInLabsAreSortedByOrderThenName() throws {
        let files = [
            ShippedLabFile(path: "b.md", text: "---\nid: b\norder: 1\n---\n"),
            ShippedLabFile(path: "a.md", text: "---\nid: a\n---\n"),
            ShippedLabFile(path: "c.md", text: "---\nid: c\norder: 2\n---\n"),
            ShippedLabFile(path: "notes.txt", text: "not a lab"),
            ShippedLabFile(path: "starter/lab1/x.md", text: "not a lab either: below the folder"),
        ]
        let workbook = try ShippedWorkbook.load(files, subfolder: "", variables: Workbook.builtinVariables)
        #expect(workbook.labs.map(\.id) == ["b", "c", "a"])
        #expect(workbook.labs.first?.sourcePath == "labs/b.md")
    }

    @Test func builtInLabErrorsAreGatheredAndNamed() {
        let files = [
            ShippedLabFile(path: "one.md", text: health),
            ShippedLabFile(path: "two.md", text: health),
            ShippedLabFile(path: "broken.md", text: "---\nid: broken\n---\n```hurl {id=x}\nGET {{api}}/health\nHTTP 200\n[Asserts]\nstatus equals 200\n```\n"),
            ShippedLabFile(path: "binary.md", base64: "AP8A/w=="),
        ]
        #expect {
            try ShippedWorkbook.load(files, subfolder: "", variables: Workbook.builtinVariables)
        } throws: { error in
            let text = "\(error)"
            return text.contains("labs/binary.md:1:1: cannot read this file as UTF-8 text")
                && text.contains("labs/broken.md:8:")
                && text.contains("lab id 'health' is already used by labs/one.md")
        }
    }

    @Test func aFileKeptAsBase64ComesBackExactly() {
        let file = ShippedLabFile(path: "x.bin", base64: "AP8NCg==")
        #expect(file.bytes == [0x00, 0xFF, 0x0D, 0x0A])
        #expect(file.text == nil)
        #expect(ShippedLabFile(path: "x.txt", text: "é\n").text == "é\n")
    }

    @Test func filesUnderAFolderKeepTheirPathsBelowIt() {
        let files = [ShippedLabFile(path: "starter/lab1/a.json", text: "{}"), ShippedLabFile(path: "solution/lab1/a.json", text: "{}")]
        #expect(files.under("starter/").map(\.relativePath) == ["lab1/a.json"])
        #expect(files.under("instructor/").isEmpty)
    }

    /// The generator's output, compiled, gives back every file exactly, whatever it holds:
    /// CR LF, no final newline, runs of # and triple quotes, backslashes, binary bytes.
    @Test(.enabled(if: Self.swift != nil, "swift is on the PATH"), .timeLimit(.minutes(5)))
    func theGeneratorKeepsEveryFileExactly() async throws {
        let swift = try #require(Self.swift)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-embed-\(UUID().uuidString)").path
        let labs = dir + "/labs"
        try FileManager.default.createDirectory(atPath: labs + "/starter/lab1", withIntermediateDirectories: true)
        let samples: [String: [UInt8]] = [
            "crlf.md": Array("line one\r\nline two\r\n".utf8),
            "no-final-newline.md": Array("no newline at the end".utf8),
            "quotes.md": Array("# A\n## B\n\"\"\"#\n\"\"\"##\n\\#(x) \\(y) \\ end\\\n  indented\t\ttabs  \n\n".utf8),
            "starter/lab1/binary.json": [0x00, 0xFF, 0x7F, 0x1B],
            "starter/lab1/empty.json": [],
            "starter/lab1/unicode.json": Array("{\"name\": \"Glass House — ✔\"}\n".utf8),
            ".hidden": Array("left out".utf8),
        ]
        for (path, bytes) in samples {
            try Data(bytes).write(to: URL(fileURLWithPath: labs + "/" + path))
        }
        let generated = dir + "/ShippedLabFiles.swift"
        let script = Self.root + "/scripts/embed.swift"
        #expect(try await Self.execute(swift, [script, labs, generated]) == 0)
        // The generated source with the file type and a main that prints every file back.
        let support = try String(contentsOfFile: Self.root + "/Sources/SaaSLabCLI/Course/ShippedLabFile.swift", encoding: .utf8)
        try Data(support.utf8).write(to: URL(fileURLWithPath: dir + "/ShippedLabFile.swift"))
        try Data("import Foundation\nfor file in ShippedLabFiles.files { print(file.path, Data(file.bytes).base64EncodedString()) }\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/main.swift"))
        let swiftc = (swift as NSString).deletingLastPathComponent + "/swiftc"
        #expect(try await Self.execute(swiftc, ["-o", dir + "/dump", dir + "/main.swift", dir + "/ShippedLabFile.swift", generated]) == 0)
        let output = Pipe()
        #expect(try await Self.execute(dir + "/dump", [], output: output) == 0)
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        var dumped: [String: [UInt8]] = [:]
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            dumped[String(parts[0])] = Array(Data(base64Encoded: String(parts.count > 1 ? parts[1] : "")) ?? Data())
        }
        var expected = samples
        expected[".hidden"] = nil
        #expect(dumped == expected)
        let source = try String(contentsOfFile: generated, encoding: .utf8)
        #expect(source.contains(#"ShippedLabFile(path: "quotes.md", text: ###"""#), "runs of # lengthen the delimiter")
        #expect(source.contains(#"ShippedLabFile(path: "crlf.md", base64: "#), "CR LF would read as LF in a literal")
    }

    /// `swift` on the PATH, if any.
    static var swift: String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return paths.map { "\($0)/swift" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` and returns its exit status; output goes to `output` or is dropped.
    static func execute(_ executable: String, _ arguments: [String], output: Pipe? = nil) async throws -> Int32 {
        return try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = output ?? FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }
}
