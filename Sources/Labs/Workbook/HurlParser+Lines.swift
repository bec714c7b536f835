/// Line classification, `Name: value` lines and request bodies.
extension HurlParser {
    enum LineKind: Equatable {
        case section, status, request, body, other
    }

    /// What a line starts, judged from its first characters the way Hurl's grammar does.
    func kind(of line: SourceLine) -> LineKind {
        let text = line.trimmed
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            // `[ Options ]` is read as `[Options]`, not as a JSON body.
            let name = text[text.index(after: text.startIndex)..<close].trimmingSpaces
            let after = text[text.index(after: close)...].trimmingSpaces
            if !name.isEmpty, name.allSatisfy(\.isLetter), !["true", "false", "null"].contains(name),
               after.isEmpty || after.hasPrefix("#") {
                return .section
            }
        }
        if text.hasPrefix("{") || text.hasPrefix("[") || text.hasPrefix("`") || text.hasPrefix("file,") {
            return .body
        }
        let first = text.prefix { $0 != " " && $0 != "\t" }
        if first == "HTTP" || first.hasPrefix("HTTP/") { return .status }
        if Self.methods.contains(String(first)), first.count < text.count { return .request }
        return .other
    }

    /// `Name: value`: the value runs to the end of the line (or a comment), or is a quoted string.
    func keyValue(_ line: SourceLine) throws(LabFileError) -> KeyValue {
        var line = line
        line.skipSpaces()
        let start = line.index
        while let c = line.peek, c != ":", !c.isWhitespace { line.index += 1 }
        let name = String(line.substring(start..<line.index))
        line.skipSpaces()
        guard !name.isEmpty, line.peek == ":" else {
            throw line.error("expected 'Name: value'", at: start)
        }
        line.index += 1
        return KeyValue(name: name, value: try Self.value(&line), location: line.location(at: start))
    }

    /// A value after `:`: a quoted string with escapes, or the rest of the line as written.
    static func value(_ line: inout SourceLine) throws(LabFileError) -> Template {
        line.skipSpaces()
        if line.peek == "\"" {
            let raw = try line.quoted()
            guard line.atEnd() else { throw line.error("unexpected text after the quoted value") }
            return try TemplateParser.parse(raw, on: line, unescape: true)
        }
        return try TemplateParser.parse(line.rest(), on: line, unescape: false)
    }

    /// A JSON body, a ```` ``` ```` multiline string, a `` `one line` `` string or `file,<path>;`.
    mutating func body() throws(LabFileError) -> Body {
        var line = lines[index]
        line.skipSpaces()
        let location = line.location
        let text = line.trimmed
        if text.hasPrefix("```") {
            let language = String(text.dropFirst(3)).trimmingSpaces
            index += 1
            let contentStart = index
            while let next = current, next.trimmed != "```" {
                index += 1
            }
            guard current != nil else { throw line.error("this multiline string is never closed: end it with a line '```'") }
            let content = lines[contentStart..<index]
            index += 1
            // Like Hurl, every line of a multiline string ends with a newline, the last included.
            let template = try multiline(content, from: 0, trailingNewline: true)
            return Body(.multiline(template, language: language.isEmpty ? nil : language), location: location)
        }
        index += 1
        if text.hasPrefix("`") {
            line.index += 1
            let start = line.index
            guard let close = line.characters[start...].firstIndex(of: "`") else {
                throw line.error("this string is never closed: end it with '`'", at: start - 1)
            }
            line.index = close + 1
            guard line.atEnd() else { throw line.error("unexpected text after the string") }
            let template = try TemplateParser.parse(start..<close, on: line, unescape: true)
            return Body(.oneline(template), location: location)
        }
        if text.hasPrefix("file,") {
            guard text.hasSuffix(";"), text.count > 6 else {
                throw line.error("expected 'file,<path>;' (the path is read from your workspace)")
            }
            let path = String(text.dropFirst(5).dropLast()).trimmingSpaces
            guard !path.isEmpty else { throw line.error("file,<path>; needs a path between ',' and ';'") }
            return Body(.file(path: path), location: location)
        }
        // JSON runs to where its brackets balance; what follows must be a section, status or request.
        let last = try JSONBodyScanner.lastLine(of: lines[(index - 1)...], from: location.column - 1)
        let content = lines[(index - 1)..<(last + 1)]
        index = last + 1
        let template = try multiline(content, from: location.column - 1, trailingNewline: false)
        return Body(.json(template), location: location)
    }

    /// Lines joined by newlines as one template, the first read from character `first`; each
    /// line keeps its own placeholder locations.
    private func multiline(_ content: SourceLines, from first: Int, trailingNewline: Bool) throws(LabFileError) -> Template {
        var parts: [Template.Part] = []
        // Neighbouring literals are merged, so equal bodies give equal templates; appending to
        // one string keeps a body of many lines linear.
        var literal = ""
        for position in content.indices {
            let line = content[position]
            if position > content.startIndex { literal += "\n" }
            let start = position == content.startIndex ? first : 0
            for part in try TemplateParser.parse(start..<line.characters.count, on: line, unescape: false).parts {
                if case .literal(let text) = part {
                    literal += text
                } else {
                    if !literal.isEmpty { parts.append(.literal(literal)) }
                    literal = ""
                    parts.append(part)
                }
            }
        }
        if trailingNewline, !content.isEmpty { literal += "\n" }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        let location = content.first.map { $0.location(at: first) } ?? fenceLine.location(at: 0)
        return Template(parts, location: location)
    }
}
