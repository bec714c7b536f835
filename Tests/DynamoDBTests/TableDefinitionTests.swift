import Core
@testable import DynamoDB
import Testing

@Suite struct TableDefinitionTests {
    static let valid = #"""
    {"TableName": "tenant-orders", "BillingMode": "PAY_PER_REQUEST",
     "AttributeDefinitions": [{"AttributeName": "tenant_id", "AttributeType": "S"}, {"AttributeName": "order_id", "AttributeType": "S"},
                              {"AttributeName": "status", "AttributeType": "S"}, {"AttributeName": "total", "AttributeType": "N"}],
     "KeySchema": [{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "order_id", "KeyType": "RANGE"}],
     "GlobalSecondaryIndexes": [{"IndexName": "by-status", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]}}],
     "LocalSecondaryIndexes": [{"IndexName": "by-total", "KeySchema": [{"AttributeName": "tenant_id", "KeyType": "HASH"},
                                {"AttributeName": "total", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}],
     "Tags": [{"Key": "lab", "Value": "1"}]}
    """#

    @Test func readsCreateTableRequests() throws {
        let definition = try TableDefinition(createTableRequest: try JSON.parse(Self.valid))
        #expect(definition.name.value == "tenant-orders")
        #expect(definition.keySchema == KeySchema(partitionKey: "tenant_id", sortKey: "order_id"))
        #expect(definition.billingMode == .payPerRequest)
        #expect(definition.globalSecondaryIndexes == [SecondaryIndexDefinition(name: "by-status", keySchema: KeySchema(partitionKey: "status"), projection: .include(["total"]))])
        #expect(definition.localSecondaryIndexes.first?.projection == .keysOnly)
        #expect(definition.type(of: "total") == .n)
        let built = try TableDefinition(
            name: TableName("tenant-orders"), keySchema: KeySchema(partitionKey: "tenant_id", sortKey: "order_id"),
            attributeDefinitions: [
                AttributeDefinition(name: "tenant_id", type: .s), AttributeDefinition(name: "order_id", type: .s),
                AttributeDefinition(name: "status", type: .s), AttributeDefinition(name: "total", type: .n),
            ],
            globalSecondaryIndexes: definition.globalSecondaryIndexes, localSecondaryIndexes: definition.localSecondaryIndexes
        )
        #expect(built == definition)
    }

    @Test func provisionedBillingNeedsCapacityEverywhere() throws {
        let json = try JSON.parse(#"""
        {"TableName": "t01", "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "B"}],
         "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}], "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 2},
         "GlobalSecondaryIndexes": [{"IndexName": "gix", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
           "Projection": {"ProjectionType": "ALL"}, "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}]}
        """#)
        let definition = try TableDefinition(createTableRequest: json)
        #expect(definition.billingMode == .provisioned(ProvisionedThroughput(readCapacityUnits: 5, writeCapacityUnits: 2)))
        #expect(definition.globalSecondaryIndexes[0].provisionedThroughput == ProvisionedThroughput(readCapacityUnits: 1, writeCapacityUnits: 1))
    }

    static let base = #"{"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST""#
    static let pair = #""AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"N"}]"#
    static let hashA = #""KeySchema":[{"AttributeName":"a","KeyType":"HASH"}]"#
    static let compositeAB = #""KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"}]"#

    static let invalid: [(String, String)] = [
        (#"{"TableName":"ab","# + base.dropFirst() + "}",
         "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
        (#"{"TableName":"bad name!","# + base.dropFirst() + "}",
         "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        (base + "}", "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "}",
         "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + hashA + "}",
         "1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + #","KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"},{"AttributeName":"c","KeyType":"RANGE"}]}"#,
         "1 validation error detected: Value '[KeySchemaElement(attributeName=a, keyType=HASH), KeySchemaElement(attributeName=b, keyType=RANGE), KeySchemaElement(attributeName=c, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + #","KeySchema":[{"AttributeName":"a","KeyType":"RANGE"},{"AttributeName":"b","KeyType":"HASH"}]}"#,
         "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + #","KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"HASH"}]}"#,
         "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + #","KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"a","KeyType":"RANGE"}]}"#,
         "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + #","KeySchema":[{"AttributeName":"x","KeyType":"HASH"}]}"#,
         "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [x], AttributeDefinitions: [a, b]"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "," + hashA + "}",
         "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"N"},{"AttributeName":"c","AttributeType":"S"}],"# + hashA
            + #","GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}"#,
         "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [a, b, c], keys used: [a, b]"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "," + hashA
            + #","GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":[{"AttributeName":"z","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}"#,
         "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [z], AttributeDefinitions: [a, b]"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "," + hashA
            + #","LocalSecondaryIndexes":[{"IndexName":"lix","KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]}"#,
         "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"N"},{"AttributeName":"c","AttributeType":"S"}],"# + compositeAB
            + #","LocalSecondaryIndexes":[{"IndexName":"lix","KeySchema":[{"AttributeName":"c","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]}"#,
         "One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: lix. index hash key: c, table hash key: a"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "," + compositeAB
            + #","LocalSecondaryIndexes":[{"IndexName":"lix","KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}"#,
         "One or more parameter values were invalid: Index KeySchema does not have a range key for index: lix"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"X"}],"# + hashA + "}",
         "1 validation error detected: Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"KeySchema":[{"AttributeName":"a","KeyType":"PRIMARY"}]}"#,
         "1 validation error detected: Value 'PRIMARY' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1},"AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"# + hashA + "}",
         "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"),
        (#"{"TableName":"tbl","BillingMode":"PROVISIONED","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"# + hashA + "}",
         "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"),
        (#"{"TableName":"tbl","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"# + hashA + "}",
         "No provisioned throughput specified for the table"),
        (#"{"TableName":"tbl","ProvisionedThroughput":{"ReadCapacityUnits":0,"WriteCapacityUnits":1},"AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"# + hashA + "}",
         "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "," + hashA
            + #","GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"},"ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}]}"#,
         "One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: gix when BillingMode is PAY_PER_REQUEST"),
        (#"{"TableName":"tbl","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1},"# + pair + "," + hashA
            + #","GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}"#,
         "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: gix"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "," + hashA
            + #","GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}},{"IndexName":"gix","KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}"#,
         "One or more parameter values were invalid: Duplicate index name: gix"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "," + hashA
            + #","GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL","NonKeyAttributes":["x"]}}]}"#,
         "One or more parameter values were invalid: ProjectionType is ALL, but NonKeyAttributes is specified"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "," + hashA
            + #","GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],"Projection":{}}]}"#,
         "One or more parameter values were invalid: Unknown ProjectionType: null"),
        (#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST","# + pair + "," + hashA + #","GlobalSecondaryIndexes":[]}"#,
         "One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty"),
    ]

    @Test(arguments: invalid)
    func refusesInvalidDefinitions(json: String, message: String) throws {
        let request = try JSON.parse(json)
        #expect(TableFixture.validation { _ = try TableDefinition(createTableRequest: request) } == message)
    }

    @Test func wrongJSONTypesAreSerializationErrors() throws {
        let request = try JSON.parse(#"{"TableName": 42, "AttributeDefinitions": [], "KeySchema": []}"#)
        #expect(TableFixture.error { _ = try TableDefinition(createTableRequest: request) }?.code == "SerializationException")
        let keySchema = try JSON.parse(#"{"TableName": "abc", "AttributeDefinitions": [], "KeySchema": {"a": 1}}"#)
        #expect(TableFixture.error { _ = try TableDefinition(createTableRequest: keySchema) }?.code == "SerializationException")
    }

    @Test func codeBuiltDefinitionsAreCheckedToo() throws {
        let error = TableFixture.validation {
            _ = try TableDefinition(
                name: TableName("abc"), keySchema: KeySchema(partitionKey: "a"),
                attributeDefinitions: [AttributeDefinition(name: "a", type: .s), AttributeDefinition(name: "a", type: .n)]
            )
        }
        #expect(error == "One or more parameter values were invalid: Cannot have two attributes with the same name")
        #expect(TableFixture.validation { _ = try TableName(String(repeating: "x", count: 256)) }?.hasSuffix("Member must have length less than or equal to 255") == true)
        let tooMany = (0..<6).map { SecondaryIndexDefinition(name: "lsi\($0)", keySchema: KeySchema(partitionKey: "a", sortKey: "c"), projection: .all) }
        let limit = TableFixture.validation {
            _ = try TableDefinition(
                name: TableName("abc"), keySchema: KeySchema(partitionKey: "a", sortKey: "b"),
                attributeDefinitions: [AttributeDefinition(name: "a", type: .s), AttributeDefinition(name: "b", type: .s), AttributeDefinition(name: "c", type: .n)],
                localSecondaryIndexes: tooMany
            )
        }
        #expect(limit == "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5")
    }
}
