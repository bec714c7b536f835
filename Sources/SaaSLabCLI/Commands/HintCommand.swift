import Core
import Foundation
import Labs

/// `saaslab hint LAB STEP [--level N]`: a step's hint levels revealed so far and the next one,
/// recorded in the workspace (``HintRecord``) so that `run` shows them and `grade` counts them.
///
/// A hidden step is answered exactly as a step that does not exist: its id, and that it
/// exists, are the instructor's.
struct HintCommand: SaaSLabCommand {
    static let level = Option<Int>("level", placeholder: "n", in: HintLevels.range, help: "Reveal every level up to N at once (1 to \(HintLevels.maximum)).")

    static let spec = CommandSpec(
        name: "hint",
        abstract: "Reveal a step's next hint level, and record it in your workspace.",
        discussion: "Level 1, the concept and why it matters, is the hint a failed step's report shows; each time you ask, "
            + "you see the levels revealed so far and the next: 2 where to look, 3 which field to change (never its value). "
            + "With --workspace, what you revealed is recorded in <workspace>/\(HintRecord.path): 'run' then shows those levels "
            + "under the step when it fails, and 'grade' counts them.",
        arguments: [
            .init("lab", help: "A lab id of the course (as run and show take) or the path of a lab file."),
            .init("step", help: "A step id of that lab ('saaslab list' shows them)."),
        ],
        options: [
            level,
            LabOptions.workspace.describing("Your workspace (as for run), where the levels you reveal are recorded."),
            LabOptions.labs,
        ],
        exits: [
            .init(ExitCode.success, "shown"),
            .init(ExitCode.unreadableInput, "the labs, or the workspace or its record, could not be read"),
            .usage("an unknown lab or step, a step without hints, a level out of range"),
            .cannotWrite("the record in the workspace"),
        ]
    )

    let labName: String
    let stepID: String
    let level: Int?
    let workspace: String?
    let labsFolder: String?

