import Core
@testable import DynamoDB
import Testing

@Suite struct OperationAuthorizationTests {
    private typealias F = OperationFixture
    private let items = "\(OperationFixture.arn)/items"

    private func engine() throws -> DynamoDBEngine {
        let engine = F.engine()
        try F.createTable(engine)
        try F.createTable(engine, name: "tenants", sorted: false)
        try F.put(engine, pk: "t1", sk: "a", #""v":{"N":"1"}"#)
        try F.put(engine, pk: "t2", sk: "a", #""v":{"N":"2"}"#)
        return engine
    }

    /// The accesses one request produces.
    private func accesses(_ engine: DynamoDBEngine, _ operation: String, _ request: String) throws -> [DynamoDBAccess] {
        let recorder = RecordingAuthorizer()
        try F.run(engine, operation, request, authorizer: recorder)
        return recorder.accesses
    }

    @Test func singleItemOperationsCarryTheirPartitionKey() throws {
        let engine = try engine()
        #expect(try accesses(engine, "PutItem", """
        {"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"b"},"v":{"N":"1"}},"ConditionExpression":"attribute_not_exists(w)",
         "ReturnValues":"ALL_OLD","ReturnConsumedCapacity":"TOTAL"}
        """) == [DynamoDBAccess(
            action: "dynamodb:PutItem", resource: items, leadingKeys: ["t1"], attributes: ["pk", "sk", "v", "w"],
            returnValues: "ALL_OLD", returnConsumedCapacity: "TOTAL"
        )])
        #expect(try accesses(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ProjectionExpression":"v, sk"}"#)
            == [DynamoDBAccess(action: "dynamodb:GetItem", resource: items, leadingKeys: ["t1"], attributes: ["sk", "v"])])
        #expect(try accesses(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}}}"#)
            == [DynamoDBAccess(action: "dynamodb:GetItem", resource: items, leadingKeys: ["t1"])])
        #expect(try accesses(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"SET v = if_not_exists(w, :one)","ExpressionAttributeValues":{":one":{"N":"1"}},
         "ConditionExpression":"attribute_not_exists(w)","ReturnValues":"UPDATED_NEW"}
        """) == [DynamoDBAccess(action: "dynamodb:UpdateItem", resource: items, leadingKeys: ["t1"], attributes: ["v", "w"], returnValues: "UPDATED_NEW")])
        #expect(try accesses(engine, "DeleteItem", #"{"TableName":"items","Key":{"pk":{"S":"t2"},"sk":{"S":"a"}}}"#)
            == [DynamoDBAccess(action: "dynamodb:DeleteItem", resource: items, leadingKeys: ["t2"])])
    }

    @Test func leadingKeysSpellNumbersAndBinariesAsIAMSeesThem() throws {
        let engine = F.engine()
        for (name, type) in [("numbers", "N"), ("binaries", "B")] {
            try F.run(engine, "CreateTable", """
            {"TableName":"\(name)","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
             "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"\(type)"}]}
            """)
        }
        #expect(try accesses(engine, "GetItem", #"{"TableName":"numbers","Key":{"id":{"N":"001.50"}}}"#).first?.leadingKeys == ["1.5"])
        #expect(try accesses(engine, "GetItem", #"{"TableName":"binaries","Key":{"id":{"B":"AAEC"}}}"#).first?.leadingKeys == ["AAEC"])
    }

    @Test func readsNameTheirIndexAndScansNoPartition() throws {
        let engine = try OperationQueryTests.engine()
        let orders = "\(F.arn)/orders"
        #expect(try accesses(engine, "Query", """
        {"TableName":"orders","IndexName":"byStatus","KeyConditionExpression":"#s = :s","ExpressionAttributeNames":{"#s":"status"},
         "ExpressionAttributeValues":{":s":{"S":"open"}},"Select":"COUNT","ReturnConsumedCapacity":"INDEXES"}
        """) == [DynamoDBAccess(
            action: "dynamodb:Query", resource: "\(orders)/index/byStatus", leadingKeys: ["open"], select: "COUNT", returnConsumedCapacity: "INDEXES"
        )])
        #expect(try accesses(engine, "Query", """
        {"TableName":"orders","KeyConditionExpression":"pk = :p","FilterExpression":"note <> :n","ProjectionExpression":"sk",
         "ExpressionAttributeValues":{":p":{"S":"t1"},":n":{"S":"x"}}}
        """) == [DynamoDBAccess(action: "dynamodb:Query", resource: orders, leadingKeys: ["t1"], attributes: ["note", "pk", "sk"])])
        #expect(try accesses(engine, "Scan", #"{"TableName":"orders","Limit":1}"#) == [DynamoDBAccess(action: "dynamodb:Scan", resource: orders)])
        #expect(try accesses(engine, "Scan", #"{"TableName":"orders","IndexName":"byStatus","Select":"ALL_PROJECTED_ATTRIBUTES"}"#)
            == [DynamoDBAccess(action: "dynamodb:Scan", resource: "\(orders)/index/byStatus", select: "ALL_PROJECTED_ATTRIBUTES")])
    }

    @Test func batchesAuthoriseEachTableWithAllItsKeys() throws {
        let engine = try engine()
        #expect(try accesses(engine, "BatchGetItem", """
        {"RequestItems":{"items":{"Keys":[{"pk":{"S":"t1"},"sk":{"S":"a"}},{"pk":{"S":"t2"},"sk":{"S":"a"}},{"pk":{"S":"t1"},"sk":{"S":"b"}}]},
                         "tenants":{"Keys":[{"pk":{"S":"t1"}}],"ProjectionExpression":"pk"}}}
        """) == [
            DynamoDBAccess(action: "dynamodb:BatchGetItem", resource: items, leadingKeys: ["t1", "t2"]),
            DynamoDBAccess(action: "dynamodb:BatchGetItem", resource: "\(F.arn)/tenants", leadingKeys: ["t1"], attributes: ["pk"]),
        ])
        #expect(try accesses(engine, "BatchWriteItem", """
        {"RequestItems":{"tenants":[{"PutRequest":{"Item":{"pk":{"S":"t3"}}}}],
                         "items":[{"DeleteRequest":{"Key":{"pk":{"S":"t1"},"sk":{"S":"a"}}}},{"PutRequest":{"Item":{"pk":{"S":"t1"},"sk":{"S":"c"}}}}]}}
        """) == [
            DynamoDBAccess(action: "dynamodb:BatchWriteItem", resource: "\(F.arn)/tenants", leadingKeys: ["t3"]),
            DynamoDBAccess(action: "dynamodb:BatchWriteItem", resource: items, leadingKeys: ["t1"]),
        ])
    }

    @Test func transactionsAuthoriseEveryAction() throws {
        let engine = try engine()
        #expect(try accesses(engine, "TransactWriteItems", """
        {"TransactItems":[
          {"Put":{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"b"}}}},
          {"Update":{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"REMOVE v"}},
          {"Delete":{"TableName":"items","Key":{"pk":{"S":"t2"},"sk":{"S":"a"}}}},
          {"ConditionCheck":{"TableName":"tenants","Key":{"pk":{"S":"t9"}},"ConditionExpression":"attribute_not_exists(pk)"}}
        ]}
        """) == [
            DynamoDBAccess(action: "dynamodb:PutItem", resource: items, leadingKeys: ["t1"], attributes: ["pk", "sk"]),
            DynamoDBAccess(action: "dynamodb:UpdateItem", resource: items, leadingKeys: ["t1"], attributes: ["v"]),
            DynamoDBAccess(action: "dynamodb:DeleteItem", resource: items, leadingKeys: ["t2"]),
            DynamoDBAccess(action: "dynamodb:ConditionCheckItem", resource: "\(F.arn)/tenants", leadingKeys: ["t9"], attributes: ["pk"]),
        ])
        #expect(try accesses(engine, "TransactGetItems", """
        {"TransactItems":[{"Get":{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"b"}}}},{"Get":{"TableName":"tenants","Key":{"pk":{"S":"t1"}}}}]}
        """) == [
            DynamoDBAccess(action: "dynamodb:GetItem", resource: items, leadingKeys: ["t1"]),
            DynamoDBAccess(action: "dynamodb:GetItem", resource: "\(F.arn)/tenants", leadingKeys: ["t1"]),
        ])
    }

    @Test func typedPathsAuthoriseAsTheirJSONOperations() throws {
        let engine = try engine()
        let recorder = RecordingAuthorizer()
        let item: Item = ["pk": .s("t1"), "sk": .s("typed"), "v": .n(DynamoNumber(3))]
        #expect(try engine.putItem(item, into: "items", authorizer: recorder) == nil)
        #expect(try engine.getItem(["pk": .s("t1"), "sk": .s("typed")], from: "items", authorizer: recorder) == item)
        try F.run(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"typed"},"v":{"N":"3"}}}"#, authorizer: recorder)
        try F.run(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"typed"}}}"#, authorizer: recorder)
        let accesses = recorder.accesses
        #expect(accesses.count == 4)
        #expect(accesses[0] == accesses[2])
        #expect(accesses[1] == accesses[3])
        #expect(accesses[0] == DynamoDBAccess(action: "dynamodb:PutItem", resource: items, leadingKeys: ["t1"], attributes: ["pk", "sk", "v"]))
        #expect(throws: DynamoDBError.resourceNotFound()) { try engine.getItem(["pk": .s("t1")], from: "nothere") }
        #expect(throws: DynamoDBError.self) { try engine.putItem(["pk": .s("t2"), "sk": .s("x")], into: "items", authorizer: TenantAuthorizer(tenant: "t1")) }
        #expect(try F.stored(engine, pk: "t2", sk: "x") == nil)
    }
}
