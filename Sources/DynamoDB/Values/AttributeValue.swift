import Core

/// One DynamoDB attribute value, in every type the wire format has.
///
/// Sets keep their elements unique and in first-seen order; maps are unordered in DynamoDB,
/// so they are written with sorted keys to keep output deterministic.
public enum AttributeValue: Sendable, Hashable {
    case s(String)
    case n(DynamoNumber)
    case b([UInt8])
    case bool(Bool)
    case null
    case m([String: AttributeValue])
    case l([AttributeValue])
    case ss([String])
    case ns([DynamoNumber])
    case bs([[UInt8]])

    /// The type descriptor as the wire and `attribute_type` name it: `S`, `N`, `B`, `BOOL`,
    /// `NULL`, `M`, `L`, `SS`, `NS`, `BS`.
    public var typeName: String {
        switch self {
        case .s: "S"
        case .n: "N"
        case .b: "B"
        case .bool: "BOOL"
        case .null: "NULL"
        case .m: "M"
        case .l: "L"
        case .ss: "SS"
        case .ns: "NS"
        case .bs: "BS"
        }
    }

    /// The item-size contribution of this value, by DynamoDB's published rules: strings and
    /// binaries by length, numbers about one byte per two digits plus one, 1 byte for
    /// BOOL/NULL, 3 bytes of overhead for each list or map plus one per element.
    public var size: Int {
        switch self {
        case .s(let text): text.utf8.count
        case .n(let number): (number.digits.count + 1) / 2 + 1
        case .b(let bytes): bytes.count
        case .bool, .null: 1
        case .m(let map): 3 + map.reduce(0) { $0 + $1.key.utf8.count + $1.value.size + 1 }
        case .l(let list): 3 + list.reduce(0) { $0 + $1.size + 1 }
        case .ss(let strings): strings.reduce(0) { $0 + $1.utf8.count }
        case .ns(let numbers): numbers.reduce(0) { $0 + AttributeValue.n($1).size }
        case .bs(let binaries): binaries.reduce(0) { $0 + $1.count }
        }
    }
}

/// An item: attribute names to values.
public typealias Item = [String: AttributeValue]

extension Item {
    /// DynamoDB's item size: every attribute's name plus its value.
    public var itemSize: Int {
        reduce(0) { $0 + $1.key.utf8.count + $1.value.size }
    }
}
