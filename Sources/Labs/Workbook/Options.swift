/// An entry's `[Options]` section.
public struct Options: Sendable, Equatable {
    /// `aws-sigv4: aws:amz:<region>:<service>`: sign the request with SigV4.
    public var awsSigV4: SigV4Scope?
    /// `user: <key>:<secret>`: the credentials to sign with (or basic auth without `aws-sigv4`).
    public var user: UserCredentials?
    /// `variable: name=value` lines, in order; each is defined from this entry on.
    public var variables: [VariableDefinition]
    /// `delay`: wait before sending.
    public var delay: Duration?
    /// `retry`: how many more times to try while an assert fails.
    public var retry: Int?
    /// `retry-interval`: the wait between tries.
    public var retryInterval: Duration?
    /// `skip: true`: the entry is not run.
    public var skip: Bool
    /// `hint: ...` (saaslab): shown instead of the step's hint when this entry is the one that
    /// fails, so a step that first fetches credentials, then checks a refusal, can say what
    /// each failure most likely means.
    public var hint: String?
    /// `hint-when: text => hint` lines (saaslab), in order: when this entry fails and its answer
    /// (the response body, or what a failed check found) contains `text`, the first such hint
    /// is shown instead of ``hint``, so a step can say what each cause it tells apart means.
    public var conditionalHints: [ConditionalHint] = []
    /// `isolation: true` (saaslab): in a step marked `isolation`, this entry is one whose
    /// failure means a tenant got through; a failure of another entry (fetching credentials,
    /// reading the own partition) fails the step without capping the lab. When no entry of an
    /// isolation step is marked, every entry counts.
    public var guardsIsolation: Bool = false

    /// Options with the given values; all absent by default.
    public init(
        awsSigV4: SigV4Scope? = nil, user: UserCredentials? = nil,
        variables: [VariableDefinition] = [], delay: Duration? = nil, retry: Int? = nil,
        retryInterval: Duration? = nil, skip: Bool = false, hint: String? = nil
    ) {
        self.awsSigV4 = awsSigV4
        self.user = user
        self.variables = variables
        self.delay = delay
        self.retry = retry
        self.retryInterval = retryInterval
        self.skip = skip
        self.hint = hint
    }
}

/// `hint-when: text => hint`: a hint for failures whose answer contains `text`.
public struct ConditionalHint: Sendable, Equatable {
    /// What the answer must contain, exactly (case matters).
    public var text: String
    /// What to show then.
    public var hint: String

    public init(text: String, hint: String) {
        self.text = text
        self.hint = hint
    }

    /// The hint of the first of `hints` whose text `answer` contains.
    static func first(in hints: [ConditionalHint], matching answer: String) -> String? {
        hints.first { answer.contains($0.text) }?.hint
    }
}

/// The region and service of `aws-sigv4: aws:amz:<region>:<service>`.
public struct SigV4Scope: Sendable, Equatable {
    /// The signing region, e.g. `us-east-1`; may be a template such as `{{region}}`.
    public var region: Template
    /// The signing service, e.g. `execute-api`.
    public var service: String
    /// Where the value starts.
    public var location: SourceLocation

    /// A scope for `region` and `service`.
    public init(region: Template, service: String, location: SourceLocation) {
        self.region = region
        self.service = service
        self.location = location
    }
}

/// `user: <key>:<secret>`, split at the first colon outside a placeholder.
public struct UserCredentials: Sendable, Equatable {
    /// The access key id (or user name).
    public var accessKey: Template
    /// The secret (or password).
    public var secret: Template
    /// Where the value starts.
    public var location: SourceLocation

    /// Credentials `accessKey`:`secret`.
    public init(accessKey: Template, secret: Template, location: SourceLocation) {
        self.accessKey = accessKey
        self.secret = secret
        self.location = location
    }
}

/// `variable: name=value`.
public struct VariableDefinition: Sendable, Equatable {
    /// The variable defined.
    public var name: String
    /// Its value, possibly using earlier variables.
    public var value: Template
    /// Where the name starts.
    public var location: SourceLocation

    /// A definition of `name` as `value`.
    public init(name: String, value: Template, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}
