import Core

/// The condition keys of one request and their values, looked up case-insensitively.
///
/// AWS treats context key names as case-insensitive (`aws:SourceIp` is `AWS:sourceip`), so
/// keys are lowercased once here, when the request is built; policies lowercase theirs at
/// parse time, and each evaluation is then a plain dictionary lookup with no allocation.
///
/// Every key is multi-valued: a single-valued key simply has one value. Values are text,
/// as AWS's request context carries them: booleans `true`/`false`, numbers in decimal,
/// dates in ISO 8601 or epoch seconds. A key with no values counts as absent (AWS's
/// "empty data set").
public struct AuthorizationContext: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var storage: [String: [String]]

    /// An empty context.
    public init() {
        storage = [:]
    }

    /// A context of `values`; keys that differ only in case are merged, in order.
    public init(_ values: [String: [String]]) {
        storage = [:]
        storage.reserveCapacity(values.count)
        // Keys spelt in two cases are merged in sorted order, so that the merge is
        // deterministic. Without such keys order cannot matter, and sorting every request's
        // keys would cost more than this first pass that finds out.
        for (key, keyValues) in values {
            let normalized = ASCII.unicodeLowercased(key)
            guard storage.updateValue(keyValues, forKey: normalized) == nil else {
                storage.removeAll(keepingCapacity: true)
                for key in values.keys.sorted() {
                    add(values[key] ?? [], forKey: key)
                }
                return
            }
        }
    }

    public init(dictionaryLiteral elements: (String, [String])...) {
        storage = [:]
        for (key, values) in elements {
            add(values, forKey: key)
        }
    }

    /// The values of `key` (any case), or nil when the request does not carry it.
    public func values(for key: String) -> [String]? {
        storage[ASCII.unicodeLowercased(key)]
    }

    /// Lookup by a key already lowercased (the evaluator's hot path).
    @inline(__always)
    func values(normalizedKey key: String) -> [String]? {
        storage[key]
    }

    /// Replaces the values of `key` (any case); nil removes it.
    public subscript(key: String) -> [String]? {
        get { storage[ASCII.unicodeLowercased(key)] }
        set { storage[ASCII.unicodeLowercased(key)] = newValue }
    }

    /// Adds `values` to those `key` already has.
    public mutating func add(_ values: [String], forKey key: String) {
        storage[ASCII.unicodeLowercased(key), default: []].append(contentsOf: values)
    }

    /// Sets `key` only when the request does not carry it yet (defaults derived from the
    /// principal never override what a caller supplied).
    mutating func setDefault(_ values: [String], forKey key: String) {
        setDefault(values, forNormalizedKey: ASCII.unicodeLowercased(key))
    }

    /// ``setDefault(_:forKey:)`` for a key already lowercased (the request's fixed keys).
    mutating func setDefault(_ values: [String], forNormalizedKey key: String) {
        if storage[key] == nil {
            storage[key] = values
        }
    }

    /// The keys present, lowercased and sorted (for explanations and debugging).
    public var keys: [String] {
        storage.keys.sorted()
    }
}
