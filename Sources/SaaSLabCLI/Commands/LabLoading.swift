import Foundation
import Labs

/// Finding labs for `run`, `list` and `show`: a LAB is a lab id in the labs folder or the
/// path of a lab file.
struct LabLoading {
    /// The labs folder: `--labs`, else `labs/` in the current directory.
    let folder: String
    /// Names defined outside the labs (built-ins and `--variable` names), for the load-time check.
    let variables: Set<String>

    init(folder: String?, variables: Set<String> = Workbook.builtinVariables) {
        self.folder = folder ?? "labs"
        self.variables = variables
    }

    /// The labs named by `names` in that order, or every lab in the folder when none is named.
    func load(_ names: [String]) throws(LabFileErrors) -> [Lab] {
        guard !names.isEmpty else { return try Workbook.load(path: folder, variables: variables).labs }
        var labs: [Lab] = []
        var errors: [LabFileError] = []
        var folderLabs: Workbook?
        for name in names {
            do throws(LabFileErrors) {
                if name.hasSuffix(".md") || name.contains("/") {
                    labs += try Workbook.load(path: name, variables: variables).labs
                    continue
                }
                if folderLabs == nil { folderLabs = try Workbook.load(path: folder, variables: variables) }
                let workbook = folderLabs ?? Workbook(labs: [])
                guard let lab = workbook.lab(id: name) else {
                    let known = workbook.labs.map(\.id).joined(separator: ", ")
                    throw LabFileErrors([LabFileError(
                        location: SourceLocation(file: folder, line: 1, column: 1),
                        message: "no lab with id '\(name)' (labs here: \(known.isEmpty ? "none" : known))", sourceLine: "")])
                }
                labs.append(lab)
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw LabFileErrors(errors) }
        return labs
    }

    /// ``load(_:)``, or nil after printing every error (file:line:column, line and caret) to
    /// standard error; the caller then exits with ``ExitCode/unreadableInput``.
    func load(_ names: [String], reportingTo console: Console) -> [Lab]? {
        do throws(LabFileErrors) {
            return try load(names)
        } catch {
            console.error(error.description)
            return nil
        }
    }
}
