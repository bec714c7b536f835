import Core
@testable import DynamoDB
import Testing

@Suite struct OperationTableTests {
    private typealias F = OperationFixture

    @Test func createDescribeListUpdateAndDelete() throws {
        let engine = F.engine()
        let created = try F.run(engine, "CreateTable", """
        {"TableName":"Product","BillingMode":"PAY_PER_REQUEST",
         "KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"},{"AttributeName":"product_id","KeyType":"RANGE"}],
         "AttributeDefinitions":[{"AttributeName":"tenant_id","AttributeType":"S"},{"AttributeName":"product_id","AttributeType":"S"}]}
        """)
        let description = try #require(created["TableDescription"])
        #expect(description["TableName"] == "Product")
        #expect(description["TableStatus"] == "ACTIVE")
        #expect(description["TableArn"] == .string("\(F.arn)/Product"))
        #expect(description["BillingModeSummary"]?["BillingMode"] == "PAY_PER_REQUEST")

        try F.createTable(engine, name: "Order", sorted: false)
        let described = try F.run(engine, "DescribeTable", #"{"TableName":"Product"}"#)
        #expect(described["Table"]?["KeySchema"] == description["KeySchema"])
        #expect(try F.run(engine, "ListTables", "{}") == F.json(#"{"TableNames":["Order","Product"]}"#))
        #expect(try F.run(engine, "ListTables", #"{"Limit":1}"#) == F.json(#"{"TableNames":["Order"],"LastEvaluatedTableName":"Order"}"#))
        #expect(try F.run(engine, "ListTables", #"{"ExclusiveStartTableName":"Order"}"#) == F.json(#"{"TableNames":["Product"]}"#))

        let updated = try F.run(engine, "UpdateTable", """
        {"TableName":"Product","AttributeDefinitions":[{"AttributeName":"sku","AttributeType":"S"}],
         "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"bySku","KeySchema":[{"AttributeName":"sku","KeyType":"HASH"}],
           "Projection":{"ProjectionType":"ALL"}}}]}
        """)
        #expect(updated["TableDescription"]?["GlobalSecondaryIndexes"]?[0]?["IndexName"] == "bySku")
        #expect(updated["TableDescription"]?["GlobalSecondaryIndexes"]?[0]?["IndexArn"] == .string("\(F.arn)/Product/index/bySku"))

        let deleted = try F.run(engine, "DeleteTable", #"{"TableName":"Product"}"#)
        #expect(deleted["TableDescription"]?["TableStatus"] == "DELETING")
        #expect(try F.run(engine, "ListTables", "{}") == F.json(#"{"TableNames":["Order"]}"#))
    }

    @Test func tableErrors() throws {
        let engine = F.engine()
        try F.createTable(engine)
        #expect(F.error(engine, "CreateTable", """
        {"TableName":"items","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}]}
        """) == .resourceInUse("Table already exists: items"))
        let notFound = DynamoDBError.resourceNotFound("Requested resource not found: Table: gone not found")
        #expect(F.error(engine, "DescribeTable", #"{"TableName":"gone"}"#) == notFound)
        #expect(F.error(engine, "DeleteTable", #"{"TableName":"gone"}"#) == notFound)
        #expect(F.validation(engine, "DescribeTable", "{}")
            == "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
        #expect(F.validation(engine, "ListTables", #"{"Limit":0}"#)
            == "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        #expect(F.validation(engine, "UpdateTable", #"{"TableName":"items"}"#)?.hasPrefix("At least one of ProvisionedThroughput") == true)
        #expect(F.validation(engine, "CreateTable", #"{"TableName":"abc"}"#)
            == "1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null")
    }

    @Test func tableOperationsAreAuthorisedOnTheTableARN() throws {
        let engine = F.engine()
        let recorder = RecordingAuthorizer()
        try F.run(engine, "CreateTable", """
        {"TableName":"items","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}]}
        """, authorizer: recorder)
        try F.run(engine, "DescribeTable", #"{"TableName":"items"}"#, authorizer: recorder)
        try F.run(engine, "ListTables", "{}", authorizer: recorder)
        try F.run(engine, "DeleteTable", #"{"TableName":"items"}"#, authorizer: recorder)
        // Refused before existence is looked at: a missing table and a present one look the same.
        _ = F.error(engine, "DescribeTable", #"{"TableName":"items"}"#, authorizer: recorder)
        #expect(recorder.accesses == [
            DynamoDBAccess(action: "dynamodb:CreateTable", resource: "\(F.arn)/items"),
            DynamoDBAccess(action: "dynamodb:DescribeTable", resource: "\(F.arn)/items"),
            DynamoDBAccess(action: "dynamodb:ListTables", resource: "*"),
            DynamoDBAccess(action: "dynamodb:DeleteTable", resource: "\(F.arn)/items"),
            DynamoDBAccess(action: "dynamodb:DescribeTable", resource: "\(F.arn)/items"),
        ])
        let denied = F.error(engine, "CreateTable", """
        {"TableName":"other","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}]}
        """, authorizer: TenantAuthorizer(tenant: "t1"))
        #expect(denied?.code == "AccessDeniedException")
        #expect(F.error(engine, "DescribeTable", #"{"TableName":"other"}"#, authorizer: TenantAuthorizer(tenant: "t1"))?.code == "AccessDeniedException")
        #expect(try F.run(engine, "ListTables", "{}") == F.json(#"{"TableNames":[]}"#))
    }
}
