import Core

/// The three types a key attribute may have (`AttributeDefinitions[].AttributeType`).
public enum ScalarAttributeType: String, Sendable, Hashable, CaseIterable {
    case s = "S"
    case n = "N"
    case b = "B"
}

/// One entry of `AttributeDefinitions`: a key attribute (of the table or of an index) and
/// its type.
public struct AttributeDefinition: Sendable, Hashable {
    public var name: String
    public var type: ScalarAttributeType

    public init(name: String, type: ScalarAttributeType) {
        self.name = name
        self.type = type
    }

    /// `{"AttributeName": ..., "AttributeType": ...}`.
    public var wire: JSON {
        ["AttributeName": .string(name), "AttributeType": .string(type.rawValue)]
    }
}

/// A key schema: the partition (`HASH`) attribute and, for a composite key, the sort
/// (`RANGE`) attribute. Used for tables and for indexes.
public struct KeySchema: Sendable, Hashable {
    public var partitionKey: String
    public var sortKey: String?

    public init(partitionKey: String, sortKey: String? = nil) {
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }

    /// The key attribute names, partition first.
    public var attributeNames: [String] {
        [partitionKey] + (sortKey.map { [$0] } ?? [])
    }

    /// `[{"AttributeName": ..., "KeyType": "HASH"}, {"AttributeName": ..., "KeyType": "RANGE"}]`.
    public var wire: JSON {
        var elements: [JSON] = [["AttributeName": .string(partitionKey), "KeyType": "HASH"]]
        if let sortKey {
            elements.append(["AttributeName": .string(sortKey), "KeyType": "RANGE"])
        }
        return .array(elements)
    }
}

/// A key attribute with its type, as storage needs it on every write.
struct KeyAttribute: Sendable, Hashable {
    let name: String
    let type: ScalarAttributeType
}

/// A key schema resolved against the attribute definitions.
struct KeyLayout: Sendable, Hashable {
    let partition: KeyAttribute
    let sort: KeyAttribute?

    init(partition: KeyAttribute, sort: KeyAttribute?) {
        self.partition = partition
        self.sort = sort
    }

    /// - Precondition: every key attribute is defined (validated table definitions are).
    init(_ schema: KeySchema, definitions: [AttributeDefinition]) {
        func attribute(_ name: String) -> KeyAttribute {
            KeyAttribute(name: name, type: definitions.first { $0.name == name }?.type ?? .s)
        }
        self.partition = attribute(schema.partitionKey)
        self.sort = schema.sortKey.map(attribute)
    }

    var attributes: [KeyAttribute] {
        [partition] + (sort.map { [$0] } ?? [])
    }

    func contains(_ name: String) -> Bool {
        partition.name == name || sort?.name == name
    }
}
