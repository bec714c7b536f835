/// What the response must be, and what to capture from it.
public struct ResponseSpec: Sendable, Equatable {
    /// The expected status.
    public enum Status: Sendable, Equatable {
        /// `HTTP *`: any status.
        case any
        /// `HTTP 200`.
        case code(Int)
    }

    /// The protocol word as written: `HTTP`, `HTTP/1.1`, `HTTP/2`. Not checked by the runner.
    public var version: String
    /// The expected status.
    public var status: Status
    /// Expected headers: each must be present with this value.
    public var headers: [KeyValue]
    /// `[Captures]`, evaluated before the asserts.
    public var captures: [Capture]
    /// `[Asserts]`.
    public var asserts: [Assert]
    /// Where the `HTTP` line is.
    public var location: SourceLocation

    /// A response expectation with the given parts.
    public init(
        version: String = "HTTP", status: Status, headers: [KeyValue] = [],
        captures: [Capture] = [], asserts: [Assert] = [], location: SourceLocation
    ) {
        self.version = version
        self.status = status
        self.headers = headers
        self.captures = captures
        self.asserts = asserts
        self.location = location
    }
}

/// `name: <query> [filters...]`: a variable for later entries and steps.
public struct Capture: Sendable, Equatable {
    /// The variable captured.
    public var name: String
    /// Where the value comes from.
    public var query: Query
    /// Applied to the query's result in order.
    public var filters: [Filter]
    /// Where the name starts.
    public var location: SourceLocation

    /// A capture of `query` through `filters` into `name`.
    public init(name: String, query: Query, filters: [Filter] = [], location: SourceLocation) {
        self.name = name
        self.query = query
        self.filters = filters
        self.location = location
    }
}

/// `<query> [filters...] [not] <predicate> [value]`.
public struct Assert: Sendable, Equatable {
    /// What is checked.
    public var query: Query
    /// Applied to the query's result in order.
    public var filters: [Filter]
    /// `not` before the predicate.
    public var isNegated: Bool
    /// The check.
    public var predicate: Predicate
    /// Where the query starts.
    public var location: SourceLocation

    /// An assert that `query` through `filters` satisfies (or, negated, fails) `predicate`.
    public init(
        query: Query, filters: [Filter] = [], isNegated: Bool = false, predicate: Predicate,
        location: SourceLocation
    ) {
        self.query = query
        self.filters = filters
        self.isNegated = isNegated
        self.predicate = predicate
        self.location = location
    }
}
