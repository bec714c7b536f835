import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A table's status. The embedded engine creates, updates and deletes at once, so tables are
/// `ACTIVE` from CreateTable's answer on; DeleteTable's answer alone says `DELETING`.
public enum TableStatus: String, Sendable {
    case creating = "CREATING"
    case updating = "UPDATING"
    case deleting = "DELETING"
    case active = "ACTIVE"
}

/// What DescribeTable (and CreateTable, UpdateTable, DeleteTable) report about a table: a
/// snapshot of its definition and live counts.
public struct TableDescription: Sendable {
    public let definition: TableDefinition
    public let arn: String
    public let tableId: String
    public let status: TableStatus
    public let creationDateTime: Date
    public let itemCount: Int
    public let sizeBytes: Int
    /// Per index name: items and bytes the index holds (projected).
    public let indexStatistics: [String: IndexStatistics]

    /// An index's live counts.
    public struct IndexStatistics: Sendable, Equatable {
        public let itemCount: Int
        public let sizeBytes: Int
    }

    init(table: Table, definition: TableDefinition, statistics: TableStatistics, status: TableStatus) {
        self.definition = definition
        self.arn = table.arn
        self.tableId = table.tableId
        self.status = status
        self.creationDateTime = table.creationDateTime
        self.itemCount = statistics.itemCount
        self.sizeBytes = statistics.sizeBytes
        self.indexStatistics = statistics.indexes.mapValues { IndexStatistics(itemCount: $0.itemCount, sizeBytes: $0.sizeBytes) }
    }

    /// The same description with another status (DeleteTable answers `DELETING`).
    func with(status: TableStatus) -> TableDescription {
        TableDescription(self, status: status)
    }

    private init(_ other: TableDescription, status: TableStatus) {
        self.definition = other.definition
        self.arn = other.arn
        self.tableId = other.tableId
        self.status = status
        self.creationDateTime = other.creationDateTime
        self.itemCount = other.itemCount
        self.sizeBytes = other.sizeBytes
        self.indexStatistics = other.indexStatistics
    }

    /// The `TableDescription` JSON object, as DescribeTable's `Table` member and the
    /// `TableDescription` member of CreateTable, UpdateTable and DeleteTable carry it.
    public var json: JSON {
        let created = JSON.number(creationDateTime.timeIntervalSince1970)
        var object: JSONObject = [
            "AttributeDefinitions": .array(definition.attributeDefinitions.map(\.wire)),
            "TableName": .string(definition.name.value),
            "KeySchema": definition.keySchema.wire,
            "TableStatus": .string(status.rawValue),
            "CreationDateTime": created,
            "ProvisionedThroughput": Self.throughput(definition.billingMode, own: nil),
            "TableSizeBytes": .number(sizeBytes),
            "ItemCount": .number(itemCount),
            "TableArn": .string(arn),
            "TableId": .string(tableId),
        ]
        var summary: JSONObject = ["BillingMode": .string(definition.billingMode.name)]
        if definition.billingMode == .payPerRequest {
            summary.updateValue(created, forKey: "LastUpdateToPayPerRequestDateTime")
        }
        object.updateValue(.object(summary), forKey: "BillingModeSummary")
        if !definition.localSecondaryIndexes.isEmpty {
            object.updateValue(.array(definition.localSecondaryIndexes.map { index(json: $0, isGlobal: false) }), forKey: "LocalSecondaryIndexes")
        }
        if !definition.globalSecondaryIndexes.isEmpty {
            object.updateValue(.array(definition.globalSecondaryIndexes.map { index(json: $0, isGlobal: true) }), forKey: "GlobalSecondaryIndexes")
        }
        object.updateValue(false, forKey: "DeletionProtectionEnabled")
        return .object(object)
    }

    private func index(json index: SecondaryIndexDefinition, isGlobal: Bool) -> JSON {
        let statistics = indexStatistics[index.name] ?? IndexStatistics(itemCount: 0, sizeBytes: 0)
        var object: JSONObject = [
            "IndexName": .string(index.name),
            "KeySchema": index.keySchema.wire,
            "Projection": index.projection.wire,
        ]
        if isGlobal {
            object.updateValue(.string(status == .deleting ? "DELETING" : "ACTIVE"), forKey: "IndexStatus")
            object.updateValue(Self.throughput(definition.billingMode, own: index.provisionedThroughput), forKey: "ProvisionedThroughput")
        }
        object.updateValue(.number(statistics.sizeBytes), forKey: "IndexSizeBytes")
        object.updateValue(.number(statistics.itemCount), forKey: "ItemCount")
        object.updateValue(.string("\(arn)/index/\(index.name)"), forKey: "IndexArn")
        return .object(object)
    }

    /// On-demand tables and their indexes describe zero capacity, as DynamoDB does.
    private static func throughput(_ mode: BillingMode, own: ProvisionedThroughput?) -> JSON {
        switch mode {
        case .payPerRequest:
            ProvisionedThroughput(readCapacityUnits: 0, writeCapacityUnits: 0).wire
        case .provisioned(let table):
            (own ?? table).wire
        }
    }
}
