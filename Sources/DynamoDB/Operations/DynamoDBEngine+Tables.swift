import Core

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