    init(arguments: ParsedArguments) {
        labName = arguments.positionals[0]
        stepID = arguments.positionals[1]
        level = arguments[Self.level]
        workspace = arguments[LabOptions.workspace]
        labsFolder = arguments[LabOptions.labs]
    }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        let (lab, step) = try find()
        let levels = HintLevels.of(step)
        guard !levels.isEmpty else {
            throw .usage("step '\(step.id)' of lab '\(lab.id)' has no hints; 'saaslab show \(lab.id)' says what it checks")
        }
        if let level, level > levels.count {
            throw .usage("step '\(step.id)' of lab '\(lab.id)' has \(Self.count(levels.count)); --level expects 1"
                + (levels.count == 1 ? "" : " to \(levels.count)") + ", got \(level)")
        }
        var record = HintRecord()
        if let workspace { record = try readRecord(workspace) }
        let before = max(1, min(record.level(lab: lab.id, step: step.id), levels.count))
        let shown = level ?? min(before + 1, levels.count)
        // Recorded before it is shown, so a level is never seen without being recorded.
        if let workspace, shown > record.level(lab: lab.id, step: step.id), shown > 1 {
            record.reveal(lab: lab.id, step: step.id, upTo: shown)
            try write(record, to: workspace)
        }
        console.line("\(lab.title) / \(step.title ?? step.id)")
        for (index, text) in levels.prefix(shown).enumerated() {
            console.line("Hint \(index + 1) of \(levels.count) (\(HintLevels.purpose(of: index + 1))): \(text)")
        }
        console.line(closing(shown: shown, before: before, of: levels.count, lab: lab.id, step: step.id))
        return ExitCode.success
    }

    /// `path` as a shell word: bare when it needs no quoting, else in single quotes.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+:@%".contains($0)) }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The line under the hints: what is left, and where the record is.
    private func closing(shown: Int, before: Int, of total: Int, lab: String, step: String) -> String {
        // Level 1 is free, and never recorded.
        let recorded = shown < 2 ? "" : workspace.map { " (recorded in \(HintRecord.display($0)))" }
            ?? " (not recorded: name your workspace with --workspace DIR to keep them with your work)"
        if shown < total {
            // The same command again shows the next level: with the same workspace, so it is kept.
            let again = workspace.map { " --workspace \(Self.shellQuoted($0))" } ?? ""
            return "Revealed \(shown) of \(total) levels\(recorded). The next: saaslab hint \(lab) \(step)\(again)"
        }
        if level == nil, before >= total {
            return "No more hints: \(total == 1 ? "this step's only level is" : "all \(total) levels of this step are") shown above."
        }
        return "That was the last level: this step has no more hints\(total == 1 ? "" : recorded)."
    }

    /// The lab and its visible step named on the command line.
    private func find() throws(CommandFailure) -> (Lab, Step) {
        let course = Course.resolve(labsFolder)
        let workbook: Workbook
        do throws(LabFileErrors) {
            workbook = labName.hasSuffix(".md") || labName.contains("/")
                ? try Workbook.load(path: labName) : try course.workbook(variables: Workbook.builtinVariables)
        } catch {
            throw .unreadable(diagnostics: error.description, message: "the labs could not be read (see above)")
        }
        let lab: Lab
        if labName.hasSuffix(".md") || labName.contains("/") {
            guard let only = workbook.labs.first else { throw .unreadable("\(labName) holds no lab") }
            lab = only
        } else {
            guard let found = workbook.lab(id: labName) else {
                let ids = workbook.labs.map(\.id)
                let suggestion = Suggestion.closest(to: labName, among: ids).map { "; did you mean '\($0)'?" } ?? ""
                let place = course == .shipped ? "the labs built into saaslab" : "labs in \(course.name())"
                throw .usage("no lab with id '\(labName)'\(suggestion) (\(place): \(ids.isEmpty ? "none" : ids.joined(separator: ", ")))")
            }
            lab = found
        }
        // Hidden steps are left out of every lookup, suggestion and list: asking for one must
        // read exactly as asking for a step that does not exist.
        let visible = lab.steps.filter { !$0.isHidden }
        guard let step = visible.first(where: { $0.id == stepID }) else {
            let ids = visible.map(\.id)
            let suggestion = Suggestion.closest(to: stepID, among: ids).map { "; did you mean '\($0)'?" } ?? ""
            throw .usage("lab '\(lab.id)' has no step '\(stepID)'\(suggestion) (its steps: \(ids.isEmpty ? "none" : ids.joined(separator: ", ")))")
        }
        return (lab, step)
    }

    /// The workspace's record, after checking the workspace is a folder.
    private func readRecord(_ workspace: String) throws(CommandFailure) -> HintRecord {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workspace, isDirectory: &isFolder) else {
            throw .unreadable("workspace \(workspace) does not exist; create one with 'saaslab init \(workspace)'")
        }
        guard isFolder.boolValue else {
            throw .unreadable("workspace \(workspace) is a file; --workspace expects a folder (create one with 'saaslab init DIR')")
        }
        switch HintRecord.read(workspace: workspace) {
        case .success(let record): return record
        case .failure(let problem): throw .unreadable(problem.description)
        }
    }

    /// Writes the record, after checking the workspace may be written.
    private func write(_ record: HintRecord, to workspace: String) throws(CommandFailure) {
        guard access(workspace, W_OK | X_OK) == 0 else {
            throw .cannotWrite("workspace \(workspace) cannot be written (\(String(cString: strerror(errno)))): "
                + "saaslab records the hints you reveal there; make it writable, or ask without --workspace to see them unrecorded")
        }
        do throws(HintRecord.Problem) {
            try record.write(workspace: workspace)
        } catch {
            throw .cannotWrite(error.description)
        }
    }

    /// `1 hint level`, `3 hint levels`.
    private static func count(_ levels: Int) -> String {
        "\(levels) hint level\(levels == 1 ? "" : "s")"
    }
}
