import Core

/// A policy document IAM refuses, with a message that says where and what to fix.
///
/// AWS answers such documents with the error code `MalformedPolicyDocument`; its own messages
/// are terse ("Syntax errors in policy."), so these name the spot instead:
/// - JSON syntax: `line 7, column 3: expected ',' or '}' after an object member`
/// - semantics: `Statement[1] (Sid "ProductTable"): Effect must be "Allow" or "Deny", got "allow"`
public struct MalformedPolicyDocument: Error, CustomStringConvertible, Sendable, Equatable {
    /// The AWS error code, `MalformedPolicyDocument`.
    public static let code = "MalformedPolicyDocument"

    /// The AWS error code, `MalformedPolicyDocument`.
    public var code: String { Self.code }

    /// What is wrong and where, without the error code.
    public let message: String

    /// The JSON syntax error behind this refusal, when the text was not JSON at all.
    public let syntaxError: JSONError?

    /// A refusal with `message`.
    public init(_ message: String) {
        self.message = message
        self.syntaxError = nil
    }

    /// A refusal for text that is not JSON.
    public init(syntax error: JSONError) {
        self.message = "\(error.description)"
        self.syntaxError = error
    }

    /// `MalformedPolicyDocument: <message>`.
    public var description: String {
        "\(Self.code): \(message)"
    }
}

/// Where inside a document a semantic problem sits, so that messages read the same everywhere.
struct PolicyLocation: Sendable {
    /// The statement's index in `Statement` (0 when `Statement` is a single object).
    var statementIndex: Int?
    var sid: String?

    static let document = PolicyLocation(statementIndex: nil, sid: nil)

    /// `Statement[1] (Sid "ProductTable")` or `Statement[0]`; nil for the top level.
    var label: String? {
        guard let statementIndex else { return nil }
        if let sid, !sid.isEmpty {
            return "Statement[\(statementIndex)] (Sid \(quoted(sid)))"
        }
        return "Statement[\(statementIndex)]"
    }

    func error(_ text: String) -> MalformedPolicyDocument {
        MalformedPolicyDocument(label.map { "\($0): \(text)" } ?? text)
    }
}

/// `text` in double quotes with JSON escapes, for messages that quote policy text.
func quoted(_ text: String) -> String {
    JSON.string(text).serialized()
}
