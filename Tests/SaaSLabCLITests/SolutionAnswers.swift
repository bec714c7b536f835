import Core
import Foundation

/// What the reference solution holds that the starter does not: the strings a participant's
/// answer needs, which no hint may print. Derived from the files, so a changed solution
/// changes what hints must keep quiet about.
///
/// - Settings track (`labs/solution` against `labs/starter`), compared as JSON, file by file:
///   every object key, string value and number of the solution file that occurs nowhere in
///   the starter's file of the same name is a *word*; every `key: value` member (with a
///   scalar value) that the starter's file lacks is a *setting*, so a generic value
///   (`"credentials": "tenant"`, a changed `true`) is caught where it is written beside its key.
/// - Code track (`labs/code/solution` against `labs/code/starter`): its JSON files are compared
///   the same way. Of its Python, only string literals count, docstrings left out: a string
///   literal is the code's value, like a JSON value. Identifiers do not count: what the
///   solution calls (`token_manager.get_tenant_id`, `get_credentials_from_token`, boto3's
///   `query`) is the API the starter hands out and `docs/code-track.md` documents, which a
///   hint must be free to point at; the answer in code is where those calls go, which no
///   word can give away.
///
/// `{{placeholders}}` are filled in per tenant and are not answers: they are cut out of every
/// string, and what remains counts only if it holds a letter or digit.
struct SolutionAnswers {
    /// A key, string or number the answer needs, with the answer file it comes from.
    struct Word: Hashable {
        var text: String
        var file: String
    }

    /// A `key: value` member the answer needs, the value written as in JSON without quotes.
    struct Setting: Hashable {
        var key: String
        var value: String
        var file: String
    }

    var words: [Word] = []
    var settings: [Setting] = []

    /// The distinguishing strings of both tracks under `labs`.
    static func derive(labs: String) throws -> SolutionAnswers {
        var answers = SolutionAnswers()
        for (solution, starter) in [("solution", "starter"), ("code/solution", "code/starter")] {
            let starterFiles = try ShippedLabFilesTests.files(under: labs + "/" + starter)
            for (file, bytes) in try ShippedLabFilesTests.files(under: labs + "/" + solution).sorted(by: { $0.key < $1.key }) {
                let solutionText = String(decoding: bytes, as: UTF8.self)
                let starterText = starterFiles[file].map { String(decoding: $0, as: UTF8.self) } ?? ""
                if file.hasSuffix(".json") {
                    try answers.addJSON(solution: solutionText, starter: starterText, file: file)
                } else if file.hasSuffix(".py") {
                    let known = Set(PythonStrings.literals(in: starterText).flatMap(Self.pieces))
                    for literal in PythonStrings.literals(in: solutionText) {
                        for piece in Self.pieces(literal) where !known.contains(piece) {
                            answers.words.append(Word(text: piece, file: "code/" + file))
                        }
                    }
                }
            }
        }
        answers.words = answers.words.uniqued()
        answers.settings = answers.settings.uniqued()
        return answers
    }

    private mutating func addJSON(solution: String, starter: String, file: String) throws {
        let solutionJSON = try JSON.parse(solution)
        let starterJSON = starter.isEmpty ? JSON.null : try JSON.parse(starter)
        let knownWords = Set(Self.words(in: starterJSON))
        let knownSettings = Set(Self.members(in: starterJSON).map { "\($0.key)\u{0}\($0.value)" })
        for word in Self.words(in: solutionJSON) where !knownWords.contains(word) {
            words.append(Word(text: word, file: file))
        }
        for member in Self.members(in: solutionJSON) where !knownSettings.contains("\(member.key)\u{0}\(member.value)") {
            settings.append(Setting(key: member.key, value: member.value, file: file))
        }
    }

    /// Every key, string piece and number in `json`.
    static func words(in json: JSON) -> [String] {
        switch json {
        case .null, .bool: []
        case .number(let number): [number.text]
        case .string(let text): pieces(text)
        case .array(let elements): elements.flatMap(words)
        case .object(let object): object.flatMap { pieces($0.key) + words(in: $0.value) }
        }
    }

    /// Every member of an object in `json` whose value is a string, number or Boolean, with
    /// the value as text; a value made only of placeholders is no answer and is left out.
    static func members(in json: JSON) -> [(key: String, value: String)] {
        switch json {
        case .null, .bool, .number, .string: []
        case .array(let elements): elements.flatMap(members)
        case .object(let object):
            object.flatMap { member -> [(key: String, value: String)] in
                switch member.value {
                case .string(let text):
                    let value = pieces(text).joined(separator: " ")
                    return value.isEmpty ? [] : [(member.key, value)]
                case .number(let number): return [(member.key, number.text)]
                case .bool(let flag): return [(member.key, flag ? "true" : "false")]
                case .null, .array, .object: return members(in: member.value)
                }
            }
        }
    }

    /// `text` without its `{{placeholders}}`: the pieces between them, trimmed of punctuation
    /// at either end, that hold a letter or digit.
    static func pieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while true {
            let open = rest.range(of: "{{")
            let close = open.flatMap { rest.range(of: "}}", range: $0.upperBound..<rest.endIndex) }
            let piece = open.map { rest[..<$0.lowerBound] } ?? rest
            let trimmed = piece.trimmingCharacters(in: CharacterSet.alphanumerics.union(["_"]).inverted)
            if trimmed.contains(where: { $0.isLetter || $0.isNumber }) { pieces.append(trimmed) }
            guard let close else { return pieces }
            rest = rest[close.upperBound...]
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each kept at its first occurrence only.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
