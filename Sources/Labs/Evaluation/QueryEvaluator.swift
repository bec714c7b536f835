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
            guard let value = path.query(try bodyJSON()) else { return .none }
            return HurlValue(value)
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
        do {
            return predicate.evaluate(try evaluate(query, filters: filters))
        } catch {
            return PredicateOutcome(passed: false, expected: predicate.description, actual: "error: \(error.message)")
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
/// `jsonpath "$.ids" nth 0 == "a"`.
public enum HurlFilter: Sendable, Hashable, CustomStringConvertible {
    /// The number of elements of a list, members of an object, or bytes; an integer.
    case count
    /// The element at a 0-based index of a list; negative counts from the end.
    case nth(Int)

    /// The filter as a lab file spells it.
    public var description: String {
        switch self {
        case .count: "count"
        case .nth(let index): "nth \(index)"
        }
    }

    /// The filtered value.
    /// - Throws: ``HurlQueryError`` when the filter does not apply to the value's type or
    ///   the index is out of range (Hurl treats both as runtime errors, not failed asserts).
    public func apply(to value: HurlValue) throws(HurlQueryError) -> HurlValue {
        switch (self, value) {
        case (.count, .list(let elements)): return .integer(elements.count)
        case (.count, .object(let object)): return .integer(object.count)
        case (.count, .bytes(let bytes)): return .integer(bytes.count)
        case (.nth(let index), .list(let elements)):
            let resolved = index < 0 ? elements.count + index : index
            guard elements.indices.contains(resolved) else {
                throw HurlQueryError("nth \(index): out of range for a list of \(elements.count)")
            }
            return elements[resolved]
        case (_, .none):
            throw HurlQueryError("\(description): the query matched nothing")
        default:
            let applies = if case .count = self { "lists, objects and bytes" } else { "lists" }
            throw HurlQueryError("\(description): applies to \(applies), not to \(value.displayed(limit: 60))")
        }
    }
}
