import Foundation

/// The labs of a course, loaded from lab files and checked as a whole before anything runs.
public struct Workbook: Sendable, Equatable {
    /// Variables every lab may use without defining them: the target API, the account, the
    /// operator's access key and the SaaS app's system admin (user name and password). `newUuid` and `newDate` are always known.
    public static let builtinVariables: Set<String> = [
        "api", "region", "account",
        "operator_access_key_id", "operator_secret_access_key",
        "system_admin_username", "system_admin_password",
    ]

    /// Generated fresh on every use, whatever the loader is given.
    public static let generatedVariables: Set<String> = ["newUuid", "newDate"]

    /// The labs, sorted by their `order` front matter, then by file name.
    public var labs: [Lab]

    /// A workbook of `labs`, in the order given.
    public init(labs: [Lab]) {
        self.labs = labs
    }

    /// The lab whose id is `id`.
    public func lab(id: String) -> Lab? { labs.first { $0.id == id } }

    /// Parses and checks one lab's text. `variables` are the names defined outside the lab
    /// (built-ins plus `--variable` names); throws every error found, not just the first.
    public static func parseLab(
        _ text: String, file: String, variables: Set<String> = builtinVariables
    ) throws(LabFileErrors) -> Lab {
        var parser = LabFileParser(text: text, file: file)
        let lab = parser.parse()
        var errors = parser.errors
        if let lab {
            let checker = LabChecker(predefined: variables.union(generatedVariables),
                                     checksVariables: !parser.hasIncompleteSteps, lines: parser.lines,
                                     brokenStepIDs: parser.brokenStepIDs)
            checker.check(lab, into: &errors)
        }
        guard let lab, errors.isEmpty else { throw errors }
        return lab
    }

    /// Loads one lab file, or every `*.md` file directly in a folder. Errors from every file are
    /// gathered; lab ids must be unique across the workbook.
    public static func load(
        path: String, variables: Set<String> = builtinVariables
    ) throws(LabFileErrors) -> Workbook {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw LabFileErrors([fileError(path, "no such lab file or folder")])
        }
        var files = [path]
        if isFolder.boolValue {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw LabFileErrors([fileError(path, "cannot read this folder")])
            }
            let folder = path.hasSuffix("/") ? path : path + "/"
            files = names.filter { $0.hasSuffix(".md") }.sorted().map { folder + $0 }
        }
        var labs: [Lab] = []
        var errors = LabFileErrors()
        for file in files {
            guard let text = readText(file) else {
                errors.append(fileError(file, "cannot read this file as UTF-8 text"))
                continue
            }
            do throws(LabFileErrors) {
                labs.append(try parseLab(text, file: file, variables: variables))
            } catch {
                errors.append(contentsOf: error)
            }
        }
        var seen: [String: String] = [:]
        for lab in labs {
            if let other = seen[lab.id] {
                errors.append(fileError(lab.sourcePath, "lab id '\(lab.id)' is already used by \(other)"))
            }
            seen[lab.id] = seen[lab.id] ?? lab.sourcePath
        }
        guard errors.isEmpty else { throw errors }
        return Workbook(labs: sorted(labs))
    }

    /// The file's text, or nil when it cannot be read or is not UTF-8. The bytes read are let
    /// go before the lab is parsed, so a large file is not held twice while it is.
    private static func readText(_ file: String) -> String? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// By `order` (labs without one last), then by file name: the order participants work in.
    static func sorted(_ labs: [Lab]) -> [Lab] {
        labs.sorted {
            ($0.order ?? .max, ($0.sourcePath as NSString).lastPathComponent)
                < ($1.order ?? .max, ($1.sourcePath as NSString).lastPathComponent)
        }
    }

    private static func fileError(_ file: String, _ message: String) -> LabFileError {
        LabFileError(location: SourceLocation(file: file, line: 1, column: 1), message: message, sourceLine: "")
    }
}
