import Core

/// What UpdateTable asks to change: billing, capacity, global secondary indexes (with any
/// attribute definitions the new index keys need).
public struct TableUpdate: Sendable, Hashable {
    /// Definitions for the key attributes of indexes being created.
    public var attributeDefinitions: [AttributeDefinition]
    /// `BillingMode`: `.payPerRequest`, or `.provisioned` (capacity from
    /// `provisionedThroughput` or the table's current capacity).
    public var billingMode: BillingModeChange?
    public var provisionedThroughput: ProvisionedThroughput?
    public var globalSecondaryIndexUpdates: [GlobalSecondaryIndexUpdate]

    /// The billing mode UpdateTable names.
    public enum BillingModeChange: String, Sendable, Hashable {
        case payPerRequest = "PAY_PER_REQUEST"
        case provisioned = "PROVISIONED"
    }

    /// One element of `GlobalSecondaryIndexUpdates`.
    public enum GlobalSecondaryIndexUpdate: Sendable, Hashable {
        /// Adds an index, filled from the items already in the table.
        case create(SecondaryIndexDefinition)
        /// Changes an index's provisioned capacity.
        case update(indexName: String, provisionedThroughput: ProvisionedThroughput)
        case delete(indexName: String)
    }

    public init(
        attributeDefinitions: [AttributeDefinition] = [], billingMode: BillingModeChange? = nil,
        provisionedThroughput: ProvisionedThroughput? = nil, globalSecondaryIndexUpdates: [GlobalSecondaryIndexUpdate] = []
    ) {
        self.attributeDefinitions = attributeDefinitions
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
        self.globalSecondaryIndexUpdates = globalSecondaryIndexUpdates
    }

    /// Reads an UpdateTable request body (`TableName` is the caller's to read).
    /// `StreamSpecification`, `SSESpecification`, `ReplicaUpdates`, `TableClass` and
    /// `DeletionProtectionEnabled` are accepted and ignored.
    public init(updateTableRequest json: JSON) throws(DynamoDBError) {
        let request = try TableRequestReader(json, member: "UpdateTableInput")
        var definitions: [AttributeDefinition] = []
        for (offset, element) in (try request.array("AttributeDefinitions", path: "attributeDefinitions") ?? []).enumerated() {
            let path = "attributeDefinitions.\(offset + 1).member"
            let member = try TableRequestReader(element, member: path)
            let name = try member.requiredString("AttributeName", path: "\(path).attributeName")
            let type = try member.enumeration("AttributeType", path: "\(path).attributeType", allowed: ["B", "N", "S"], required: true)
            definitions.append(AttributeDefinition(name: name, type: ScalarAttributeType(rawValue: type ?? "S") ?? .s))
        }
        let billing = try request.enumeration("BillingMode", path: "billingMode", allowed: ["PROVISIONED", "PAY_PER_REQUEST"], required: false)
        let throughput = try request.reader("ProvisionedThroughput", path: "provisionedThroughput")
            .map { reader throws(DynamoDBError) in try ProvisionedThroughput(reader: reader, path: "provisionedThroughput") }
        var updates: [GlobalSecondaryIndexUpdate] = []
        for (offset, element) in (try request.array("GlobalSecondaryIndexUpdates", path: "globalSecondaryIndexUpdates") ?? []).enumerated() {
            let path = "globalSecondaryIndexUpdates.\(offset + 1).member"
            let member = try TableRequestReader(element, member: path)
            if let create = member.object["Create"], !create.isNull {
                updates.append(.create(try SecondaryIndexDefinition(wire: create, path: "\(path).create")))
            } else if let update = try member.reader("Update", path: "\(path).update") {
                let name = try update.requiredString("IndexName", path: "\(path).update.indexName")
                guard let capacity = try update.reader("ProvisionedThroughput", path: "\(path).update.provisionedThroughput") else {
                    throw TableRequestReader.notNull("\(path).update.provisionedThroughput")
                }
                updates.append(.update(indexName: name, provisionedThroughput: try ProvisionedThroughput(reader: capacity, path: "\(path).update.provisionedThroughput")))
            } else if let delete = try member.reader("Delete", path: "\(path).delete") {
                updates.append(.delete(indexName: try delete.requiredString("IndexName", path: "\(path).delete.indexName")))
            } else {
                throw .validation("One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Update or GlobalSecondaryIndexUpdate.Delete must be specified")
            }
        }
        self.init(
            attributeDefinitions: definitions, billingMode: billing.flatMap(BillingModeChange.init(rawValue:)),
            provisionedThroughput: throughput, globalSecondaryIndexUpdates: updates
        )
    }
}
