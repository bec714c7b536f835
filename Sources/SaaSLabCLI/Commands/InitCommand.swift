import Foundation

/// `saaslab init [--track code] [DIR]`: copies the starter workspace where a participant
/// works: the settings track's (`starter/`) or the code track's (`code/starter/`, with a
/// product service to write for Labs 2 and 3).
struct InitCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "init",
        abstract: "Create a workspace from the labs' starter files.",
        arguments: [.init("dir", help: "Where to create the workspace (default workspace/).", optional: true)],
        options: [
            LabLoading.labsOption(holding: "starter/ and code/starter/"),
            .init("track", .value(placeholder: "track"),
                  help: "settings (default): answer Labs 2 and 3 with settings documents; code: write the product service yourself (docs/code-track.md)."),
        ]
    )

    let destination: String
    let course: Course
    let track: Track

    init(arguments: ParsedArguments) throws {
        destination = arguments.positionals.first ?? "workspace"
        course = Course.resolve(arguments.value("labs"))
        let name = arguments.value("track") ?? Track.settings.rawValue
        guard let track = Track(rawValue: name) else {
            throw UsageError("--track expects settings or code, got '\(name)'")
        }
        self.track = track
    }

    /// The course's starter workspace for the track.
    var workspace: String { track == .code ? "code/starter" : "starter" }

    func run(console: Console) async -> Int32 {
        let starter = course.name(workspace) + course.provenance
        guard course.hasWorkspace(workspace) else {
            console.error("error: no starter workspace at \(starter): this labs folder does not ship one yet")
            return ExitCode.unreadableInput
        }
        // Never overwrite a participant's work.
        guard !FileManager.default.fileExists(atPath: destination) else {
            console.error("error: \(destination) already exists; choose another folder or remove it first")
            return ExitCode.usage
        }
        do {
            try course.copyWorkspace(workspace, to: destination)
        } catch {
            console.error("error: cannot copy \(starter) to \(destination): \(error.localizedDescription)")
            return ExitCode.unreadableInput
        }
        console.line("created \(destination) from \(starter); run 'saaslab run --workspace \(destination)'")
        return ExitCode.success
    }
}
