import Foundation
import Labs

/// Finds the solution's distinguishing strings (``SolutionAnswers``) in hint texts.
///
/// A word matches where it stands as a word (no letter, digit or `_` just before or after it),
/// in any letter case: "deny" gives `"Deny"` away as surely as "Deny". A setting matches where
/// its key is followed by its value with only quotes, colons, `=`, spaces or a joining word
/// ("to", "is", "as", "be") between: `"credentials": "tenant"`, `credentials: tenant`,
/// `GenerateSecret to false`.
struct HintLeaks {
    /// Words of the solution that are also plain English or the course's own vocabulary, which
    /// hints cannot do without: a hint may say them. Each is still caught beside its key, as a
    /// setting (`"credentials": "tenant"`, `"Name": "role"`, `"Value": "TenantUser"`). Only the
    /// words some hint needs are here; keep it that way.
    static let ordinaryWords: [String: String] = [
        "tenant": "lab3/product-service.json's credentials; the course's subject",
        "token": "lab2/product-service.json's tenantContext; every lab talks of the ID token",
        "role": "a custom attribute's name in lab1/user-pool.json; IAM roles are Lab 3's subject",
        "email": "lab1/app-client.json's write attributes, lab1/tenant.json's field; every user has one",
        "Rules": "a role mapping's Type and key in lab3/role-mappings.json; pools and mappings have rules",
        "Value": "a rule's key in lab3/role-mappings.json; an English word",
        "TenantUser": "a rule's Value in lab3/role-mappings.json; the app's role, named in every lab's prose and titles",
    ]

    /// One leaked string: what it is and the answer file it comes from.
    struct Leak: Equatable, CustomStringConvertible {
        var text: String
        var file: String
        var description: String { "\"\(text)\" (from \(file))" }
    }

    private let words: [(SolutionAnswers.Word, NSRegularExpression)]
    private let settings: [(SolutionAnswers.Setting, NSRegularExpression)]

    init(_ answers: SolutionAnswers) throws {
        let ordinary = Set(Self.ordinaryWords.keys.map { $0.lowercased() })
        words = try answers.words.filter { !ordinary.contains($0.text.lowercased()) }.map {
            ($0, try NSRegularExpression(pattern: Self.bounded($0.text), options: [.caseInsensitive]))
        }
        settings = try answers.settings.map {
            let pattern = Self.bounded($0.key) + #"["'`\s:=]*(?:(?:to|is|as|be)\s+["'`]?)?"# + Self.bounded($0.value)
            return ($0, try NSRegularExpression(pattern: pattern, options: [.caseInsensitive]))
        }
    }

    /// Every distinguishing string `hint` contains.
    func leaks(in hint: String) -> [Leak] {
        let range = NSRange(hint.startIndex..., in: hint)
        let found = words.filter { $0.1.firstMatch(in: hint, range: range) != nil }.map { Leak(text: $0.0.text, file: $0.0.file) }
            + settings.filter { $0.1.firstMatch(in: hint, range: range) != nil }
                .map { Leak(text: "\($0.0.key): \($0.0.value)", file: $0.0.file) }
        var seen = Set<String>()
        return found.filter { seen.insert($0.description).inserted }
    }

    /// `text` as a pattern that matches only where it is not part of a longer word.
    private static func bounded(_ text: String) -> String {
        let wordCharacter: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        return (wordCharacter(text.first) ? #"(?<![\p{L}\p{N}_])"# : "")
            + NSRegularExpression.escapedPattern(for: text)
            + (wordCharacter(text.last) ? #"(?![\p{L}\p{N}_])"# : "")
    }
}

/// A hint of a lab step, at one level, with where it is.
struct LabHint: CustomStringConvertible {
    var lab: String
    var step: String
    /// `hint`, `hint2`, `hint3`, or `[Options] hint (line N)` for an entry's own hint, or
    /// `[Options] hint-when TEXT (line N)` for one chosen by what the answer says.
    var level: String
    var text: String

    var description: String { "lab \(lab), step \(step), \(level)" }

    /// Every hint of every step of `workbook`, each level on its own.
    static func all(in workbook: Workbook) -> [LabHint] {
        workbook.labs.flatMap { lab in
            lab.steps.flatMap { step -> [LabHint] in
                let levels = ([step.hint] + step.deeperHints.map(Optional.some)).enumerated().compactMap { index, text in
                    text.map { LabHint(lab: lab.id, step: step.id, level: index == 0 ? "hint" : "hint\(index + 1)", text: $0) }
                }
                let entries = step.entries.flatMap { entry in
                    let own = entry.request.options.hint.map {
                        LabHint(lab: lab.id, step: step.id, level: "[Options] hint (line \(entry.location.line))", text: $0)
                    }
                    let conditional = entry.request.options.conditionalHints.map {
                        LabHint(lab: lab.id, step: step.id, level: "[Options] hint-when \($0.text) (line \(entry.location.line))", text: $0.hint)
                    }
                    return (own.map { [$0] } ?? []) + conditional
                }
                return levels + entries
            }
        }
    }
}
