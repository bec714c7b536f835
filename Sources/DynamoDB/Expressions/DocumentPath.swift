/// A document path after placeholder substitution: `a.b[2].c` is `[a, b, [2], c]`.
public struct DocumentPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: a map member (or the top-level attribute) or a list index.
    public enum Element: Sendable, Hashable {
        /// A top-level attribute or map member, by its real (substituted) name.
        case attribute(String)
        /// A list element, zero-based.
        case index(Int)
    }

    /// Never empty; the first element is always an `.attribute`.
    public let elements: [Element]

    init(_ elements: [Element]) {
        precondition(!elements.isEmpty, "a document path names at least its top-level attribute")
        self.elements = elements
    }

    /// A path naming one top-level attribute.
    public init(attribute: String) {
        elements = [.attribute(attribute)]
    }

    /// The top-level attribute the path starts at (what `dynamodb:Attributes` is about).
    public var topLevelAttribute: String {
        guard case .attribute(let name) = elements[0] else { preconditionFailure("path starts at an attribute") }
        return name
    }

    /// Whether the path goes below its top-level attribute (`a.b`, `a[0]`).
    public var isNested: Bool { elements.count > 1 }

    /// DynamoDB's rendering in messages: `[a, b, [2]]`.
    public var description: String {
        var text = "["
        for (position, element) in elements.enumerated() {
            if position > 0 { text += ", " }
            switch element {
            case .attribute(let name): text += name
            case .index(let index): text += "[\(index)]"
            }
        }
        return text + "]"
    }

    /// The value at this path, or nil when any step is missing or of the wrong type.
    public func resolve(in item: Item) -> AttributeValue? {
        guard var value = item[topLevelAttribute] else { return nil }
        var position = 1
        while position < elements.count {
            switch (elements[position], value) {
            case (.attribute(let name), .m(let map)):
                guard let member = map[name] else { return nil }
                value = member
            case (.index(let index), .l(let list)):
                guard index < list.count else { return nil }
                value = list[index]
            default:
                return nil
            }
            position += 1
        }
        return value
    }

    /// How two paths of one expression relate, for DynamoDB's overlap and conflict checks.
    enum Relation {
        case independent
        /// One is a prefix of the other (or they are equal).
        case overlap
        /// At the same depth one indexes a list while the other names a map member.
        case conflict
    }

    func relation(to other: DocumentPath) -> Relation {
        for (mine, theirs) in zip(elements, other.elements) {
            switch (mine, theirs) {
            case (.attribute(let a), .attribute(let b)) where a == b: continue
            case (.index(let a), .index(let b)) where a == b: continue
            case (.attribute, .index), (.index, .attribute): return .conflict
            default: return .independent
            }
        }
        return .overlap
    }
}

extension ExpressionParser {
    /// `segment ( '.' segment | '[' digits ']' )*` where a segment is a word or `#name`.
    mutating func parsePath() throws(ExpressionIssue) -> DocumentPath {
        var elements: [DocumentPath.Element] = [.attribute(try parsePathSegment())]
        while true {
            if current.kind == .dot {
                advance()
                elements.append(.attribute(try parsePathSegment()))
            } else if current.kind == .leftBracket {
                advance()
                guard current.kind == .integer, let index = Int(text(of: current)) else { throw syntaxError() }
                advance()
                try expect(.rightBracket)
                elements.append(.index(index))
            } else {
                return DocumentPath(elements)
            }
        }
    }

    private mutating func parsePathSegment() throws(ExpressionIssue) -> String {
        let token = current
        switch token.kind {
        case .identifier:
            let word = text(of: token)
            if ReservedWords.contains(word) {
                deferred.record(.reservedWord, "Attribute name is a reserved keyword; reserved keyword: \(word)", at: token.start)
            }
            advance()
            return word
        case .nameRef:
            advance()
            return resolveName(token)
        default:
            throw syntaxError()
        }
    }
}
