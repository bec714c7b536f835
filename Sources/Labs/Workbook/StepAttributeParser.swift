import Core

/// The attributes in a step's braces: ```` ```hurl {id=x points=10 exercise hint="..."} ````.
/// Every attribute error is collected, so one fence can report several.
struct StepAttributeParser {
    static let names = ["id", "title", "points", "exercise", "isolation", "hidden", "hint", "hint2", "hint3", "note", "needs", "timeout"]
    static let maximumPoints = 10_000

    var line: SourceLine
    var errors = LabFileErrors()
    /// Whether an error already names the id, so a missing id is not reported twice.
    private var reportedID = false
    var id: String?
    var title: String?
    var points = 1
    var isExercise = false
    var isHidden = false
    var guardsIsolation = false
    var hint: String?
    /// `hint2` and `hint3`, by level (index 0 is level 2).
    var deeperHints: [String?] = [nil, nil]
    var note: Template?
    var needs: [StepReference] = []
    var timeout: Duration?
    private var seen: Set<String> = []

    init(line: SourceLine, start: Int) {
        self.line = line
        self.line.index = min(start, line.characters.count)
    }

    mutating func parse() {
        let fenceStart = line.characters.firstIndex(of: "`") ?? 0
        defer {
            // Levels build on each other: a deeper level without the one before it would be
            // revealed out of order.
            if deeperHints[1] != nil, deeperHints[0] == nil {
                errors.append(line.error("hint3 needs hint2: hints are revealed one level at a time (hint, hint2, hint3)", at: fenceStart))
            } else if deeperHints[0] != nil, hint == nil {
                errors.append(line.error("hint2 needs hint: hints are revealed one level at a time (hint, hint2, hint3)", at: fenceStart))
            }
            if id == nil, !reportedID {
                errors.append(line.error("the step has no id: add one in braces, e.g. ```hurl {id=create-tenant}", at: fenceStart))
            }
        }
        if line.atEnd() { return }
        guard line.peek == "{" else {
            errors.append(line.error("expected '{' to open the step's attributes"))
            return
        }
        line.index += 1
        while true {
            line.skipSpaces()
            guard let c = line.peek else {
                errors.append(line.error("expected '}' to close the step's attributes"))
                return
            }
            if c == "}" { break }
            do throws(LabFileError) {
                try attribute()
            } catch {
                reportedID = reportedID || error.message.contains("'id'")
                errors.append(error)
                // Resume after the faulty attribute's value.
                while let c = line.peek, c != " ", c != "}" { line.index += 1 }
            }
        }
        line.index += 1
        if !line.atEnd() { errors.append(line.error("unexpected text after the attributes' '}'")) }
    }

    private mutating func attribute() throws(LabFileError) {
        let start = line.index
        while let c = line.peek, c.isLetter || c == "-" || c == "_" || (c.isASCII && c.isNumber && line.index > start) { line.index += 1 }
        let name = String(line.substring(start..<line.index))
        guard !name.isEmpty else { throw line.error("expected an attribute name such as 'id'") }
        guard Self.names.contains(name) else {
            let hint = Suggestion.closest(to: name, among: Self.names).map { "; did you mean '\($0)'?" }
            throw line.error("unknown attribute '\(name)'\(hint ?? "")", at: start)
        }
        guard seen.insert(name).inserted else { throw line.error("attribute '\(name)' is given twice", at: start) }
        var value: (text: String, start: Int, template: Template?)?
        if line.peek == "=" {
            line.index += 1
            value = try attributeValue()
        }
        func required() throws(LabFileError) -> (text: String, start: Int, template: Template?) {
            guard let value else { throw line.error("attribute '\(name)' needs a value: \(name)=...", at: start) }
            return value
        }
        switch name {
        case "id": id = try required().text
        case "title": title = try freeText(name, required())
        case "hint": hint = try freeText(name, required())
        case "hint2": deeperHints[0] = try freeText(name, required())
        case "hint3": deeperHints[1] = try freeText(name, required())
        case "note":
            // A note may name variables (`{{explanation}}`, captured by the step itself): it is
            // rendered once the step has run.
            let v = try required()
            let text = try freeText(name, v)
            note = v.template ?? Template([.literal(text)], location: line.location(at: v.start))
        case "points":
            let v = try required()
            // Capped so that sums over a lab or a class can never overflow.
            guard let n = Int(v.text), (0...Self.maximumPoints).contains(n) else {
                throw line.error("points must be a whole number from 0 to \(Self.maximumPoints), not '\(v.text)'", at: v.start)
            }
            points = n
        case "exercise": isExercise = try flag(name, value)
        case "hidden": isHidden = try flag(name, value)
        case "isolation": guardsIsolation = try flag(name, value)
        case "needs": needs = try references(required())
        default:
            let v = try required()
            switch DurationText.parse(v.text, defaultUnit: nil) {
            case .success(let d): timeout = d
            case .failure(.malformed):
                throw line.error("timeout must be a duration such as 10s or 500ms, not '\(v.text)'", at: v.start)
            case .failure(.tooLong):
                throw line.error("timeout must be at most \(DurationText.maximumText), not '\(v.text)'", at: v.start)
            }
        }
    }

