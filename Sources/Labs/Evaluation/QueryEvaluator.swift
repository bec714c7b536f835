import Core

/// Evaluates queries, filters and asserts against one exchange.
///
/// Keep one evaluator per response: the body is parsed as JSON at most once, on the first
/// `jsonpath` query, and reused by the others.
public struct QueryEvaluator: Sendable {
    /// The exchange queries read.
    public let exchange: ExchangeSnapshot
    /// Variables for the `variable` query.
    public var variables: [String: HurlValue]
    private var parsedBody: Result<JSON, JSONError>?

    /// An evaluator for `exchange`, with `variables` for the `variable` query.
    public init(exchange: ExchangeSnapshot, variables: [String: HurlValue] = [:]) {
        self.exchange = exchange
        self.variables = variables
    }

    /// The value `query` reads from the exchange.
    public mutating func evaluate(_ query: HurlQuery) throws(HurlQueryError) -> HurlValue {
        switch query {
        case .status:
            return .integer(exchange.status)
        case .header(let name):
            let values = exchange.headerValues(name)
            switch values.count {
            case 0: return .none
            case 1: return .string(values[0])
            default: return .list(values.map(HurlValue.string))
            }
        case .body:
            return .string(try bodyText(for: "body"))
        case .bytes:
            return .bytes(exchange.body)
        case .jsonpath(let path):
            return path.hurlValue(in: try bodyJSON())
        case .regex(let pattern):
            switch HurlRegex.search(pattern, in: try bodyText(for: "regex")) {
            case .invalid(let problem): throw HurlQueryError("regex: \(problem)")
            case .noMatch: return .none
            case .match(let text): return .string(text)
            }
        case .variable(let name):
            return variables[name] ?? .none
        case .duration:
            return .integer(exchange.durationMilliseconds)
        case .sha256:
            return .bytes(SHA256.hash(exchange.body))
        }
    }

    /// The query's value with `filters` applied in order.
    public mutating func evaluate(_ query: HurlQuery, filters: [HurlFilter]) throws(HurlQueryError) -> HurlValue {
        var value = try evaluate(query)
        for filter in filters {
            value = try filter.apply(to: value)
        }
        return value
    }

    /// Runs one assert. A query or filter error becomes a failed outcome whose `actual`
    /// carries the error, so a report can show it where the value would be.
    public mutating func check(
        _ query: HurlQuery, filters: [HurlFilter] = [], _ predicate: HurlPredicate
    ) -> PredicateOutcome {
        // A failed check prints its actual value in reports, gradebooks and CI logs; a secret's
        // value is not printed, only what kind of value it was. A passed one prints nothing,
        // so only failures pay for the check.
        do {
            let value = try evaluate(query, filters: filters)
            var outcome = predicate.evaluate(value)
            if !outcome.passed, let masked = SecretSelection.masked(value, named: SecretSelection.name(query, filters)) {
                outcome.actual = masked
            }
            return outcome
        } catch {
            let message = SecretSelection.touchesSecret(query, filters) ? SecretSelection.maskedError(error.message) : error.message
            return PredicateOutcome(passed: false, expected: predicate.description, actual: "error: \(message)")
        }
    }

    private func bodyText(for query: String) throws(HurlQueryError) -> String {
        guard let text = String(validating: exchange.body, as: UTF8.self) else {
            throw HurlQueryError("\(query): the response body is not valid UTF-8")
        }
        return text
    }

    private mutating func bodyJSON() throws(HurlQueryError) -> JSON {
        let result = parsedBody ?? Result { () throws(JSONError) -> JSON in try JSON.parse(bytes: exchange.body) }
        parsedBody = result
        switch result {
        case .success(let json): return json
        case .failure(let error): throw HurlQueryError("jsonpath: the response body is not JSON: \(error)")
        }
    }
}

/// A Hurl filter between a query and its predicate: `jsonpath "$.items" count == 3`,
/// `jsonpath "$.ids" nth 0 == "a"`. Filters chain, each applied to the previous one's value:
/// `jsonpath "$.token" split "." nth 1 base64UrlSafeDecode utf8Decode jsonpath "$.sub"`.
public enum HurlFilter: Sendable, Hashable, CustomStringConvertible {
    /// The number of elements of a list, members of an object, or bytes; an integer.
    case count
    /// The element at a 0-based index of a list; negative counts from the end.
    case nth(Int)
    /// A string cut at every occurrence of a separator into a list of strings, empty pieces
    /// kept (`"a,,b"` gives `"a"`, `""`, `"b"`).
    case split(String)
    /// A Base64url string (RFC 4648 section 5, with or without `=` padding) decoded to bytes.
    case base64UrlSafeDecode
    /// Bytes decoded as UTF-8 text.
    case utf8Decode
    /// Bytes decoded as text in a charset; only UTF-8 is known (see ``isUTF8(_:)``).
    case decode(String)
    /// A string parsed as JSON, then the path applied exactly as the `jsonpath` query does.
    case jsonpath(JSONPath)

