/// Where a capture or assert takes its value from.
public struct Query: Sendable, Equatable {
    /// Hurl's query kinds that saaslab supports.
    public enum Kind: Sendable, Equatable {
        /// The status code, an integer.
        case status
        /// `header "Name"`: the header's value (a list when it repeats).
        case header(Template)
        /// The body as text.
        case body
        /// `jsonpath "$.x"` over the body parsed as JSON.
        case jsonpath(Template)
        /// `regex "..."`: the first capture group (or whole match) in the body.
        case regex(Template)
        /// `variable "name"`: a variable's current value.
        case variable(String)
        /// The response time in milliseconds.
        case duration
        /// The body's SHA-256, as bytes.
        case sha256
    }

    /// The words that start a query, for did-you-mean.
    public static let names = ["status", "header", "body", "jsonpath", "regex", "variable",
                               "duration", "sha256"]

    /// What is queried.
    public var kind: Kind
    /// Where the query word starts.
    public var location: SourceLocation

    /// A query of `kind` at `location`.
    public init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// A transformation of a query's value.
public struct Filter: Sendable, Equatable {
    /// The filters saaslab supports.
    public enum Kind: Sendable, Equatable {
        /// The number of items in a collection.
        case count
        /// `nth N`: the item at 0-based index N.
        case nth(Int)
        /// `split ","`: a string cut at every separator, empty pieces kept.
        case split(Template)
        /// `base64UrlSafeDecode`: a Base64url string (padded or not) as bytes.
        case base64UrlSafeDecode
        /// `utf8Decode`: bytes as UTF-8 text.
        case utf8Decode
        /// `decode "utf-8"`: bytes as text in a charset; saaslab knows only UTF-8.
        case decode(Template)
        /// `jsonpath "$.x"`: a string parsed as JSON, then the path applied as the query does.
        case jsonpath(Template)
    }

    /// The filter words, for did-you-mean.
    public static let names = ["count", "nth", "split", "base64UrlSafeDecode", "utf8Decode", "decode", "jsonpath"]

    /// What the filter does.
    public var kind: Kind
    /// Where the filter word starts.
    public var location: SourceLocation

    /// A filter of `kind` at `location`.
    public init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// The query as Hurl writes it (`jsonpath "$.status"`), for reports: never a Swift enum dump.
extension Query.Kind: CustomStringConvertible {
    public var description: String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        switch self {
        case .status: return "status"
        case .body: return "body"
        case .duration: return "duration"
        case .sha256: return "sha256"
        case .header(let name): return "header \(quoted(name.description))"
        case .jsonpath(let path): return "jsonpath \(quoted(path.description))"
        case .regex(let pattern): return "regex \(quoted(pattern.description))"
        case .variable(let name): return "variable \(quoted(name))"
        }
    }
}
