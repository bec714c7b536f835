/// The machinery every expression grammar shares: a token cursor, DynamoDB-worded syntax errors,
/// placeholder substitution with usage accounting, and the deferred semantic issues.
struct ExpressionParser {
    let kind: ExpressionKind
    let source: [UInt8]
    let tokens: [ExpressionToken]
    private(set) var position = 0
    let names: [String: String]
    let values: [String: AttributeValue]
    /// Placeholders this expression used, for the request-wide "unused" check.
    private(set) var usedNames: Set<String> = []
    private(set) var usedValues: Set<String> = []
    var deferred = DeferredIssues()

    init(_ text: String, kind: ExpressionKind, names: [String: String], values: [String: AttributeValue]) {
        self.kind = kind
        source = Array(text.utf8)
        tokens = ExpressionLexer.tokenize(source)
        self.names = names
        self.values = values
    }

    var current: ExpressionToken { tokens[position] }

    func peek(_ offset: Int = 1) -> ExpressionToken {
        tokens[min(position + offset, tokens.count - 1)]
    }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func text(of token: ExpressionToken) -> String {
        String(decoding: source[token.start..<token.end], as: UTF8.self)
    }

    /// Whether the current token is the keyword `word` (keywords are case-insensitive).
    func atKeyword(_ word: String) -> Bool {
        current.kind == .identifier && isKeyword(current, word)
    }

    func isKeyword(_ token: ExpressionToken, _ word: String) -> Bool {
        guard token.kind == .identifier, token.end - token.start == word.utf8.count else { return false }
        for (byte, expected) in zip(source[token.start..<token.end], word.utf8) where byte | 0x20 != expected | 0x20 {
            return false
        }
        return true
    }

    mutating func expect(_ expected: ExpressionToken.Kind) throws(ExpressionIssue) {
        guard current.kind == expected else { throw syntaxError() }
        advance()
    }

    mutating func expectKeyword(_ word: String) throws(ExpressionIssue) {
        guard atKeyword(word) else { throw syntaxError() }
        advance()
    }

    /// DynamoDB's syntax error at the current token: the token as written (`<EOF>` at the end)
    /// and the source from the previous token's start to the next token's end.
    func syntaxError() -> ExpressionIssue {
        let token = current
        let previous = position > 0 ? tokens[position - 1] : nil
        if token.kind == .end {
            let near = previous.map { String(decoding: source[$0.start..<$0.end], as: UTF8.self) } ?? ""
            return ExpressionIssue(message: "Syntax error; token: \"<EOF>\", near: \"\(near)\"", offset: token.start)
        }
        let following = tokens[position + 1]
        let nearStart = previous?.start ?? token.start
        let nearEnd = following.kind == .end ? token.end : following.end
        let near = String(decoding: source[nearStart..<nearEnd], as: UTF8.self)
        return ExpressionIssue(message: "Syntax error; token: \"\(text(of: token))\", near: \"\(near)\"", offset: token.start)
    }

    /// Fails on anything left over after a complete expression.
    func expectEnd() throws(ExpressionIssue) {
        guard current.kind == .end else { throw syntaxError() }
    }

    /// The attribute name a `#name` token stands for. An undefined one is recorded and the
    /// placeholder itself returned, since the parse will fail before the name is used.
    mutating func resolveName(_ token: ExpressionToken) -> String {
        let placeholder = text(of: token)
        guard let name = names[placeholder] else {
            deferred.record(.undefinedPlaceholder,
                            "An expression attribute name used in the document path is not defined; attribute name: \(placeholder)",
                            at: token.start)
            return placeholder
        }
        usedNames.insert(placeholder)
        return name
    }

    /// The value a `:value` token stands for; see `resolveName` for undefined ones.
    mutating func resolveValue(_ token: ExpressionToken) -> AttributeValue {
        let placeholder = text(of: token)
        guard let value = values[placeholder] else {
            deferred.record(.undefinedPlaceholder,
                            "An expression attribute value used in expression is not defined; attribute value: \(placeholder)",
                            at: token.start)
            return .null
        }
        usedValues.insert(placeholder)
        return value
    }

    /// DynamoDB's limit on an expression's length in bytes, as sent (placeholders unexpanded).
    static let maximumSize = 4096

    /// Refuses an expression of only whitespace, or one longer than DynamoDB allows, with
    /// DynamoDB's messages. The size limit also bounds how deep the recursive-descent parser and
    /// the evaluator can nest, so no request can exhaust the stack.
    func checkNotEmpty() throws(ExpressionIssue) {
        guard source.count <= Self.maximumSize else {
            throw ExpressionIssue(message: "Expression size has exceeded the maximum allowed size; expression size: \(source.count)", offset: 0)
        }
        guard tokens.count > 1 else {
            throw ExpressionIssue(message: "The expression can not be empty;", offset: 0)
        }
    }

    /// Throws the deferred issue DynamoDB would report first, if any.
    func finish() throws(ExpressionIssue) {
        if let issue = deferred.first(for: kind) { throw issue }
    }

    /// Records overlap/conflict between `path` and each of `earlier`, in DynamoDB's wording.
    mutating func checkDistinctPaths(_ path: DocumentPath, against earlier: [DocumentPath], at offset: Int) {
        for other in earlier {
            switch other.relation(to: path) {
            case .independent:
                continue
            case .overlap:
                deferred.record(.pathOverlap,
                                "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(other), path two: \(path)",
                                at: offset)
            case .conflict:
                deferred.record(.pathConflict,
                                "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: \(other), path two: \(path)",
                                at: offset)
            }
        }
    }
}

/// What one parsed expression read from the request's placeholder maps.
struct PlaceholderUse: Sendable, Equatable {
    var names: Set<String> = []
    var values: Set<String> = []

    init(names: Set<String> = [], values: Set<String> = []) {
        self.names = names
        self.values = values
    }

    init(_ parser: ExpressionParser) {
        names = parser.usedNames
        values = parser.usedValues
    }
}
