import Foundation
import Labs

/// Finding labs for `run`, `list`, `show`, `grade` and `verify`: a LAB is a lab id of the
/// course (see ``Course``) or the path of a lab file.
struct LabLoading {
    /// Where the course's labs come from: `--labs`, else `labs/` in the current directory,
    /// else the copy built into saaslab.
    let course: Course
    /// Names defined outside the labs (built-ins and `--variable` names), for the load-time check.
    let variables: Set<String>
    /// `--extra-labs` values: an instructor's labs (typically hidden steps) added after the
    /// course's own, at grading time; `instructor` is the course's own probes.
    let extraFolders: [String]

    init(folder: String?, variables: Set<String> = Workbook.builtinVariables, extraFolders: [String] = []) {
        self.init(course: Course.resolve(folder), variables: variables, extraFolders: extraFolders)
    }

    init(course: Course, variables: Set<String> = Workbook.builtinVariables, extraFolders: [String] = []) {
        self.course = course
        self.variables = variables
        self.extraFolders = extraFolders
    }

    /// The labs named by `names` in that order, or every lab in the folder when none is named;
    /// then every lab of the extra folders. A lab id used twice is an error. A lab that cannot
    /// be read fails with exit code 2 and the errors as diagnostics (file:line:column, the
    /// line around the column and a caret; as many as ``LabFileErrors`` shows).
    func load(_ names: [String]) throws(CommandFailure) -> [Lab] {
        do throws(LabFileErrors) {
            return try labs(names)
        } catch {
            throw .unreadable(diagnostics: error.description)
        }
    }

    private func labs(_ names: [String]) throws(LabFileErrors) -> [Lab] {
        var labs = try base(names)
        var errors = LabFileErrors()
        for extra in extraFolders {
            do throws(LabFileErrors) {
                for lab in try course.extraWorkbook(extra, variables: variables).labs {
                    guard !labs.contains(where: { $0.id == lab.id }) else {
                        errors.append(LabFileError(
                            location: SourceLocation(file: extra == Course.instructorProbes ? course.name(extra) : extra, line: 1, column: 1),
                            message: "lab id '\(lab.id)' is already a course lab; give the extra lab another id", sourceLine: ""))
                        continue
                    }
                    labs.append(lab)
                }
            } catch {
                errors.append(contentsOf: error)
            }
        }
        guard errors.isEmpty else { throw errors }
        return labs
    }

    private func base(_ names: [String]) throws(LabFileErrors) -> [Lab] {
        guard !names.isEmpty else { return try course.workbook(variables: variables).labs }
        var labs: [Lab] = []
        var errors = LabFileErrors()
        var folderLabs: Workbook?
        for name in names {
            do throws(LabFileErrors) {
                if name.hasSuffix(".md") || name.contains("/") {
                    labs += try Workbook.load(path: name, variables: variables).labs
                    continue
                }
                if folderLabs == nil { folderLabs = try course.workbook(variables: variables) }
                let workbook = folderLabs ?? Workbook(labs: [])
                guard let lab = workbook.lab(id: name) else {
                    let known = workbook.labs.map(\.id).joined(separator: ", ")
                    throw LabFileErrors([LabFileError(
                        location: SourceLocation(file: course.name(), line: 1, column: 1),
                        message: "no lab with id '\(name)' (\(course == .shipped ? "the labs built into saaslab" : "labs here"): \(known.isEmpty ? "none" : known))", sourceLine: "")])
                }
                labs.append(lab)
            } catch {
                errors.append(contentsOf: error)
            }
        }
        guard errors.isEmpty else { throw errors }
        return labs
    }
}
