import Foundation
import Labs

/// `saaslab merge DIR...`: combines the gradebooks that `grade --shard K/N` wrote into one.
struct MergeCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "merge",
        abstract: "Combine shards' gradebooks (grade --shard K/N) into one gradebook.",
        discussion: "Each DIR is a grade --out folder (or its gradebook.json). Refuses shards graded against different labs and participants that appear twice. Exit 0: merged; 2: a gradebook could not be read or merged.",
        arguments: [.init("dir", help: "The shards' output folders.", repeating: true)],
        options: [.init("out", .value(placeholder: "dir"), help: "Where the merged gradebook goes (default gradebook/).")]
    )

    let sources: [String]
    let out: String

    init(arguments: ParsedArguments) throws {
        guard !arguments.positionals.isEmpty else { throw UsageError("merge needs at least one gradebook folder") }
        sources = arguments.positionals
        out = try GradebookFolder.option(arguments)
    }

    func run(console: Console) async -> Int32 {
        var parts: [(source: String, gradebook: Gradebook)] = []
        var reports: [String: String] = [:]
        for source in sources {
            let file = source.hasSuffix(".json") ? source : (source as NSString).appendingPathComponent("gradebook.json")
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                console.error("error: cannot read \(file): is \(source) a 'saaslab grade --out' folder?")
                return ExitCode.unreadableInput
            }
            do throws(GradebookMergeError) {
                let book = try GradebookJSON.parse(text)
                parts.append((source, book))
                reports.merge(participantReports(next: file, for: book), uniquingKeysWith: { first, _ in first })
            } catch {
                console.error("error: \(file): \(error.description)")
                return ExitCode.unreadableInput
            }
        }
        let merged: Gradebook
        do throws(GradebookMergeError) {
            merged = try Gradebook.merging(parts)
        } catch {
            console.error("error: cannot merge: \(error.description)")
            return ExitCode.unreadableInput
        }
        let missing = Gradebook.missingShards(parts.map(\.gradebook))
        if !missing.isEmpty {
            console.error("warning: shards \(missing.map(\.description).joined(separator: ", ")) are not among those merged; their participants are missing")
        }
        do {
            try GradebookFiles.write(merged, reports: reports, to: out)
        } catch {
            console.error("error: cannot write the gradebook to \(out): \(error.localizedDescription)")
            return ExitCode.unreadableInput
        }
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
    static func option(_ arguments: ParsedArguments) throws(UsageError) -> String {
        let out = arguments.value("out") ?? "gradebook"
        guard out != "-" else {
            throw UsageError("--out expects a folder: the gradebook is several files, so it cannot go to standard output ('-')")
        }
        return out
    }
}
