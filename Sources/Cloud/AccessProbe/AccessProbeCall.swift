import Core

/// One request the access probe sends, as a service describes it: an operation of the
/// service with an input aimed at one resource.
public struct AccessProbeCall: Sendable {
    /// Whose resource the request reaches.
    public enum Reach: String, Sendable {
        /// The signing tenant's own partition, pool or identity pool: what the app may need.
        case own
        /// Another tenant's resource, a shared table, the account as a whole, or the IAM and
        /// identity configuration that decides the tenant's own permissions: allowed, it is a
        /// leak.
        case beyond
    }

    /// The operation's wire name, e.g. `UpdateItem`.
    public var operation: String
    /// The operation's input, as a client would send it; made when the request is run (most
    /// are counted refused without: see ``action``).
    public var input: JSON { makeInput() }
    private let makeInput: @Sendable () -> JSON
    /// Whose resource it reaches.
    public var reach: Reach
    /// What it aims at, for a reader: `tenant TENANTb…'s partition of ProductBootcamp`.
    public var target: String
    /// The other tenant's partition key value the request aims at, when it aims at one: the
    /// probe also asks whether a principal tag forged to that value would be allowed.
    public var otherPartition: String?
    /// The IAM action the service asks first for this request, e.g. `dynamodb:PartiQLSelect`
    /// for a PartiQL SELECT; nil when the probe does not say. A request beyond the tenant
    /// whose action no `Allow` statement of the caller's policies names can only be refused,
    /// so the probe counts it refused without running it; a test holds every action given
    /// here to the one the service really asks.
    public var action: String?

    /// A probe of `operation` with `input`, reaching `target`; `action` is what the service
    /// asks IAM first, when the probe knows it.
    public init(
        _ operation: String, _ input: @autoclosure @escaping @Sendable () -> JSON, reach: Reach, target: String,
        otherPartition: String? = nil, action: String? = nil
    ) {
        self.operation = operation
        self.makeInput = input
        self.reach = reach
        self.target = target
        self.otherPartition = otherPartition
        self.action = action
    }
}

extension AccessProbeScope {
    /// Each other tenant with a name for reports: `tenant TENANTb…` from its partition key,
    /// else its position.
    var namedOthers: [(name: String, holdings: Holdings)] {
        others.enumerated().map { index, holdings in
            (holdings.partitionKey.map { "tenant \($0)" } ?? "other tenant \(index + 1)", holdings)
        }
    }
}