    /// Whether `charset` names UTF-8 (`utf-8` or `utf8`, any case), the only charset
    /// ``decode(_:)`` supports.
    public static func isUTF8(_ charset: String) -> Bool {
        ["utf-8", "utf8"].contains(charset.lowercased())
    }

    /// The filter as a lab file spells it.
    public var description: String {
        switch self {
        case .count: "count"
        case .nth(let index): "nth \(index)"
        case .split(let separator): "split \(HurlValue.string(separator).literal)"
        case .base64UrlSafeDecode: "base64UrlSafeDecode"
        case .utf8Decode: "utf8Decode"
        case .decode(let charset): "decode \(HurlValue.string(charset).literal)"
        case .jsonpath(let path): "jsonpath \(HurlValue.string(path.text).literal)"
        }
    }

    /// The filtered value.
    /// - Throws: ``HurlQueryError`` when the filter does not apply to the value's type, the
    ///   index is out of range, or the input cannot be decoded (Hurl treats all of these as
    ///   runtime errors, not failed asserts).
    public func apply(to value: HurlValue) throws(HurlQueryError) -> HurlValue {
        switch (self, value) {
        case (.count, .list(let elements)): return .integer(elements.count)
        case (.count, .object(let object)): return .integer(object.count)
        case (.count, .bytes(let bytes)): return .integer(bytes.count)
        case (.nth(let index), .list(let elements)): return try element(at: index, of: elements)
        case (.split(let separator), .string(let text)): return try split(text, at: separator)
        case (.base64UrlSafeDecode, .string(let text)): return try base64UrlSafeDecode(text)
        case (.utf8Decode, .bytes(let bytes)): return try utf8Decode(bytes)
        case (.decode(let charset), .bytes(let bytes)):
            guard Self.isUTF8(charset) else {
                throw HurlQueryError("\(description): saaslab decodes only \"utf-8\"")
            }
            return try utf8Decode(bytes)
        case (.jsonpath(let path), .string(let text)): return try jsonpath(path, over: text)
        case (_, .none):
            throw HurlQueryError("\(description): the query matched nothing")
        default:
            throw HurlQueryError("\(description): applies to \(inputs), not to \(value.displayed(limit: 60))")
        }
    }

    /// The types the filter applies to, for the error when it meets another.
    private var inputs: String {
        switch self {
        case .count: "lists, objects and bytes"
        case .nth: "lists"
        case .split, .base64UrlSafeDecode: "strings"
        case .utf8Decode, .decode: "bytes"
        case .jsonpath: "strings (JSON text)"
        }
    }

    private func element(at index: Int, of elements: [HurlValue]) throws(HurlQueryError) -> HurlValue {
        let resolved = index < 0 ? elements.count + index : index
        guard elements.indices.contains(resolved) else {
            throw HurlQueryError("\(description): out of range for a list of \(elements.count)")
        }
        return elements[resolved]
    }

    /// Cuts at byte-equal occurrences of the separator, as Hurl (Rust's `str::split`) does:
    /// both are valid UTF-8, so every piece is too.
    private func split(_ text: String, at separator: String) throws(HurlQueryError) -> HurlValue {
        guard !separator.isEmpty else { throw HurlQueryError("\(description): the separator is empty") }
        // A plain scan: labs split every token they read ("." between a JWT's parts), and
        // the standard library's collection split is generic and several times slower.
        let bytes = Array(text.utf8), cut = Array(separator.utf8)
        var pieces: [HurlValue] = []
        var start = 0, index = 0
        while index <= bytes.count - cut.count {
            if bytes[index] == cut[0], bytes[index..<(index + cut.count)].elementsEqual(cut) {
                pieces.append(.string(String(decoding: bytes[start..<index], as: UTF8.self)))
                index += cut.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(.string(String(decoding: bytes[start...], as: UTF8.self)))
        return .list(pieces)
    }

    private func base64UrlSafeDecode(_ text: String) throws(HurlQueryError) -> HurlValue {
        guard let bytes = Base64URL.decode(text) else {
            throw HurlQueryError("\(description): not Base64url (A-Z a-z 0-9 - _, optional = padding): "
                                 + HurlValue.string(text).displayed(limit: 60))
        }
        return .bytes(bytes)
    }

    private func utf8Decode(_ bytes: [UInt8]) throws(HurlQueryError) -> HurlValue {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HurlQueryError("\(description): not valid UTF-8: \(HurlValue.bytes(bytes).displayed(limit: 60))")
        }
        return .string(text)
    }

    private func jsonpath(_ path: JSONPath, over text: String) throws(HurlQueryError) -> HurlValue {
        do {
            return path.hurlValue(in: try JSON.parse(text))
        } catch {
            throw HurlQueryError("\(description): the value is not JSON: \(error)")
        }
    }
}
