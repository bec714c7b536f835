import Foundation

/// `saaslab init [DIR]`: copies the starter workspace where a participant works.
struct InitCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "init",
        abstract: "Create a workspace from the labs' starter files.",
        arguments: [.init("dir", help: "Where to create the workspace (default workspace/).", optional: true)],
        options: [.init("labs", .value(placeholder: "dir"), help: "The labs folder holding starter/ (default labs/).")]
    )

    let destination: String
    let labsFolder: String

    init(arguments: ParsedArguments) throws {
        destination = arguments.positionals.first ?? "workspace"
        labsFolder = arguments.value("labs") ?? "labs"
    }

    func run(console: Console) async -> Int32 {
        let starter = (labsFolder as NSString).appendingPathComponent("starter")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: starter, isDirectory: &isFolder), isFolder.boolValue else {
            console.error("error: no starter workspace at \(starter): this labs folder does not ship one yet")
            return ExitCode.unreadableInput
        }
        // Never overwrite a participant's work.
        guard !FileManager.default.fileExists(atPath: destination) else {
            console.error("error: \(destination) already exists; choose another folder or remove it first")
            return ExitCode.usage
        }
        do {
            try FileManager.default.copyItem(atPath: starter, toPath: destination)
        } catch {
            console.error("error: cannot copy \(starter) to \(destination): \(error.localizedDescription)")
            return ExitCode.unreadableInput
        }
        console.line("created \(destination) from \(starter); run 'saaslab run --workspace \(destination)'")
        return ExitCode.success
    }
}