    /// A bare value runs to a space or `}`; a quoted one resolves escapes.
    private mutating func attributeValue() throws(LabFileError) -> (text: String, start: Int, template: Template?) {
        if line.peek == "\"" {
            let raw = try line.quoted()
            let template = try TemplateParser.parse(raw, on: line, unescape: true)
            return (template.description, raw.lowerBound, template)
        }
        let start = line.index
        while let c = line.peek, c != " ", c != "}" { line.index += 1 }
        return (String(line.substring(start..<line.index)), start, nil)
    }

    /// `hint=Read the policy` is meant as one value: rather than an unknown attribute per
    /// word, one error shows the quoted form. A following word that is (or is close to) an
    /// attribute name is left alone, so `hint=x hidden` and `hint=x hiden` read as intended.
    private mutating func freeText(
        _ name: String, _ value: (text: String, start: Int, template: Template?)
    ) throws(LabFileError) -> String {
        guard value.template == nil else { return value.text }
        var words = [value.text]
        var probe = line
        while true {
            probe.skipSpaces()
            let start = probe.index
            while let c = probe.peek, c != " ", c != "}", c != "=" { probe.index += 1 }
            let word = String(probe.substring(start..<probe.index))
            let attributeName = word.prefix { $0.isLetter || $0 == "-" || $0 == "_" }
            guard !word.isEmpty, probe.peek != "=", attributeName.count < word.count || !Self.names.contains(word),
                  word.count < 4 || Suggestion.closest(to: word, among: Self.names) == nil
            else { break }
            words.append(word)
            line.index = probe.index
        }
        guard words.count == 1 else {
            throw line.error("quote values with spaces: \(name)=\"\(words.joined(separator: " "))\"", at: value.start - name.count - 1)
        }
        return value.text
    }

    private func flag(_ name: String, _ value: (text: String, start: Int, template: Template?)?) throws(LabFileError) -> Bool {
        guard let value else { return true }
        switch value.text {
        case "true": return true
        case "false": return false
        default: throw line.error("'\(name)' is a flag: write it alone, or \(name)=true or \(name)=false", at: value.start)
        }
    }

    /// `needs=a,b` or `needs="a b"`: ids separated by commas or spaces, each with its column.
    private func references(_ value: (text: String, start: Int, template: Template?)) -> [StepReference] {
        var result: [StepReference] = []
        var current = ""
        var currentStart = 0
        for (offset, c) in value.text.enumerated() {
            if c == "," || c == " " {
                if !current.isEmpty { result.append(StepReference(id: current, location: line.location(at: value.start + currentStart))) }
                current = ""
            } else {
                if current.isEmpty { currentStart = offset }
                current.append(c)
            }
        }
        if !current.isEmpty { result.append(StepReference(id: current, location: line.location(at: value.start + currentStart))) }
        return result
    }
}

/// `10s`, `500ms`, `2m`; a bare number takes `defaultUnit`, or is refused when there is none.
/// Durations are capped at an hour: a lab waits for a local backend, and an uncapped value
/// overflows `Duration` arithmetic (and sleeps) later in the run.
enum DurationText {
    enum Problem: Error { case malformed, tooLong }

    static let maximum = Duration.seconds(3600)
    static let maximumText = "1h (3600s)"

    static func parse(_ text: String, defaultUnit: String?) -> Result<Duration, Problem> {
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return .failure(.malformed) }
        let unit = text.dropFirst(digits.count).isEmpty ? defaultUnit : String(text.dropFirst(digits.count))
        let millisecondsPerUnit: Int
        switch unit {
        case "ms": millisecondsPerUnit = 1
        case "s": millisecondsPerUnit = 1000
        case "m": millisecondsPerUnit = 60_000
        default: return .failure(.malformed)
        }
        // Digits too many for an Int are a valid number, just far too long.
        guard let value = Int(digits) else { return .failure(.tooLong) }
        let (milliseconds, overflow) = value.multipliedReportingOverflow(by: millisecondsPerUnit)
        guard !overflow, milliseconds <= 3_600_000 else { return .failure(.tooLong) }
        return .success(.milliseconds(milliseconds))
    }
}
