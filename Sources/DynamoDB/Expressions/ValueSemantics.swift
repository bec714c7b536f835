/// How expressions compare and inspect values, as the DynamoDB Developer Guide's "Comparison
/// operator and function reference" defines it.
extension AttributeValue {
    /// Equality as `=` sees it: same type and same content, where sets are unordered and maps
    /// compare member by member. (The enum's synthesised `==` would order set elements.)
    public func matches(_ other: AttributeValue) -> Bool {
        switch (self, other) {
        case (.ss(let a), .ss(let b)): return Self.sameElements(a, b)
        case (.ns(let a), .ns(let b)): return Self.sameElements(a, b)
        case (.bs(let a), .bs(let b)): return Self.sameElements(a, b)
        case (.l(let a), .l(let b)):
            guard a.count == b.count else { return false }
            for index in a.indices where !a[index].matches(b[index]) { return false }
            return true
        case (.m(let a), .m(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let counterpart = b[key], value.matches(counterpart) else { return false }
            }
            return true
        default:
            return self == other
        }
    }

    private static func sameElements<T: Hashable>(_ a: [T], _ b: [T]) -> Bool {
        // Set elements are unique, so equal counts plus containment is equality.
        guard a.count == b.count else { return false }
        if a.count <= 8 { return a.allSatisfy(b.contains) }
        return Set(a) == Set(b)
    }

    /// Orders two scalars of the same type: numbers numerically, strings by their UTF-8 bytes,
    /// binaries bytewise (the order sort keys use). -1, 0 or 1; nil for any other pairing, which
    /// `<`, `<=`, `>`, `>=` and `BETWEEN` treat as false.
    public static func compareScalars(_ a: AttributeValue, _ b: AttributeValue) -> Int? {
        switch (a, b) {
        case (.n(let x), .n(let y)):
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.s(let x), .s(let y)):
            return compareBytes(x.utf8, y.utf8)
        case (.b(let x), .b(let y)):
            return compareBytes(x, y)
        default:
            return nil
        }
    }

    private static func compareBytes(_ x: some Collection<UInt8>, _ y: some Collection<UInt8>) -> Int {
        var left = x.makeIterator(), right = y.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?) where p != q: return p < q ? -1 : 1
            default: continue
            }
        }
    }

    /// `begins_with`: a string prefix (compared as UTF-8) or a binary prefix; false otherwise.
    public func begins(with prefix: AttributeValue) -> Bool {
        switch (self, prefix) {
        case (.s(let text), .s(let start)): return text.utf8.starts(with: start.utf8)
        case (.b(let bytes), .b(let start)): return bytes.starts(with: start)
        default: return false
        }
    }

    /// `contains`: substring of a string, element of a set of the operand's type, or element
    /// of a list (by `matches`). Anything else is false.
    public func containsOperand(_ operand: AttributeValue) -> Bool {
        switch (self, operand) {
        case (.s(let text), .s(let part)): return Self.containsBytes(text.utf8, part.utf8)
        case (.ss(let set), .s(let element)): return set.contains(element)
        case (.ns(let set), .n(let element)): return set.contains(element)
        case (.bs(let set), .b(let element)): return set.contains(element)
        case (.l(let list), _): return list.contains { $0.matches(operand) }
        default: return false
        }
    }

    /// Naive search over the UTF-8 views: no copies, and fine for attribute-sized strings.
    private static func containsBytes(_ haystack: String.UTF8View, _ needle: String.UTF8View) -> Bool {
        guard let first = needle.first else { return true }
        var start = haystack.startIndex
        while let found = haystack[start...].firstIndex(of: first) {
            if haystack[found...].starts(with: needle) { return true }
            start = haystack.index(after: found)
        }
        return false
    }

    /// `size`: a string's length in UTF-16 code units (what DynamoDB counts; `"é𝄞"` is 3),
    /// a binary's bytes, the elements of a set, list or map. Nil for N, BOOL and NULL.
    public var expressionSize: Int? {
        switch self {
        case .s(let text): text.utf16.count
        case .b(let bytes): bytes.count
        case .ss(let set): set.count
        case .ns(let set): set.count
        case .bs(let set): set.count
        case .l(let list): list.count
        case .m(let map): map.count
        case .n, .bool, .null: nil
        }
    }
}
