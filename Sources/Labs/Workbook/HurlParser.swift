import Core

/// Parses the body of a ```` ```hurl ```` block into entries: request line, headers, request
/// sections, body, then `HTTP <status>`, expected headers and response sections. Stops at the
/// first error in the block; the lab parser then recovers at the next block.
struct HurlParser {
    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]
    static let requestSections = ["QueryStringParams", "FormParams", "Options"]
    static let responseSections = ["Captures", "Asserts"]
    /// Hurl's short names for the request sections.
    static let aliases = ["Query": "QueryStringParams", "Form": "FormParams"]

    let lines: SourceLines
    let fenceLine: SourceLine
    /// The next line to read (an index of `lines`, which count from the file's first line).
    var index: Int

    init(lines: SourceLines, fenceLine: SourceLine) {
        self.lines = lines
        self.fenceLine = fenceLine
        self.index = lines.startIndex
    }

    mutating func parseEntries() throws(LabFileError) -> [Entry] {
        var entries: [Entry] = []
        skipBlank()
        while index < lines.endIndex {
            entries.append(try entry())
            skipBlank()
        }
        guard !entries.isEmpty else {
            throw fenceLine.error("the step has no request: add a line such as 'GET {{api}}/health'", at: 0)
        }
        return entries
    }

    var current: SourceLine? { index < lines.endIndex ? lines[index] : nil }

    mutating func skipBlank() {
        while let line = current, line.isBlankOrComment { index += 1 }
    }

    /// The next meaningful line, skipping blanks and comments; nil at the end of the block.
    mutating func next() -> SourceLine? {
        skipBlank()
        return current
    }

    private mutating func entry() throws(LabFileError) -> Entry {
        var line = lines[index]
        index += 1
        guard let (method, methodStart) = line.word(), method.allSatisfy({ $0.isUppercase }) else {
            line.index = 0
            line.skipSpaces()
            throw line.error("expected a request line such as 'GET {{api}}/products'")
        }
        guard Self.methods.contains(method) else {
            let hint = Suggestion.closest(to: method, among: Self.methods).map { "; did you mean '\($0)'?" }
            throw line.error("unknown method '\(method)'\(hint ?? "")", at: methodStart)
        }
        line.skipSpaces()
        guard let urlStart = line.word()?.start else {
            throw line.error("expected a URL after '\(method)', e.g. \(method) {{api}}/products")
        }
        let url = try TemplateParser.parse(urlStart..<line.index, on: line, unescape: false)
        guard line.atEnd() else { throw line.error("unexpected text after the URL") }
        var request = RequestSpec(method: method, url: url, location: line.location(at: methodStart))
        while let header = next(), kind(of: header) == .other {
            request.headers.append(try keyValue(header))
            index += 1
        }
        var sections: Set<String> = []
        while let sectionLine = next(), kind(of: sectionLine) == .section {
            let (name, start) = sectionName(sectionLine)
            let canonical = Self.aliases[name] ?? name
            guard Self.requestSections.contains(canonical) else {
                throw unknownSection(name, start, on: sectionLine, expected: Self.requestSections, after: false)
            }
            guard sections.insert(canonical).inserted else {
                throw sectionLine.error("[\(canonical)] is given twice in this entry", at: start)
            }
            index += 1
            let items = sectionItems()
            switch canonical {
            case "QueryStringParams": request.queryParameters = try items.map { line throws(LabFileError) in try keyValue(line) }
            case "FormParams": request.formParameters = try items.map { line throws(LabFileError) in try keyValue(line) }
            default: request.options = try OptionsParser.parse(items)
            }
        }
        if let bodyLine = next(), kind(of: bodyLine) == .body {
            request.body = try body()
        }
        guard let statusLine = next(), kind(of: statusLine) == .status else {
            if let line = next(), kind(of: line) != .request {
                var stray = line
                stray.skipSpaces()
                if kind(of: line) == .section {
                    // Only a section after the body gets here: before it, the loop above took it.
                    let (name, start) = sectionName(line)
                    throw Self.responseSections.contains(name)
                        ? line.error("expected 'HTTP <status>' before [\(name)]", at: start)
                        : line.error("[\(name)] belongs before the body", at: start)
                }
                // Headers and section items take every other line, so only a body gets here.
                throw stray.error("expected 'HTTP <status>' or a new request after the body")
            }
            return Entry(request: request, location: request.location)
        }
        return Entry(request: request, response: try response(), location: request.location)
    }

    private mutating func response() throws(LabFileError) -> ResponseSpec {
        var line = lines[index]
        index += 1
        guard let (version, versionStart) = line.word() else { preconditionFailure("a status line has a word") }
        guard let (status, statusStart) = line.word() else {
            throw line.error("expected a status after '\(version)', e.g. HTTP 200 or HTTP *")
        }
        let expected: ResponseSpec.Status
        if status == "*" {
            expected = .any
        } else if let code = Int(status), (100...599).contains(code) {
            expected = .code(code)
        } else {
            throw line.error("expected a status from 100 to 599 or '*', not '\(status)'", at: statusStart)
        }
        guard line.atEnd() else { throw line.error("unexpected text after the status") }
        var response = ResponseSpec(version: version, status: expected, location: line.location(at: versionStart))
        while let header = next(), kind(of: header) == .other {
            // `jsonpath "$.x" == 1` right after the status line is an assert missing its section.
            if let word = header.peekWord(), Query.names.contains(word), !word.hasSuffix(":") {
                var stray = header
                stray.skipSpaces()
                throw stray.error("expected 'Name: value'; to check '\(word)', add a line [Asserts] before this one")
            }
            response.headers.append(try keyValue(header))
            index += 1
        }
        var sections: Set<String> = []
        while let sectionLine = next(), kind(of: sectionLine) == .section {
            let (name, start) = sectionName(sectionLine)
            guard Self.responseSections.contains(name) else {
                throw unknownSection(name, start, on: sectionLine, expected: Self.responseSections, after: true)
            }
            guard sections.insert(name).inserted else {
                throw sectionLine.error("[\(name)] is given twice in this entry", at: start)
            }
            index += 1
            let items = sectionItems()
            if name == "Captures" {
                response.captures = try items.map { line throws(LabFileError) in try AssertParser.capture(line) }
            } else {
                response.asserts = try items.map { line throws(LabFileError) in try AssertParser.assert(line) }
            }
        }
        if let stray = next(), kind(of: stray) != .request {
            var stray = stray
            stray.skipSpaces()
            throw stray.error("expected a section such as [Asserts] or a new request")
        }
        return response
    }

    /// The lines of a section: everything up to the next section, status line or request.
    private mutating func sectionItems() -> [SourceLine] {
        var items: [SourceLine] = []
        while let line = next(), kind(of: line) == .other {
            items.append(line)
            index += 1
        }
        return items
    }

    private func unknownSection(
        _ name: String, _ start: Int, on line: SourceLine, expected: [String], after: Bool
    ) -> LabFileError {
        let other = after ? Self.requestSections : Self.responseSections
        if other.contains(name) {
            return after
                ? line.error("[\(name)] belongs before the 'HTTP <status>' line", at: start)
                : line.error("expected 'HTTP <status>' before [\(name)]", at: start)
        }
        let hint = Suggestion.closest(to: name, among: expected + Array(Self.aliases.keys))
            .map { "; did you mean '[\($0)]'?" }
        return line.error("unknown section '[\(name)]'\(hint ?? "")", at: start)
    }

    /// The name between the brackets, spaces around it dropped, and where it starts.
    private func sectionName(_ line: SourceLine) -> (String, Int) {
        let characters = line.characters
        var start = characters.firstIndex(of: "[")! + 1
        var end = characters.firstIndex(of: "]")!
        while start < end, characters[start] == " " || characters[start] == "\t" { start += 1 }
        while end > start, characters[end - 1] == " " || characters[end - 1] == "\t" { end -= 1 }
        return (String(line.substring(start..<end)), start)
    }
}
