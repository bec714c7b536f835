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
    /// The operation's input, as a client would send it.
    public var input: JSON
    /// Whose resource it reaches.
    public var reach: Reach
    /// What it aims at, for a reader: `tenant TENANTb…'s partition of ProductBootcamp`.
    public var target: String
    /// The other tenant's partition key value the request aims at, when it aims at one: the
    /// probe also asks whether a principal tag forged to that value would be allowed.
    public var otherPartition: String?

    /// A probe of `operation` with `input`, reaching `target`.
    public init(_ operation: String, _ input: JSON, reach: Reach, target: String, otherPartition: String? = nil) {
        self.operation = operation
        self.input = input
        self.reach = reach
        self.target = target
        self.otherPartition = otherPartition
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
