/// Splits a lab file into front matter, prose and ```` ```hurl ```` blocks, and parses each block
/// on its own so that an error in one block does not hide errors in the next.
struct LabFileParser {
    let file: String
    let lines: SourceLines
    var errors = LabFileErrors()
    /// Whether a block's entries failed to parse: its captures are then unknown, so the
    /// unknown-variable check would only report noise.
    var hasIncompleteSteps = false
    /// Ids of blocks whose body failed to parse, with their fences: a later `needs=` on one
    /// of them is right, and reporting it as unknown would add a false error.
    var brokenStepIDs: [String: SourceLocation] = [:]

    init(text: String, file: String) {
        self.file = file
        self.lines = SourceLines(text: text, file: file)
    }

    /// The lab, or nil when the front matter gives no id; `errors` holds every problem found.
    mutating func parse() -> Lab? {
        var index = 0
        let frontMatter = parseFrontMatter(&index)
        var blocks: [LabBlock] = []
        // Prose is the lines from here up to `index`, blank ones at either end left out.
        var proseStart = index
        func flushProse() {
            var first = proseStart, last = index
            while first < last, lines[first].isBlank { first += 1 }
            while last > first, lines[last - 1].isBlank { last -= 1 }
            if first < last {
                blocks.append(.prose(Prose(text: lines.text(of: first..<last), location: lines[first].location(at: 0))))
            }
        }
        while index < lines.endIndex {
            let line = lines[index]
            guard let fence = Fence(line) else {
                index += 1
                continue
            }
            let close = lines[(index + 1)...].firstIndex { fence.isClosed(by: $0) }
            if fence.isHurl {
                guard let close else {
                    errors.append(line.error("this ```hurl block is never closed: end it with a line of \(fence.length) backticks", at: fence.indent))
                    return finish(frontMatter, blocks)
                }
                flushProse()
                if let step = parseStep(fence, line, body: lines[(index + 1)..<close]) {
                    blocks.append(.step(step))
                }
                index = close + 1
                proseStart = index
            } else {
                // Other fenced blocks are prose; skipping to their end keeps a ```hurl example
                // inside, say, a ````markdown block from being taken for a step.
                index = (close ?? lines.endIndex - 1) + 1
            }
        }
        flushProse()
        return finish(frontMatter, blocks)
    }

    private mutating func finish(_ frontMatter: [String: String], _ blocks: [LabBlock]) -> Lab? {
        guard let id = frontMatter["id"], !id.isEmpty else {
            let first = lines.first ?? SourceLine(file: file, number: 1, text: "")
            errors.append(first.error("the lab has no 'id' in its front matter: start the file with '---', 'id: <lab-id>', '---'", at: 0))
            return nil
        }
        return Lab(id: id, title: frontMatter["title"] ?? id, frontMatter: frontMatter,
                   sourcePath: file, blocks: blocks)
    }

    /// `---`, then `key: value` lines, then `---`. Values may be quoted to keep a `#` or spaces.
    private mutating func parseFrontMatter(_ index: inout Int) -> [String: String] {
        guard let first = lines.first, first.trimmed == "---" else { return [:] }
        var values: [String: String] = [:]
        index = 1
        while index < lines.endIndex, lines[index].trimmed != "---" {
            var line = lines[index]
            index += 1
            if line.isBlankOrComment { continue }
            let text = line.trimmed
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
                line.skipSpaces()
                errors.append(line.error("expected 'key: value' in the front matter"))
                continue
            }
            let key = String(text[..<colon].trimmingSpaces)
            var value = String(text[text.index(after: colon)...].trimmingSpaces)
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            if values[key] != nil {
                line.skipSpaces()
                errors.append(line.error("'\(key)' is given twice in the front matter"))
            }
            values[key] = value
        }
        if index >= lines.endIndex {
            errors.append(first.error("the front matter is never closed: add a line '---' after it", at: 0))
            return values
        }
        index += 1
        return values
    }

    /// Attributes and entries of one block; nil when the block cannot become a step.
    private mutating func parseStep(_ fence: Fence, _ line: SourceLine, body: SourceLines) -> Step? {
        var attributes = StepAttributeParser(line: line, start: fence.infoStart + 4)
        attributes.parse()
        errors.append(contentsOf: attributes.errors)
        var hurl = HurlParser(lines: body, fenceLine: line)
        let entries: [Entry]
        do throws(LabFileError) {
            entries = try hurl.parseEntries()
        } catch {
            errors.append(error)
            hasIncompleteSteps = true
            if let id = attributes.id { brokenStepIDs[id] = brokenStepIDs[id] ?? line.location(at: fence.indent) }
            return nil
        }
        guard let id = attributes.id else { return nil }
        return Step(id: id, title: attributes.title, points: attributes.points,
                    isExercise: attributes.isExercise, guardsIsolation: attributes.guardsIsolation, isHidden: attributes.isHidden,
                    hint: attributes.hint, deeperHints: attributes.deeperHints.compactMap { $0 }, note: attributes.note, needs: attributes.needs, timeout: attributes.timeout,
                    entries: entries, location: line.location(at: fence.indent))
    }
}

extension SourceLine {
    fileprivate var isBlank: Bool { text.trimmingSpaces.isEmpty }
}

/// An opening fence: ```` ``` ```` or longer, and its info string.
struct Fence {
    let indent: Int
    let length: Int
    let infoStart: Int
    let isHurl: Bool

    init?(_ line: SourceLine) {
        // Most lines are prose: a fence starts with at most three spaces, then a backtick.
        guard line.text.utf8.prefix(4).contains(UInt8(ascii: "`")) else { return nil }
        let chars = line.characters
        var i = 0
        while i < chars.count, i < 3, chars[i] == " " { i += 1 }
        let start = i
        while i < chars.count, chars[i] == "`" { i += 1 }
        guard i - start >= 3 else { return nil }
        indent = start
        length = i - start
        while i < chars.count, chars[i] == " " { i += 1 }
        infoStart = i
        let info = line.substring(i..<chars.count)
        isHurl = info == "hurl" || info.hasPrefix("hurl ") || info.hasPrefix("hurl{")
    }

    /// A closing fence is only backticks, at least as many as opened the block.
    func isClosed(by line: SourceLine) -> Bool {
        let text = line.trimmed
        return text.count >= length && text.allSatisfy { $0 == "`" }
    }
}
