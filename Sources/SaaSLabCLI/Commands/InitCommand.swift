import Foundation

/// `saaslab init [DIR]`: copies the starter workspace where a participant works.
struct InitCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "init",
        abstract: "Create a workspace from the labs' starter files.",
        arguments: [.init("dir", help: "Where to create the workspace (default workspace/).", optional: true)],
        options: [LabLoading.labsOption(holding: "starter/")]
    )

    let destination: String
    let course: Course

    init(arguments: ParsedArguments) throws {
        destination = arguments.positionals.first ?? "workspace"
        course = Course.resolve(arguments.value("labs"))
    }

    func run(console: Console) async -> Int32 {
        let starter = course.name("starter") + course.provenance
        guard course.hasWorkspace("starter") else {
            console.error("error: no starter workspace at \(starter): this labs folder does not ship one yet")
            return ExitCode.unreadableInput
        }
        // Never overwrite a participant's work.
        guard !FileManager.default.fileExists(atPath: destination) else {
            console.error("error: \(destination) already exists; choose another folder or remove it first")
            return ExitCode.usage
        }
        do {
            try course.copyWorkspace("starter", to: destination)
        } catch {
            console.error("error: cannot copy \(starter) to \(destination): \(error.localizedDescription)")
            return ExitCode.unreadableInput
        }
        console.line("created \(destination) from \(starter); run 'saaslab run --workspace \(destination)'")
        return ExitCode.success
    }
}
