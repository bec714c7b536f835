import Foundation
import Labs

/// Where the course comes from: its lab files, `instructor/` (the instructor's hidden
/// probes), and the `starter/` and `solution/` workspaces.
///
/// `--labs DIR` names a folder; without it, `labs/` in the current directory is the course
/// (a checkout of the repository, whose edits count at once); anywhere else, the copy built
/// into saaslab (`ShippedLabFiles`, generated from labs/ by scripts/embed.swift), so an
/// installed saaslab works from any directory.
enum Course: Sendable, Equatable {
    /// A labs folder on disk.
    case folder(String)
    /// The copy built into saaslab. Its files are named as in the repository
    /// (`labs/01-onboarding.md`), so a report reads the same whichever copy ran.
    case shipped

    /// The folder that `--labs` defaults to.
    static let defaultFolder = "labs"

    /// The `--extra-labs` value that means the course's own `instructor/` folder.
    static let instructorProbes = "instructor"

    /// `--labs DIR` when given; else `labs/` when the current directory has that folder;
    /// else the built-in copy.
    static func resolve(_ labsOption: String?) -> Course {
        if let labsOption { return .folder(labsOption) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: defaultFolder, isDirectory: &isFolder), isFolder.boolValue {
            return .folder(defaultFolder)
        }
        return .shipped
    }

    /// How messages name the course's folder, or one of its subfolders.
    func name(_ subfolder: String? = nil) -> String {
        let base = switch self {
        case .folder(let folder): folder
        case .shipped: Self.defaultFolder
        }
        guard let subfolder else { return base }
        return (base as NSString).appendingPathComponent(subfolder)
    }

    /// What messages add to say which copy was used: nothing for a folder, since its name says it.
    var provenance: String {
        self == .shipped ? " (built into saaslab)" : ""
    }

    /// The course's own labs (the lab files directly in the folder).
    func workbook(variables: Set<String>) throws(LabFileErrors) -> Workbook {
        switch self {
        case .folder(let folder): try Workbook.load(path: folder, variables: variables)
        case .shipped: try ShippedWorkbook.load(subfolder: "", variables: variables)
        }
    }

    /// The labs an `--extra-labs` value names: `instructor` is the course's `instructor/`
    /// folder (built in or not, as the course is); anything else is a folder or lab file path
    /// (`./instructor` for a folder of that name in the current directory).
    func extraWorkbook(_ value: String, variables: Set<String>) throws(LabFileErrors) -> Workbook {
        guard value == Self.instructorProbes else { return try Workbook.load(path: value, variables: variables) }
        switch self {
        case .folder: return try Workbook.load(path: name(Self.instructorProbes), variables: variables)
        case .shipped: return try ShippedWorkbook.load(subfolder: Self.instructorProbes + "/", variables: variables)
        }
    }

    /// Whether the course has the workspace `workspace` (`starter` or `solution`).
    func hasWorkspace(_ workspace: String) -> Bool {
        switch self {
        case .folder:
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: name(workspace), isDirectory: &isFolder) && isFolder.boolValue
        case .shipped:
            return !ShippedLabFiles.files.under(workspace + "/").isEmpty
        }
    }

    /// Copies the workspace `workspace` to `destination`, which must not exist yet.
    func copyWorkspace(_ workspace: String, to destination: String) throws {
        switch self {
        case .folder:
            try FileManager.default.copyItem(atPath: name(workspace), toPath: destination)
        case .shipped:
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
            for file in ShippedLabFiles.files.under(workspace + "/") {
                let path = (destination as NSString).appendingPathComponent(file.relativePath)
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.file.bytes).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            }
        }
    }

    /// Runs `body` with the folders of `workspaces` on disk: the course's own for a folder,
    /// fresh copies in a temporary folder (removed afterwards) for the built-in course.
    func withWorkspaces<T>(_ workspaces: [String], _ body: ([String]) async -> T) async throws -> T {
        guard self == .shipped else { return await body(workspaces.map { name($0) }) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-course-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var folders: [String] = []
        for workspace in workspaces {
            let folder = (scratch as NSString).appendingPathComponent(workspace)
            // `code/solution` and the like: the parent first.
            try FileManager.default.createDirectory(atPath: (folder as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try copyWorkspace(workspace, to: folder)
            folders.append(folder)
        }
        return await body(folders)
    }
}

/// The built-in lab files parsed as `Workbook.load(path:)` parses a folder: every `*.md`
/// file directly in it, errors from every file gathered, ids unique, sorted by `order` then
/// file name.
enum ShippedWorkbook {
    static func load(
        _ all: [ShippedLabFile] = ShippedLabFiles.files, subfolder: String, variables: Set<String>
    ) throws(LabFileErrors) -> Workbook {
        let files = all.under(subfolder).filter { !$0.relativePath.contains("/") && $0.relativePath.hasSuffix(".md") }
        var labs: [Lab] = []
        var errors = LabFileErrors()
        for file in files {
            let path = Course.shipped.name(file.file.path)
            guard let text = file.file.text else {
                errors.append(LabFileError(location: SourceLocation(file: path, line: 1, column: 1),
                                           message: "cannot read this file as UTF-8 text", sourceLine: ""))
                continue
            }
            do throws(LabFileErrors) {
                labs.append(try Workbook.parseLab(text, file: path, variables: variables))
            } catch {
                errors.append(contentsOf: error)
            }
        }
        var seen: [String: String] = [:]
        for lab in labs {
            if let other = seen[lab.id] {
                errors.append(LabFileError(location: SourceLocation(file: lab.sourcePath, line: 1, column: 1),
                                           message: "lab id '\(lab.id)' is already used by \(other)", sourceLine: ""))
            }
            seen[lab.id] = seen[lab.id] ?? lab.sourcePath
        }
        guard errors.isEmpty else { throw errors }
        return Workbook(labs: labs.sorted {
            ($0.order ?? .max, ($0.sourcePath as NSString).lastPathComponent)
                < ($1.order ?? .max, ($1.sourcePath as NSString).lastPathComponent)
        })
    }
}
