/// A value that may contain `{{name}}` placeholders, kept as literal text and variable parts so
/// the runner renders it and the loader can check that every variable is defined.
public struct Template: Sendable, Equatable, CustomStringConvertible {
    /// One run of literal text or one `{{name}}` placeholder.
    public enum Part: Sendable, Equatable {
        /// Text used as written (escapes already resolved).
        case literal(String)
        /// A placeholder naming a variable, at the location of its name.
        case variable(String, SourceLocation)
    }

    /// The parts in order.
    public var parts: [Part] {
        get {
            switch storage {
            case .literal(let text): [.literal(text)]
            case .parts(let parts): parts
            }
        }
        set { storage = Storage(newValue) }
    }
    /// Where the value starts.
    public var location: SourceLocation
    private var storage: Storage

    /// Most templates are one run of text (a JSONPath, a header value, a body): held as that
    /// string, without an array of one part, a large lab's templates take far less memory.
    private enum Storage: Sendable, Equatable {
        case literal(String)
        case parts([Part])

        init(_ parts: [Part]) {
            if parts.count == 1, case .literal(let text) = parts[0] {
                self = .literal(text)
            } else {
                self = .parts(parts)
            }
        }
    }

    /// A template made of `parts`, starting at `location`.
    public init(_ parts: [Part], location: SourceLocation) {
        self.storage = Storage(parts)
        self.location = location
    }

    /// A template holding only `text`.
    public init(literal text: String, location: SourceLocation) {
        self.init(text.isEmpty ? [] : [.literal(text)], location: location)
    }

    /// The variable names used, with where each appears, in order.
    public var variables: [(name: String, location: SourceLocation)] {
        guard case .parts(let parts) = storage else { return [] }
        return parts.compactMap {
            if case .variable(let name, let location) = $0 { return (name, location) }
            return nil
        }
    }

    /// The text when no placeholder is present; nil otherwise.
    public var literalText: String? {
        let parts: [Part]
        switch storage {
        case .literal(let text): return text
        case .parts(let all): parts = all
        }
        var text = ""
        for part in parts {
            guard case .literal(let piece) = part else { return nil }
            text += piece
        }
        return text
    }

    /// The template written back with `{{name}}` placeholders (escapes not re-applied).
    public var description: String {
        if case .literal(let text) = storage { return text }
        return parts.map { part in
            switch part {
            case .literal(let text): text
            case .variable(let name, _): "{{\(name)}}"
            }
        }.joined()
    }
}
