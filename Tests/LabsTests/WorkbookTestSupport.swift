import Testing
@testable import Labs

/// Locations in the test lab file, which is always called `lab.md`.
func at(_ line: Int, _ column: Int) -> Labs.SourceLocation {
    Labs.SourceLocation(file: "lab.md", line: line, column: column)
}

/// A literal template at `line`, `column`.
func text(_ value: String, _ line: Int, _ column: Int) -> Template {
    Template(literal: value, location: at(line, column))
}

/// A lab file: front matter with id `demo`, then `body`. The body's first line is line 5.
func labText(_ body: String) -> String {
    "---\nid: demo\ntitle: Demo\n---\n" + body
}

/// Parses a lab, failing the test with the errors when there are any.
func parse(_ text: String, variables: Set<String> = Workbook.builtinVariables) throws -> Lab {
    do {
        return try Workbook.parseLab(text, file: "lab.md", variables: variables)
    } catch {
        Issue.record("unexpected errors:\n\(error)")
        throw error
    }
}

/// The errors a lab gives; empty when it parses.
func errors(_ text: String, variables: Set<String> = Workbook.builtinVariables) -> [LabFileError] {
    do {
        _ = try Workbook.parseLab(text, file: "lab.md", variables: variables)
        return []
    } catch {
        return error.errors
    }
}

/// The only step of a lab whose body is one hurl block with `attributes` and `hurl` lines.
/// The block's first hurl line is line 6.
func step(_ hurl: String, attributes: String = "{id=s}") throws -> Step {
    let lab = try parse(labText("```hurl \(attributes)\n\(hurl)\n```\n"))
    return try #require(lab.steps.first)
}

/// The messages and positions of errors, compact for `#expect`.
func summary(_ errors: [LabFileError]) -> [String] {
    errors.map { "\($0.location.line):\($0.location.column): \($0.message)" }
}
