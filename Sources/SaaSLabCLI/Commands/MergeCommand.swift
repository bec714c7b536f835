import Foundation
import Labs

/// `saaslab merge DIR...`: combines the gradebooks that `grade --shard K/N` wrote into one.
struct MergeCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "merge",
        abstract: "Combine shards' gradebooks (grade --shard K/N) into one gradebook.",
        discussion: "Each DIR is a grade --out folder (or its gradebook.json). Refuses shards graded against different labs and participants that appear twice.",
        arguments: [.init("dir", help: "The shards' output folders.", repeating: true)],
        options: [GradebookFolder.out.describing("Where the merged gradebook goes (default gradebook/).")],
        exits: [
            .init(ExitCode.success, "merged"),
            .init(ExitCode.unreadableInput, "a gradebook could not be read, or the gradebooks could not be merged"),
            .usage(),
            .cannotWrite("the merged gradebook (--out)"),
        ]
    )

    let sources: [String]
    let out: String

    init(arguments: ParsedArguments) {
        sources = arguments.positionals
        out = arguments[GradebookFolder.out] ?? GradebookFolder.defaultFolder
    }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        var parts: [(source: String, gradebook: Gradebook)] = []
        var reports: [String: String] = [:]
        for source in sources {
            let file = source.hasSuffix(".json") ? source : (source as NSString).appendingPathComponent("gradebook.json")
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw .unreadable("cannot read \(file): is \(source) a 'saaslab grade --out' folder?")
            }
            do throws(GradebookMergeError) {
                let book = try GradebookJSON.parse(text)
                parts.append((source, book))
                reports.merge(participantReports(next: file, for: book), uniquingKeysWith: { first, _ in first })
            } catch {
                throw .unreadable("\(file): \(error.description)")
            }
        }
        let merged: Gradebook
        do throws(GradebookMergeError) {
            merged = try Gradebook.merging(parts)
        } catch {
            throw .unreadable("cannot merge: \(error.description)")
        }
        let missing = Gradebook.missingShards(parts.map(\.gradebook))
        if !missing.isEmpty {
            console.error("warning: shards \(missing.map(\.description).joined(separator: ", ")) are not among those merged; their participants are missing")
        }
        try GradebookFolder.write(merged, reports: reports, to: out)
        console.line("merged \(Gradebook.Summary.count(parts.count, "gradebook")): \(merged.summary); gradebook in \(out)/")
        return ExitCode.success
    }

    /// The participants' own reports kept beside a shard's gradebook, carried into the merge
    /// so the merged folder is complete; a shard without them just contributes none.
    private func participantReports(next file: String, for book: Gradebook) -> [String: String] {
        let folder = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("participants")
        var reports: [String: String] = [:]
        for row in book.rows {
            let path = (folder as NSString).appendingPathComponent(row.participant + ".json")
            if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
                reports[row.participant] = text
            }
        }
        return reports
    }
}

/// `--out DIR` of `grade` and `merge`: a folder, default `gradebook/`. The gradebook is several
/// files, so `-` (standard output elsewhere) is refused rather than taken as a folder's name.
enum GradebookFolder {
    static let defaultFolder = "gradebook"

    static let out = Option<String>("out", placeholder: "dir", help: "Where the gradebook goes (default gradebook/).") {
        (text: String) throws(InvalidValue) in
        guard text != "-" else {
            throw InvalidValue(expected: "a folder: the gradebook is several files, so it cannot go to standard output ('-')", showsValue: false)
        }
        return text
    }

    /// Writes the gradebook's files into `folder`, or fails with exit code 73.
    static func write(_ book: Gradebook, reports: [String: String], to folder: String) throws(CommandFailure) {
        do {
            try GradebookFiles.write(book, reports: reports, to: folder)
        } catch {
            throw .cannotWrite("cannot write the gradebook to \(folder): \(SystemReason.of(error))")
        }
    }
}
