import Core
import Synchronization

/// A compiled JSONPath expression, as Hurl's `jsonpath "..."` query uses it.
///
/// Parse once with ``init(_:)`` (errors name what was expected and the column), then
/// evaluate against any number of documents.
///
/// Supported syntax:
/// - root `$`; children `.name`, `['quoted name']`, `["quoted"]` (JSON-style escapes);
/// - indexes `[0]`, `[-1]` (from the end); wildcards `.*` and `[*]`;
/// - recursive descent `..name`, `..*`, `..[0]`, `..['name']`;
/// - unions `[0,2]`, `['a','b']`; slices `[start:end:step]` (RFC 9535 semantics);
/// - filters `[?(@.price < 10)]` or `[?@.price < 10]` with `== != < <= > >=`, existence
///   `[?(@.isbn)]`, `!`, `&&`, `||` and parentheses. Filter operands are string, number,
///   `true`, `false` and `null` literals, and singular paths from `@` (the candidate) or `$`.
///
/// **Result shape (Hurl semantics).** A path is *definite* when every step is a single
/// name or index (no wildcard, descent, union, slice or filter). ``query(_:)`` returns the
/// single matched value of a definite path, or nil when nothing matches; an indefinite path
/// always yields an array of its matches, even when there is exactly one or none.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let text: String
    let segments: [Segment]

    /// Compiles `text`.
    /// - Throws: ``JSONPathError`` naming what was expected and the 1-based column.
    public init(_ text: String) throws(JSONPathError) {
        if let known = Self.compiled.withLock({ $0[text] }) {
            self = known
            return
        }
        var parser = JSONPathParser(text)
        self.segments = try parser.parsePath()
        self.text = text
        let path = self
        Self.compiled.withLock { cache in
            if cache.count >= 4096 { cache.removeAll() }
            cache[text] = path
        }
    }

    /// Paths compiled so far, by text: every entry's asserts compile their paths again, and a
    /// class graded at once repeats them for every participant. A compiled path depends on its
    /// text alone, so sharing it is safe; failures are not kept.
    private static let compiled = Mutex<[String: JSONPath]>([:])

    /// The expression as written.
    public var description: String { text }

    /// True when the path can select at most one value (see the type's documentation).
    public var isDefinite: Bool {
        segments.allSatisfy { segment in
            guard !segment.descendant, segment.selectors.count == 1 else { return false }
            switch segment.selectors[0] {
            case .name, .index: return true
            case .wildcard, .slice, .filter: return false
            }
        }
    }

    /// Every node the path selects, in document order (duplicates kept, as RFC 9535 does).
    public func select(in document: JSON) -> [JSON] {
        JSONPathEvaluator(root: document).evaluate(segments, from: [document])
    }

    /// Hurl's result: the single value of a definite path (nil when absent), or an array of
    /// the matches of an indefinite path.
    public func query(_ document: JSON) -> JSON? {
        let nodes = select(in: document)
        if isDefinite { return nodes.first }
        return .array(nodes)
    }

    /// ``query(_:)`` as a Hurl value, the one conversion the `jsonpath` query and filter share:
    /// none when a definite path matches nothing.
    public func hurlValue(in document: JSON) -> HurlValue {
        guard let value = query(document) else { return .none }
        return HurlValue(value)
    }
}

/// Why a JSONPath expression did not compile.
public struct JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let path: String
    /// 1-based column (in characters) where the problem was found.
    public let column: Int
    /// What was expected or what is wrong, e.g. `expected ')'`.
    public let message: String

    /// An error at 1-based `column` of `path`.
    public init(path: String, column: Int, message: String) {
        self.path = path
        self.column = column
        self.message = message
    }

    /// `jsonpath "$.a[": expected ']' at column 5`.
    public var description: String {
        "jsonpath \"\(path)\": \(message) at column \(column)"
    }
}

/// One step: the selectors of a `.x` or `[...]`, applied to children or, for `..`, to
/// the node and all its descendants.
struct Segment: Sendable, Hashable {
    var descendant: Bool
    var selectors: [Selector]
}

indirect enum Selector: Sendable, Hashable {
    case name(String)
    case index(Int)
    case wildcard
    case slice(start: Int?, end: Int?, step: Int?)
    case filter(FilterExpression)
}

indirect enum FilterExpression: Sendable, Hashable {
    case or(FilterExpression, FilterExpression)
    case and(FilterExpression, FilterExpression)
    case not(FilterExpression)
    /// True when the singular path selects something (whatever its value, even `false`).
    case exists(FilterOperand)
    case compare(FilterOperand, ComparisonOperator, FilterOperand)
}

/// A filter comparison side: a literal, or a singular path (names and indexes only) from
/// the candidate node `@` or the document root `$`.
enum FilterOperand: Sendable, Hashable {
    case literal(JSON)
    case current([SingularStep])
    case root([SingularStep])
}

enum SingularStep: Sendable, Hashable {
    case name(String)
    case index(Int)
}

enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}
