import Core

/// An error answer from the platform or the app: the error's name and message, read from a
/// JSON error body.
public struct ErrorAnswer: Sendable, Hashable {
    /// Who named the error: the platform (an AWS error, relayed by the app or not) or the app.
    public enum Speaker: String, Sendable, Hashable {
        case platform
        case app
    }

    /// The error's name: `InvalidParameterException`, `AccessDeniedException`, `NotFound`.
    public var code: String
    /// The error's message, cut to ``messageLimit`` characters; empty when there is none.
    public var message: String
    /// The HTTP status it came with.
    public var status: Int
    /// Whose error it is.
    public var speaker: Speaker
    /// IAM's explanation of a refusal, as the app relays it (`explanation`: the statement that
    /// came closest and what it lacked), cut to ``messageLimit``; nil when the body has none.
    public var explanation: String?

    /// The most of a message a report quotes.
    static let messageLimit = 300

    /// The Query (XML) protocol's error codes that do not end in `Exception`, as IAM and STS
    /// send them; the app relays them by these names in its own JSON bodies.
    private static let queryProtocolCodes: Set<String> = [
        "AccessDenied", "DeleteConflict", "EntityAlreadyExists", "ExpiredToken", "IncompleteSignature", "InvalidAction",
        "InvalidClientTokenId", "InvalidInput", "InvalidParameterValue", "MalformedPolicyDocument", "MissingAuthenticationToken",
        "NoSuchEntity", "PackedPolicyTooLarge", "SignatureDoesNotMatch", "UnmodifiableEntity", "ValidationError",
    ]

    /// The answer `body` names, or nil unless `status` is 400 or more and the body is a JSON
    /// object naming an error, as the app (`error`, `message`) and the AWS JSON protocols
    /// (`__type`, `message` or `Message`) do.
    init?(status: Int, body: [UInt8]) {
        guard status >= 400, body.count <= 1 << 20, case .object(let object)? = try? JSON.parse(bytes: body) else { return nil }
        let awsType = object["__type"]?.stringValue
        guard var code = object["error"]?.stringValue ?? awsType ?? object["code"]?.stringValue, !code.isEmpty else { return nil }
        // `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` names its error last.
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        var message = object["message"]?.stringValue ?? object["Message"]?.stringValue ?? ""
        if message.count > Self.messageLimit { message = String(message.prefix(Self.messageLimit)) + "…" }
        self.code = code
        self.message = message
        self.status = status
        if var explanation = object["explanation"]?.stringValue, !explanation.isEmpty {
            if explanation.count > Self.messageLimit { explanation = String(explanation.prefix(Self.messageLimit)) + "…" }
            self.explanation = explanation
        }
        // An AWS protocol body is the platform's; the app relays the platform's errors under
        // their AWS names (which end in `Exception`, or are the Query protocol's), and names
        // its own refusals otherwise (`BadRequest`, `NotFound`, `UnsupportedKeySchema`).
        let isAWSName = code.hasSuffix("Exception") || Self.queryProtocolCodes.contains(code)
        speaker = awsType != nil || isAWSName ? .platform : .app
    }

    /// `an AccessDeniedException error (HTTP 403): User: … is not authorized …`, as a failure's
    /// actual value reads.
    public var summary: String {
        // "an AccessDenied…", "an Unrecognized…", but "a UsernameExists…".
        let article = code.first.map { "AEIO".contains($0) } == true || code.hasPrefix("Un") ? "an" : "a"
        let summary = "\(article) \(code) error (HTTP \(status))"
        return message.isEmpty ? summary : summary + ": " + message
    }

    /// `the platform said: InvalidParameterException: Invalid write attributes ...`: the cause
    /// reports put before a failed step's hint, on one line (a message's line breaks become `; `).
    /// A refusal's explanation follows its message, so the part that says why (a statement's
    /// unmet condition, a policy variable left as written) is never cut off with the ARNs.
    public var cause: String {
        var said = message.isEmpty ? code : "\(code): \(message)"
        if let explanation { said += " (IAM explains: \(explanation))" }
        let line = said.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).joined(separator: "; ")
        return "the \(speaker.rawValue) said: \(line)"
    }
}

extension ExchangeSnapshot {
    /// The error this response answered with (see ``ErrorAnswer``); nil for any other response.
    public var errorAnswer: ErrorAnswer? {
        ErrorAnswer(status: status, body: body)
    }

    /// What an error response says, for failures that would otherwise read as data: `an
    /// AccessDeniedException error (HTTP 403): User: … is not authorized …`. Nil unless the
    /// response is an error answer (``errorAnswer``).
    public var errorSummary: String? {
        errorAnswer?.summary
    }
}
