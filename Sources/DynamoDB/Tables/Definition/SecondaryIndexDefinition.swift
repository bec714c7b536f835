import Core

/// Which attributes an index copies from the table (`Projection`).
public enum Projection: Sendable, Hashable {
    /// Every attribute.
    case all
    /// The table's and the index's key attributes only.
    case keysOnly
    /// The key attributes plus these (`NonKeyAttributes`).
    case include([String])

    /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
    public var typeName: String {
        switch self {
        case .all: "ALL"
        case .keysOnly: "KEYS_ONLY"
        case .include: "INCLUDE"
        }
    }

    /// `{"ProjectionType": ..., "NonKeyAttributes": [...]}`.
    public var wire: JSON {
        guard case .include(let names) = self else { return ["ProjectionType": .string(typeName)] }
        return ["ProjectionType": "INCLUDE", "NonKeyAttributes": .array(names.map { .string($0) })]
    }
}

/// Provisioned read and write capacity units, each at least 1.
public struct ProvisionedThroughput: Sendable, Hashable {
    public var readCapacityUnits: Int
    public var writeCapacityUnits: Int

    public init(readCapacityUnits: Int, writeCapacityUnits: Int) {
        self.readCapacityUnits = readCapacityUnits
        self.writeCapacityUnits = writeCapacityUnits
    }
}

/// How the table is billed. Capacity is recorded and described, never enforced: the
/// embedded backend does not throttle.
public enum BillingMode: Sendable, Hashable {
    case payPerRequest
    case provisioned(ProvisionedThroughput)

    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    public var name: String {
        switch self {
        case .payPerRequest: "PAY_PER_REQUEST"
        case .provisioned: "PROVISIONED"
        }
    }
}

/// A global or local secondary index as CreateTable (or UpdateTable's `Create`) declares it.
public struct SecondaryIndexDefinition: Sendable, Hashable {
    public var name: String
    public var keySchema: KeySchema
    public var projection: Projection
    /// A global index's own capacity under `PROVISIONED` billing; nil otherwise.
    public var provisionedThroughput: ProvisionedThroughput?

    public init(name: String, keySchema: KeySchema, projection: Projection, provisionedThroughput: ProvisionedThroughput? = nil) {
        self.name = name
        self.keySchema = keySchema
        self.projection = projection
        self.provisionedThroughput = provisionedThroughput
    }
}

/// A validated table name: 3 to 255 characters of `[a-zA-Z0-9_.-]`.
public struct TableName: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// Checks the name as DynamoDB does, with its messages.
    public init(_ value: String) throws(DynamoDBError) {
        try Self.check(value, member: "tableName")
        self.value = value
    }

    public var description: String { value }

    /// The length and character rules shared by table and index names.
    static func check(_ value: String, member: String) throws(DynamoDBError) {
        let length = value.utf8.count
        if length < 3 {
            throw .validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have length greater than or equal to 3")
        }
        if length > 255 {
            throw .validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have length less than or equal to 255")
        }
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
        if !allowed {
            throw .validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
        }
    }
}
