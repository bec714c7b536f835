import Core
import Synchronization

/// The account's tables in one region: CreateTable, DescribeTable, ListTables, DeleteTable
/// and UpdateTable, and the way in to each table's items.
///
/// Concurrency: the name-to-table map sits behind its own `Mutex`, held only to look a
/// table up, add or remove one; item operations then run under the table's lock (see
/// ``Table``). No code path holds the catalog's lock while taking a table's, so the two
/// never deadlock; transactions take several tables' locks in name order.
public final class TableCatalog: Sendable {
    public let region: String
    public let accountId: String
    let clock: any WallClock
    let random: any RandomSource
    let tables = Mutex<[String: Table]>([:])

    /// A catalog with no tables. `clock` stamps CreationDateTime; `random` draws TableIds.
    public init(region: String, accountId: String, clock: any WallClock, random: any RandomSource) {
        self.region = region
        self.accountId = accountId
        self.clock = clock
        self.random = random
    }

    /// `arn:aws:dynamodb:<region>:<account>:table/<name>`.
    public func tableARN(_ name: String) -> String {
        "arn:aws:dynamodb:\(region):\(accountId):table/\(name)"
    }

    /// CreateTable. The table is ACTIVE at once.
    @discardableResult
    public func createTable(_ definition: TableDefinition) throws(DynamoDBError) -> TableDescription {
        let name = definition.name.value
        let table = Table(
            definition: definition, arn: tableARN(name), tableId: UUIDv4.make(using: random), creationDateTime: clock.now()
        )
        let added = tables.withLock { tables in
            guard tables[name] == nil else { return false }
            tables[name] = table
            return true
        }
        guard added else { throw .resourceInUse("Table already exists: \(name)") }
        return table.describe()
    }

    /// The table called `name`, for item operations; ResourceNotFoundException when there
    /// is none.
    public func table(named name: String) throws(DynamoDBError) -> Table {
        guard let table = tables.withLock({ $0[name] }) else { throw .resourceNotFound() }
        return table
    }

    /// DescribeTable.
    public func describeTable(_ name: String) throws(DynamoDBError) -> TableDescription {
        guard let table = tables.withLock({ $0[name] }) else {
            throw .resourceNotFound("Requested resource not found: Table: \(name) not found")
        }
        return table.describe()
    }

    /// One page of ListTables.
    public struct TableList: Sendable, Equatable {
        public let tableNames: [String]
        /// The last name of this page when more follow; nil on the last page.
        public let lastEvaluatedTableName: String?

        /// `{"TableNames": [...], "LastEvaluatedTableName": ...}`.
        public var json: JSON {
            var object: JSONObject = ["TableNames": .array(tableNames.map { .string($0) })]
            if let lastEvaluatedTableName {
                object.updateValue(.string(lastEvaluatedTableName), forKey: "LastEvaluatedTableName")
            }
            return .object(object)
        }
    }

    /// ListTables: names in ascending order after `exclusiveStartTableName`, at most
    /// `limit` (1 to 100, default 100) per page.
    public func listTables(exclusiveStartTableName: String? = nil, limit: Int? = nil) throws(DynamoDBError) -> TableList {
        let limit = limit ?? 100
        if limit < 1 {
            throw TableRequestReader.constraint("'\(limit)'", at: "limit", "Member must have value greater than or equal to 1")
        }
        if limit > 100 {
            throw TableRequestReader.constraint("'\(limit)'", at: "limit", "Member must have value less than or equal to 100")
        }
        if let start = exclusiveStartTableName {
            try TableName.check(start, member: "exclusiveStartTableName")
        }
        // Table names are ASCII, so String order is byte order.
        var names = tables.withLock { Array($0.keys) }.sorted()
        if let start = exclusiveStartTableName {
            names.removeAll { $0 <= start }
        }
        guard names.count > limit else { return TableList(tableNames: names, lastEvaluatedTableName: nil) }
        let page = Array(names.prefix(limit))
        return TableList(tableNames: page, lastEvaluatedTableName: page.last)
    }

    /// DeleteTable: removes the table at once and answers with its last description,
    /// status `DELETING`.
    @discardableResult
    public func deleteTable(_ name: String) throws(DynamoDBError) -> TableDescription {
        guard let table = tables.withLock({ $0.removeValue(forKey: name) }) else {
            throw .resourceNotFound("Requested resource not found: Table: \(name) not found")
        }
        return table.describe().with(status: .deleting)
    }
}
