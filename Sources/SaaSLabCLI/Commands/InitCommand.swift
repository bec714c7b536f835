import Foundation
import Labs

/// `saaslab init [--track code] [DIR]`: copies the starter workspace where a participant
/// works: the settings track's (`starter/`) or the code track's (`code/starter/`, with a
/// product service to write for Labs 2 and 3).
struct InitCommand: SaaSLabCommand {
    static let track = Option<Track>(
        "track", placeholder: "track",
        help: "settings (default): answer Labs 2 and 3 with settings documents; code: write the product service yourself (docs/code-track.md)."
    )

    static let spec = CommandSpec(
        name: "init",
        abstract: "Create a workspace from the labs' starter files.",
        arguments: [.init("dir", help: "Where to create the workspace (default workspace/).", optional: true)],
        options: [
            LabOptions.labs(holding: "starter/ and code/starter/"),
            track,
        ],
        exits: [
            .init(ExitCode.success, "created"),
            .init(ExitCode.unreadableInput, "the labs folder has no starter workspace for the track"),
            .usage("DIR already exists: saaslab never writes over a participant's work"),
            .cannotWrite("the workspace"),
        ]
    )

    let destination: String
    let course: Course
    let track: Track

    init(arguments: ParsedArguments) {
        destination = arguments.positionals.first ?? "workspace"
        course = LabOptions.course(arguments)
        track = arguments[Self.track] ?? .settings
    }

    /// The course's starter workspace for the track.
    var workspace: String { track == .code ? "code/starter" : "starter" }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        let starter = course.name(workspace) + course.provenance
        guard course.hasWorkspace(workspace) else {
            throw .unreadable("no starter workspace at \(starter): this labs folder does not ship one yet")
        }
        // Never overwrite a participant's work.
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw .usage("\(destination) already exists; choose another folder or remove it first")
        }
        do {
            try course.copyWorkspace(workspace, to: destination)
        } catch {
            throw .cannotWrite("cannot copy \(starter) to \(destination): \(SystemReason.of(error))")
        }
        console.line("created \(destination) from \(starter); run 'saaslab run --workspace \(destination)'")
        return ExitCode.success
    }
}
