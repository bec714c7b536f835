import Core
@testable import DynamoDB
import Testing

@Suite struct TableCatalogTests {
    private typealias F = TableFixture

    @Test func describesTablesAsDynamoDBDoes() throws {
        let catalog = F.catalog()
        let definition = try TableDefinition(createTableRequest: try JSON.parse(TableDefinitionTests.valid))
        let created = try catalog.createTable(definition)
        #expect(created.status == .active)
        let table = try catalog.table(named: "tenant-orders")
        try table.put(["tenant_id": .s("t1"), "order_id": .s("o1"), "status": .s("open"), "total": F.number("12.5"), "note": .s("x")])
        let json = try catalog.describeTable("tenant-orders").json
        let tableId = try #require(json["TableId"]?.stringValue)
        #expect(tableId.count == 36 && tableId.split(separator: "-").count == 5)
        let expected = try JSON.parse(#"""
        {"AttributeDefinitions":[{"AttributeName":"tenant_id","AttributeType":"S"},{"AttributeName":"order_id","AttributeType":"S"},
                                 {"AttributeName":"status","AttributeType":"S"},{"AttributeName":"total","AttributeType":"N"}],
         "TableName":"tenant-orders",
         "KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"},{"AttributeName":"order_id","KeyType":"RANGE"}],
         "TableStatus":"ACTIVE","CreationDateTime":1700000000.25,
         "ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0},
         "TableSizeBytes":44,"ItemCount":1,
         "TableArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tenant-orders","TableId":"\#(tableId)",
         "BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST","LastUpdateToPayPerRequestDateTime":1700000000.25},
         "LocalSecondaryIndexes":[{"IndexName":"by-total","KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"},{"AttributeName":"total","KeyType":"RANGE"}],
           "Projection":{"ProjectionType":"KEYS_ONLY"},"IndexSizeBytes":29,"ItemCount":1,
           "IndexArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tenant-orders/index/by-total"}],
         "GlobalSecondaryIndexes":[{"IndexName":"by-status","KeySchema":[{"AttributeName":"status","KeyType":"HASH"}],
           "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["total"]},"IndexStatus":"ACTIVE",
           "ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0},
           "IndexSizeBytes":39,"ItemCount":1,"IndexArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tenant-orders/index/by-status"}],
         "DeletionProtectionEnabled":false}
        """#)
        #expect(json == expected)
        #expect(json.serialized().hasPrefix(#"{"AttributeDefinitions":"#))
    }

    @Test func provisionedTablesDescribeTheirCapacity() throws {
        let catalog = F.catalog()
        try catalog.createTable(
            TableDefinition(
                name: TableName("prov"), keySchema: KeySchema(partitionKey: "pk"), attributeDefinitions: [AttributeDefinition(name: "pk", type: .s)],
                billingMode: .provisioned(ProvisionedThroughput(readCapacityUnits: 5, writeCapacityUnits: 3))
            ))
        let json = try catalog.describeTable("prov").json
        #expect(json["ProvisionedThroughput"] == ["NumberOfDecreasesToday": 0, "ReadCapacityUnits": 5, "WriteCapacityUnits": 3])
        #expect(json["BillingModeSummary"] == ["BillingMode": "PROVISIONED"])
        #expect(json["GlobalSecondaryIndexes"] == nil)
    }

    @Test func namesAreUniqueAndMissingTablesAreNotFound() throws {
        let catalog = F.catalog()
        _ = try F.table(catalog, name: "orders")
        let again = F.error { _ = try F.table(catalog, name: "orders") }
        #expect(again == .resourceInUse("Table already exists: orders"))
        #expect(F.error { _ = try catalog.describeTable("nope") } == .resourceNotFound("Requested resource not found: Table: nope not found"))
        #expect(F.error { _ = try catalog.table(named: "nope") } == .resourceNotFound("Requested resource not found"))
        #expect(F.error { try catalog.deleteTable("nope") }?.code == "ResourceNotFoundException")
    }

    @Test func listsTablesInOrderAndPages() throws {
        let catalog = F.catalog()
        for name in ["delta", "Alpha", "charlie", "bravo", "echo", "alpha"] {
            _ = try F.table(catalog, name: name)
        }
        #expect(try catalog.listTables().tableNames == ["Alpha", "alpha", "bravo", "charlie", "delta", "echo"])
        let first = try catalog.listTables(limit: 4)
        #expect(first.tableNames == ["Alpha", "alpha", "bravo", "charlie"])
        #expect(first.lastEvaluatedTableName == "charlie")
        let second = try catalog.listTables(exclusiveStartTableName: first.lastEvaluatedTableName, limit: 4)
        #expect(second == CatalogListing.page(["delta", "echo"], last: nil))
        let exact = try catalog.listTables(limit: 6)
        #expect(exact.lastEvaluatedTableName == nil)
        #expect(try catalog.listTables(exclusiveStartTableName: "bzz").tableNames == ["charlie", "delta", "echo"])
        #expect(first.json == ["TableNames": ["Alpha", "alpha", "bravo", "charlie"], "LastEvaluatedTableName": "charlie"])
        #expect(F.validation { _ = try catalog.listTables(limit: 0) } == "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        #expect(F.validation { _ = try catalog.listTables(limit: 101) } == "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")
    }

    @Test func deleteAnswersDeletingAndForgetsTheTable() throws {
        let catalog = F.catalog()
        let table = try F.table(catalog, name: "gone")
        try table.put(["pk": .s("a"), "sk": .s("b")])
        let description = try catalog.deleteTable("gone")
        #expect(description.status == .deleting)
        #expect(description.json["TableStatus"] == "DELETING")
        #expect(description.itemCount == 1)
        #expect(try catalog.listTables().tableNames.isEmpty)
        // The name is free again, and the new table starts empty.
        let fresh = try F.table(catalog, name: "gone")
        #expect(try fresh.get(key: ["pk": .s("a"), "sk": .s("b")]) == nil)
    }

    @Test func updateTableAddsABackfilledGlobalIndex() throws {
        let catalog = F.catalog()
        let table = try F.table(catalog, name: "users")
        for index in 0..<50 {
            var item: Item = ["pk": .s("tenant\(index % 5)"), "sk": .s("user\(index)"), "name": .s("n\(index)")]
            if index % 2 == 0 { item["email"] = .s("u\(index)@example.com") }
            if index == 1 { item["email"] = F.number("7") }  // wrong type: left out of the backfill
            try table.put(item)
        }
        let request = try JSON.parse(#"""
        {"TableName": "users", "AttributeDefinitions": [{"AttributeName": "email", "AttributeType": "S"}],
         "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "by-email", "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
           "Projection": {"ProjectionType": "KEYS_ONLY"}}}]}
        """#)
        let description = try catalog.updateTable("users", TableUpdate(updateTableRequest: request))
        #expect(description.indexStatistics["by-email"]?.itemCount == 25)
        #expect(description.definition.attributeDefinitions.map(\.name) == ["pk", "sk", "email"])
        #expect(description.json["GlobalSecondaryIndexes"]?[0]?["IndexStatus"] == "ACTIVE")
        let found = try table.query(index: "by-email", partitionKey: .s("u10@example.com"))
        #expect(found.items == [["pk": .s("tenant0"), "sk": .s("user10"), "email": .s("u10@example.com")]])
        // Later writes maintain it.
        try table.put(["pk": .s("tenant9"), "sk": .s("late"), "email": .s("late@example.com")])
        #expect(try table.query(index: "by-email", partitionKey: .s("late@example.com")).items.count == 1)
        #expect(F.validation { try table.put(["pk": .s("x"), "sk": .s("y"), "email": .bool(true)]) }
            == "One or more parameter values were invalid: Type mismatch for Index Key email Expected: S Actual: BOOL IndexName: by-email")

        // Deleting it drops the definition it alone used.
        let dropped = try catalog.updateTable("users", TableUpdate(globalSecondaryIndexUpdates: [.delete(indexName: "by-email")]))
        #expect(dropped.definition.globalSecondaryIndexes.isEmpty)
        #expect(dropped.definition.attributeDefinitions.map(\.name) == ["pk", "sk"])
        #expect(F.validation { _ = try table.query(index: "by-email", partitionKey: .s("a")) } == "The table does not have the specified index: by-email")
    }

    @Test func updateTableRefusesBadRequests() throws {
        let catalog = F.catalog()
        _ = try F.table(catalog, name: "users", globals: [SecondaryIndexDefinition(name: "gix", keySchema: KeySchema(partitionKey: "g"), projection: .all)], extra: [AttributeDefinition(name: "g", type: .s)])
        let create = { (name: String, key: String) in
            TableUpdate.GlobalSecondaryIndexUpdate.create(SecondaryIndexDefinition(name: name, keySchema: KeySchema(partitionKey: key), projection: .all))
        }
        #expect(F.validation { _ = try catalog.updateTable("users", TableUpdate()) }?.hasPrefix("At least one of ProvisionedThroughput") == true)
        #expect(F.validation { _ = try catalog.updateTable("users", TableUpdate(globalSecondaryIndexUpdates: [create("new", "h")])) }
            == "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [h], AttributeDefinitions: [pk, sk, g]")
        #expect(F.validation { _ = try catalog.updateTable("users", TableUpdate(attributeDefinitions: [AttributeDefinition(name: "g", type: .s)], globalSecondaryIndexUpdates: [create("gix", "g")])) }
            == "One or more parameter values were invalid: Table already has an index with name: gix")
        let two = TableUpdate(attributeDefinitions: [AttributeDefinition(name: "h", type: .s)], globalSecondaryIndexUpdates: [create("a1x", "h"), create("a2x", "h")])
        #expect(F.error { _ = try catalog.updateTable("users", two) }?.code == "LimitExceededException")
        #expect(F.error { _ = try catalog.updateTable("users", TableUpdate(globalSecondaryIndexUpdates: [.delete(indexName: "nope")])) }?.code == "ResourceNotFoundException")
        #expect(F.error { _ = try catalog.updateTable("none", TableUpdate(billingMode: .payPerRequest)) }?.code == "ResourceNotFoundException")
        #expect(F.validation { _ = try catalog.updateTable("users", TableUpdate(provisionedThroughput: ProvisionedThroughput(readCapacityUnits: 1, writeCapacityUnits: 1))) }
            == "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
        // Nothing changed on the way.
        #expect(try catalog.describeTable("users").definition.globalSecondaryIndexes.map(\.name) == ["gix"])
    }

    @Test func updateTableSwitchesBilling() throws {
        let catalog = F.catalog()
        _ = try F.table(catalog, name: "bills", globals: [SecondaryIndexDefinition(name: "gix", keySchema: KeySchema(partitionKey: "g"), projection: .all)], extra: [AttributeDefinition(name: "g", type: .s)])
        let capacity = ProvisionedThroughput(readCapacityUnits: 4, writeCapacityUnits: 2)
        let provisioned = try catalog.updateTable("bills", TableUpdate(billingMode: .provisioned, provisionedThroughput: capacity))
        #expect(provisioned.definition.billingMode == .provisioned(capacity))
        #expect(provisioned.definition.globalSecondaryIndexes[0].provisionedThroughput == capacity)
        let back = try catalog.updateTable("bills", TableUpdate(billingMode: .payPerRequest))
        #expect(back.definition.billingMode == .payPerRequest)
        #expect(back.definition.globalSecondaryIndexes[0].provisionedThroughput == nil)
    }
}

/// Builds expected ListTables pages.
private enum CatalogListing {
    static func page(_ names: [String], last: String?) -> TableCatalog.TableList {
        TableCatalog.TableList(tableNames: names, lastEvaluatedTableName: last)
    }
}
