/// One HTTP exchange: the request to send and, optionally, what the response must be.
public struct Entry: Sendable, Equatable {
    /// The request.
    public var request: RequestSpec
    /// The expectations; nil when the entry only sends (any response passes).
    public var response: ResponseSpec?
    /// Where the request line is.
    public var location: SourceLocation

    /// An entry sending `request` and checking `response`.
    public init(request: RequestSpec, response: ResponseSpec? = nil, location: SourceLocation) {
        self.request = request
        self.response = response
        self.location = location
    }
}

/// A `name: value` line: a header, a query or form parameter.
public struct KeyValue: Sendable, Equatable {
    /// The name, as written.
    public var name: String
    /// The value, possibly templated.
    public var value: Template
    /// Where the name starts.
    public var location: SourceLocation

    /// `name: value` at `location`.
    public init(name: String, value: Template, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// What to send.
public struct RequestSpec: Sendable, Equatable {
    /// The method as written (`GET`, `POST`, ...).
    public var method: String
    /// The URL, usually starting `{{api}}`.
    public var url: Template
    /// Headers in order; names may repeat.
    public var headers: [KeyValue]
    /// `[QueryStringParams]`, appended to the URL percent-encoded.
    public var queryParameters: [KeyValue]
    /// `[FormParams]`, sent as `application/x-www-form-urlencoded`.
    public var formParameters: [KeyValue]
    /// `[Options]`.
    public var options: Options {
        get { sharedOptions.value }
        set { sharedOptions = SharedOptions(newValue) }
    }
    /// The options, held by reference: most entries have none and share one empty set, so an
    /// entry (and a large lab holds many) takes a pointer for them rather than every option's
    /// room.
    private var sharedOptions: SharedOptions
    /// The body, if any.
    public var body: Body?
    /// Where the request line is.
    public var location: SourceLocation

    /// A request with the given parts.
    public init(
        method: String, url: Template, headers: [KeyValue] = [], queryParameters: [KeyValue] = [],
        formParameters: [KeyValue] = [], options: Options = Options(), body: Body? = nil,
        location: SourceLocation
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.queryParameters = queryParameters
        self.formParameters = formParameters
        self.sharedOptions = options == Options() ? .none : SharedOptions(options)
        self.body = body
        self.location = location
    }
}

/// Options that never change once made, shared by every copy of a request.
private final class SharedOptions: Sendable, Equatable {
    /// What entries without `[Options]` share.
    static let none = SharedOptions(Options())

    let value: Options

    init(_ value: Options) {
        self.value = value
    }

    static func == (a: SharedOptions, b: SharedOptions) -> Bool {
        a === b || a.value == b.value
    }
}

/// A request body.
public struct Body: Sendable, Equatable {
    /// The body's kinds, as Hurl writes them.
    public enum Kind: Sendable, Equatable {
        /// Text starting with `{` or `[`, sent as written (templates rendered) with a JSON type.
        case json(Template)
        /// A ```` ``` ```` multiline string; `language` is the word after the fence, if any.
        case multiline(Template, language: String?)
        /// A `` `single line` `` string.
        case oneline(Template)
        /// `file,<path>;`: a file read from the participant's workspace (saaslab's meaning).
        case file(path: String)
    }

    /// What the body is.
    public var kind: Kind
    /// Where it starts.
    public var location: SourceLocation

    /// A body of `kind` at `location`.
    public init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}
