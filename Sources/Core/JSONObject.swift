/// A JSON object: string keys mapped to values, in document (insertion) order.
///
/// Each key appears once. **Duplicate-key policy:** when the same key is added again —
/// by a literal, by ``init(_:)``, or by the parser under its default
/// ``JSON/DuplicateKeyPolicy/lastWins`` — the key keeps the position of its *first*
/// occurrence and takes the *last* value (what JavaScript's `JSON.parse` does). Parsing with
/// ``JSON/DuplicateKeyPolicy/reject`` turns a repeated key into an error instead.
///
/// Lookup is a linear scan for small objects (cheaper than hashing for the handful of keys
/// API bodies have) and a hash index once an object grows past ``indexThreshold`` keys.
///
/// Equality ignores order, as RFC 8259 says objects are unordered; iteration, ``keys`` and
/// serialisation keep it.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Element = (key: String, value: JSON)
    public typealias Index = Int

    private var orderedKeys: [String] = []
    private var orderedValues: [JSON] = []
    /// Key → position; only kept once `count > indexThreshold`.
    private var positions: [String: Int]?

    /// Objects with more keys than this get a hash index.
    static let indexThreshold = 12

    /// An empty object.
    public init() {}

    /// An object of `members` in their order; a repeated key keeps its first position and
    /// last value.
    public init(_ members: some Sequence<(String, JSON)>) {
        orderedKeys.reserveCapacity(members.underestimatedCount)
        orderedValues.reserveCapacity(members.underestimatedCount)
        for (key, value) in members {
            self[key] = value
        }
    }

    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }

    /// The compact JSON text of this object.
    public var description: String {
        JSON.object(self).serialized()
    }

    /// The keys in order.
    public var keys: [String] { orderedKeys }

    /// The values in key order.
    public var values: [JSON] { orderedValues }

    public var startIndex: Int { 0 }
    public var endIndex: Int { orderedKeys.count }

    /// The member at `position` in key order.
    public subscript(position: Int) -> (key: String, value: JSON) {
        (orderedKeys[position], orderedValues[position])
    }

    /// The value for `key`, or nil. Setting nil removes the key; setting a new key appends it;
    /// setting an existing key replaces the value in place.
    public subscript(key: String) -> JSON? {
        get {
            index(forKey: key).map { orderedValues[$0] }
        }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// The position of `key` in key order, or nil.
    public func index(forKey key: String) -> Int? {
        if let positions {
            return positions[key]
        }
        return orderedKeys.firstIndex(of: key)
    }

    /// Sets `key` to `value`, keeping the key's position when present, and returns the
    /// value it replaced.
    @discardableResult
    public mutating func updateValue(_ value: JSON, forKey key: String) -> JSON? {
        if let position = index(forKey: key) {
            let old = orderedValues[position]
            orderedValues[position] = value
            return old
        }
        orderedKeys.append(key)
        orderedValues.append(value)
        if positions != nil {
            positions?[key] = orderedKeys.count - 1
        } else if orderedKeys.count > Self.indexThreshold {
            buildIndex()
        }
        return nil
    }

    /// Removes `key` and returns its value; later keys move up one position.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let position = index(forKey: key) else { return nil }
        orderedKeys.remove(at: position)
        let old = orderedValues.remove(at: position)
        if orderedKeys.count > Self.indexThreshold {
            buildIndex()
        } else {
            positions = nil
        }
        return old
    }

    /// A copy with keys in ascending UTF-8 byte order (the same as code point order), the
    /// deterministic order `serialized(sortedKeys: true)` uses.
    public func sortedByKey() -> JSONObject {
        let order = orderedKeys.indices.sorted {
            orderedKeys[$0].utf8.lexicographicallyPrecedes(orderedKeys[$1].utf8)
        }
        var sorted = JSONObject()
        sorted.orderedKeys = order.map { orderedKeys[$0] }
        sorted.orderedValues = order.map { orderedValues[$0] }
        if sorted.orderedKeys.count > Self.indexThreshold {
            sorted.buildIndex()
        }
        return sorted
    }

    /// Builds an object from parallel arrays whose keys the caller knows to be distinct (a
    /// dictionary's keys, another object's): no duplicate check, which is the cost of
    /// ``init(_:)`` on hot paths. Distinct keys are a precondition, checked in debug builds.
    public init(uniqueKeys keys: [String], values: [JSON]) {
        precondition(keys.count == values.count, "JSONObject(uniqueKeys:values:) needs one value per key")
        assert(Set(keys).count == keys.count, "JSONObject(uniqueKeys:values:) was given a repeated key")
        orderedKeys = keys
        orderedValues = values
        if keys.count > Self.indexThreshold {
            buildIndex()
        }
    }

    private mutating func buildIndex() {
        var index: [String: Int] = [:]
        index.reserveCapacity(orderedKeys.count)
        for (position, key) in orderedKeys.enumerated() {
            index[key] = position
        }
        positions = index
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.orderedKeys == rhs.orderedKeys {
            return lhs.orderedValues == rhs.orderedValues
        }
        for (key, value) in lhs where rhs[key] != value {
            return false
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes with a commutative sum.
        var sum = 0
        for (key, value) in self {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            sum = sum &+ member.finalize()
        }
        hasher.combine(count)
        hasher.combine(sum)
    }
}
