import Labs

/// `saaslab list`: the labs, their steps and points.
struct ListCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "list",
        abstract: "List the labs with their steps and points.",
        options: [LabOptions.labs, LabOptions.instructor],
        exits: [
            .init(ExitCode.success, "listed"),
            .init(ExitCode.unreadableInput, "a lab file or the labs folder could not be read"),
            .usage(),
        ]
    )

    let labsFolder: String?
    let instructor: Bool

    init(arguments: ParsedArguments) {
        labsFolder = arguments[LabOptions.labs]
        instructor = arguments[LabOptions.instructor]
    }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        let labs = try LabLoading(folder: labsFolder).load([])
        for lab in labs {
            let steps = lab.steps.filter { instructor || !$0.isHidden }
            let points = steps.reduce(0) { $0 + $1.points }
            console.line("\(lab.id)  \(lab.title)  (\(steps.count) steps, \(points) points)")
            if let summary = lab.summary { console.line("    \(summary)") }
            for step in steps {
                var flags: [String] = []
                if step.isExercise { flags.append("exercise") }
                if step.isHidden { flags.append("hidden") }
                let suffix = flags.isEmpty ? "" : "  [\(flags.joined(separator: ", "))]"
                console.line("    \(step.id)  \(step.title ?? step.id)  \(step.points) pt\(step.points == 1 ? "" : "s")\(suffix)")
            }
        }
        return ExitCode.success
    }
}

/// `saaslab show LAB`: the lab's prose with its steps summarised, for reading in a terminal.
struct ShowCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "show",
        abstract: "Print a lab's instructions.",
        arguments: [.init("lab", help: "A lab id or the path of a lab file.")],
        options: [LabOptions.labs, LabOptions.instructor],
        exits: [
            .init(ExitCode.success, "shown"),
            .init(ExitCode.unreadableInput, "the lab could not be read, or the course has no lab with that id"),
            .usage(),
        ]
    )

    let lab: String
    let labsFolder: String?
    let instructor: Bool

    init(arguments: ParsedArguments) {
        lab = arguments.positionals[0]
        labsFolder = arguments[LabOptions.labs]
        instructor = arguments[LabOptions.instructor]
    }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        let found = try LabLoading(folder: labsFolder).load([lab])[0]
        console.line("# \(found.title)")
        console.line()
        for block in found.blocks {
            switch block {
            case .prose(let prose):
                console.line(prose.text)
            case .step(let step) where instructor || !step.isHidden:
                // The steps are the checks; a participant needs to know what each checks and is worth.
                let exercise = step.isExercise ? ", your work" : ""
                console.line("  ▶ step \(step.id): \(step.title ?? step.id) (\(step.points) pt\(step.points == 1 ? "" : "s")\(exercise))")
                for entry in step.entries {
                    console.line("      \(entry.request.method) \(entry.request.url)")
                }
            case .step:
                break
            }
        }
        return ExitCode.success
    }
}
