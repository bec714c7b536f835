/// A key attribute's value (S, N or B) as storage orders it.
///
/// DynamoDB orders strings by their UTF-8 bytes and treats two strings as the same key only
/// when their bytes are equal. Swift's `String` comparison normalises (`"é" == "e\u{301}"`),
/// so equality, hashing and ordering here go through the UTF-8 bytes instead.
enum KeyScalar: Sendable {
    case s(String)
    case n(DynamoNumber)
    case b([UInt8])

    /// The scalar of a key attribute value; nil for every non-key type.
    init?(_ value: AttributeValue) {
        switch value {
        case .s(let text): self = .s(text)
        case .n(let number): self = .n(number)
        case .b(let bytes): self = .b(bytes)
        default: return nil
        }
    }

    /// The attribute value it came from.
    var attributeValue: AttributeValue {
        switch self {
        case .s(let text): .s(text)
        case .n(let number): .n(number)
        case .b(let bytes): .b(bytes)
        }
    }

    var type: ScalarAttributeType {
        switch self {
        case .s: .s
        case .n: .n
        case .b: .b
        }
    }

    /// Bytes counted against the key size limits (2048 partition, 1024 sort); numbers have
    /// no such limit.
    var limitedSize: Int {
        switch self {
        case .s(let text): text.utf8.count
        case .n: 0
        case .b(let bytes): bytes.count
        }
    }

    /// Whether this is the empty string or empty binary, which no key may be.
    var isEmpty: Bool {
        switch self {
        case .s(let text): text.isEmpty
        case .n: false
        case .b(let bytes): bytes.isEmpty
        }
    }

    /// Whether this string or binary starts with `prefix` (same type); never for numbers.
    func hasPrefix(_ prefix: KeyScalar) -> Bool {
        switch (self, prefix) {
        case (.s(let text), .s(let start)):
            text.utf8.count >= start.utf8.count && text.utf8.starts(with: start.utf8)
        case (.b(let bytes), .b(let start)):
            bytes.starts(with: start)
        default:
            false
        }
    }

    /// A hash that is the same in every process and on every platform (Swift's `Hasher` is
    /// seeded per process), so partitions come out of a Scan in the same order every run and
    /// a segment always owns the same partitions.
    var stableHash: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        switch self {
        case .s(let text):
            mix(1)
            for byte in text.utf8 { mix(byte) }
        case .n(let number):
            // The normal form (digits, exponent, sign) is unique per numeric value.
            mix(2)
            mix(number.negative ? 1 : 0)
            let exponent = UInt16(bitPattern: Int16(truncatingIfNeeded: number.exponent))
            mix(UInt8(truncatingIfNeeded: exponent))
            mix(UInt8(truncatingIfNeeded: exponent >> 8))
            for digit in number.digits { mix(digit) }
        case .b(let bytes):
            mix(3)
            for byte in bytes { mix(byte) }
        }
        // FNV-1a's high bits are weak for short inputs; the murmur3 finaliser spreads them,
        // which matters because segments split the hash space by its high bits.
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}

extension KeyScalar: Comparable, Hashable {
    /// Orders S by UTF-8 bytes, N numerically, B by unsigned bytes. Values of different types
    /// never meet in one key position (the schema fixes the type); they are ordered S < N < B
    /// only so that the order is total.
    static func < (lhs: KeyScalar, rhs: KeyScalar) -> Bool {
        compare(lhs, rhs) < 0
    }

    static func == (lhs: KeyScalar, rhs: KeyScalar) -> Bool {
        switch (lhs, rhs) {
        case (.s(let a), .s(let b)): compareUTF8(a, b) == 0
        case (.n(let a), .n(let b)): a == b
        case (.b(let a), .b(let b)): a == b
        default: false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .s(let text):
            hasher.combine(0 as UInt8)
            for byte in text.utf8 { hasher.combine(byte) }
        case .n(let number):
            hasher.combine(1 as UInt8)
            hasher.combine(number)
        case .b(let bytes):
            hasher.combine(2 as UInt8)
            hasher.combine(bytes)
        }
    }

    /// -1, 0 or 1.
    static func compare(_ lhs: KeyScalar, _ rhs: KeyScalar) -> Int {
        switch (lhs, rhs) {
        case (.s(let a), .s(let b)):
            return compareUTF8(a, b)
        case (.n(let a), .n(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.b(let a), .b(let b)):
            return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in compareBytes(x, y) } }
        default:
            return lhs.typeRank < rhs.typeRank ? -1 : 1
        }
    }

    private var typeRank: Int {
        switch self {
        case .s: 0
        case .n: 1
        case .b: 2
        }
    }

    /// Byte-wise comparison of two strings' UTF-8, without copying native strings.
    static func compareUTF8(_ a: String, _ b: String) -> Int {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in compareBytes(x, y) }
        }
        if let result = fast ?? nil { return result }
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    static func compareBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(x.count, y.count)
        var index = 0
        while index < common {
            let a = x[index], b = y[index]
            if a != b { return a < b ? -1 : 1 }
            index += 1
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }
}
