import Core

/// DynamoDB's operations over one account's tables in one region: request JSON in, response
/// JSON out, in DynamoDB's own shapes, so the Cloud adapter only frames and signs.
///
/// Every operation goes through the same three steps:
/// 1. read and validate the request (member types, enums, limits, expressions and their
///    placeholders, and, when the table exists, the keys against its schema), so malformed
///    requests get DynamoDB's ValidationException or SerializationException;
/// 2. describe what it will touch as ``DynamoDBAccess`` values and hand each to the
///    ``DynamoDBAuthorizer``. Resources are ARNs built from the names in the request, so a
///    caller refused on an ARN is refused whether or not the table exists (for a missing
///    table the partition key cannot be told from the other key attributes, so its access
///    has no leading keys); a batch or transaction is authorised whole before anything is
///    read or written;
/// 3. only then look for missing tables (ResourceNotFoundException) and run.
///
/// Safe to call from any number of threads: tables serialise their own writes.
public final class DynamoDBEngine: Sendable {
    /// The tables.
    public let catalog: TableCatalog
    /// TransactWriteItems tokens seen in the last ten minutes.
    let clientRequestTokens: ClientRequestTokens
    /// When expired items were last swept (Time to Live).
    let expirySweeper: ExpirySweeper

    /// An engine over `catalog`.
    public init(catalog: TableCatalog) {
        self.catalog = catalog
        self.clientRequestTokens = ClientRequestTokens()
        self.expirySweeper = ExpirySweeper()
    }

    /// An engine over `catalog` remembering `clientRequestTokens` and its last sweep, for
    /// ``copy(clock:random:)``.
    init(catalog: TableCatalog, clientRequestTokens: ClientRequestTokens, expirySweeper: ExpirySweeper) {
        self.catalog = catalog
        self.clientRequestTokens = clientRequestTokens
        self.expirySweeper = expirySweeper
    }

    /// An engine over a new, empty catalog. `clock` stamps CreationDateTime; `random`
    /// draws TableIds.
    public convenience init(region: String, accountId: String, clock: any WallClock = SystemClock(), random: any RandomSource = SystemRandomSource()) {
        self.init(catalog: TableCatalog(region: region, accountId: accountId, clock: clock, random: random))
    }

    /// The operations ``handle(_:input:authorizer:)`` serves, by their `X-Amz-Target`
    /// suffix.
    public static let operations: Set<String> = [
        "CreateTable", "DescribeTable", "ListTables", "DeleteTable", "UpdateTable",
        "PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan",
        "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems",
        "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction",
        "UpdateTimeToLive", "DescribeTimeToLive", "TagResource", "UntagResource", "ListTagsOfResource",
    ]

    /// Runs one operation. `input` is the request body as parsed JSON; the result is the
    /// response body. Errors are DynamoDB's, by name (`DynamoDBError.code`) and wording;
    /// an operation not in ``operations`` is `UnknownOperationException` with an empty
    /// message (DynamoDB's answer carries none).
    public func handle(_ operation: String, input: JSON, authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        sweepIfDue()
        return switch operation {
        case "PutItem": try putItem(input, authorizer)
        case "GetItem": try getItem(input, authorizer)
        case "UpdateItem": try updateItem(input, authorizer)
        case "DeleteItem": try deleteItem(input, authorizer)
        case "Query": try query(input, authorizer)
        case "Scan": try scan(input, authorizer)
        case "BatchGetItem": try batchGetItem(input, authorizer)
        case "BatchWriteItem": try batchWriteItem(input, authorizer)
        case "TransactWriteItems": try transactWriteItems(input, authorizer)
        case "TransactGetItems": try transactGetItems(input, authorizer)
        case "ExecuteStatement": try executeStatement(input, authorizer)
        case "BatchExecuteStatement": try batchExecuteStatement(input, authorizer)
        case "ExecuteTransaction": try executeTransaction(input, authorizer)
        case "UpdateTimeToLive": try updateTimeToLive(input, authorizer)
        case "DescribeTimeToLive": try describeTimeToLive(input, authorizer)
        case "TagResource": try tagResource(input, authorizer)
        case "UntagResource": try untagResource(input, authorizer)
        case "ListTagsOfResource": try listTagsOfResource(input, authorizer)
        case "CreateTable": try createTable(input, authorizer)
        case "DescribeTable": try describeTable(input, authorizer)
        case "ListTables": try listTables(input, authorizer)
        case "DeleteTable": try deleteTable(input, authorizer)
        case "UpdateTable": try updateTable(input, authorizer)
        default: throw DynamoDBError(code: "UnknownOperationException", message: "")
        }
    }

    // MARK: Shared steps

    /// The table called `name`, or nil: existence is revealed only after authorisation.
    func existingTable(_ name: String) -> Table? {
        catalog.tables.withLock { $0[name] }
    }

    /// The table's ARN, from the table when it exists (no string building) or from its name.
    func tableARN(_ name: String, _ table: Table?) -> String {
        table?.arn ?? catalog.tableARN(name)
    }

    /// An index ARN, built from the names alone when the table does not exist.
    func indexARN(_ tableName: String, _ table: Table?, index: String) -> String {
        "\(tableARN(tableName, table))/index/\(index)"
    }

    /// The table after authorisation, or ResourceNotFoundException.
    func found(_ table: Table?) throws(DynamoDBError) -> Table {
        guard let table else { throw .resourceNotFound() }
        return table
    }
}

/// CreateTable, DescribeTable, ListTables, DeleteTable and UpdateTable: the catalog's
/// operations with their request and response shapes, authorised on the table's ARN (the
/// account's tables as a whole, `*`, for ListTables, which has no resource-level
/// permissions) with no condition keys.
extension DynamoDBEngine {
    func createTable(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let definition = try TableDefinition(createTableRequest: input)
        let name = definition.name.value
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:CreateTable", resource: catalog.tableARN(name)))
        let description = try catalog.createTable(definition)
        return ["TableDescription": description.json]
    }

    func describeTable(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let name = try OperationRequest(input, input: "DescribeTableInput").tableName()
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:DescribeTable", resource: catalog.tableARN(name)))
        return ["Table": try catalog.describeTable(name).json]
    }

    func listTables(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "ListTablesInput")
        let start = try request.string("ExclusiveStartTableName")
        let limit = try request.integer("Limit")
        // Listing checks the arguments; its only other outcome, the names, is withheld until
        // the caller is authorised.
        let list = try catalog.listTables(exclusiveStartTableName: start, limit: limit)
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:ListTables", resource: "*"))
        return list.json
    }

    func deleteTable(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let name = try OperationRequest(input, input: "DeleteTableInput").tableName()
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:DeleteTable", resource: catalog.tableARN(name)))
        return ["TableDescription": try catalog.deleteTable(name).json]
    }

    func updateTable(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let name = try OperationRequest(input, input: "UpdateTableInput").tableName()
        let update = try TableUpdate(updateTableRequest: input)
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:UpdateTable", resource: catalog.tableARN(name)))
        return ["TableDescription": try catalog.updateTable(name, update).json]
    }
}
