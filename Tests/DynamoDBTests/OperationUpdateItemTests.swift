import Core
@testable import DynamoDB
import Testing

@Suite struct OperationUpdateItemTests {
    private typealias F = OperationFixture

    private func engine() throws -> DynamoDBEngine {
        let engine = F.engine()
        try F.createTable(engine)
        try F.put(engine, pk: "t1", sk: "a", #""n":{"N":"1"},"m":{"M":{"x":{"S":"old"},"keep":{"S":"k"}}},"gone":{"S":"g"}"#)
        return engine
    }

    private func update(_ returnValues: String, on engine: DynamoDBEngine) throws -> JSON {
        try F.run(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},
         "UpdateExpression":"SET n = n + :one, m.x = :new REMOVE gone","ExpressionAttributeValues":{":one":{"N":"1"},":new":{"S":"new"}},
         "ReturnValues":"\(returnValues)"}
        """)
    }

    @Test(arguments: [
        ("NONE", #"{}"#),
        ("ALL_OLD", #"{"Attributes":{"gone":{"S":"g"},"m":{"M":{"keep":{"S":"k"},"x":{"S":"old"}}},"n":{"N":"1"},"pk":{"S":"t1"},"sk":{"S":"a"}}}"#),
        ("ALL_NEW", #"{"Attributes":{"m":{"M":{"keep":{"S":"k"},"x":{"S":"new"}}},"n":{"N":"2"},"pk":{"S":"t1"},"sk":{"S":"a"}}}"#),
        ("UPDATED_OLD", #"{"Attributes":{"gone":{"S":"g"},"m":{"M":{"x":{"S":"old"}}},"n":{"N":"1"}}}"#),
        ("UPDATED_NEW", #"{"Attributes":{"m":{"M":{"x":{"S":"new"}}},"n":{"N":"2"}}}"#),
    ])
    func returnValues(_ returnValues: String, expected: String) throws {
        let engine = try engine()
        #expect(try update(returnValues, on: engine) == F.json(expected))
        #expect(try F.stored(engine, pk: "t1", sk: "a")?["n"] == TableFixture.number("2"))
    }

    @Test func createsTheItemWhenAbsent() throws {
        let engine = try engine()
        let created = try F.run(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"new"}},"UpdateExpression":"ADD visits :one",
         "ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"ALL_NEW"}
        """)
        #expect(created == F.json(#"{"Attributes":{"pk":{"S":"t1"},"sk":{"S":"new"},"visits":{"N":"1"}}}"#))
        // No UpdateExpression: the item is just its key; UPDATED_OLD of a new item is nothing.
        let bare = try F.run(engine, "UpdateItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"bare"}},"ReturnValues":"UPDATED_OLD"}"#)
        #expect(bare == [:])
        #expect(try F.stored(engine, pk: "t1", sk: "bare") == ["pk": .s("t1"), "sk": .s("bare")])
    }

    @Test func conditionsAreCheckedOnTheCurrentItem() throws {
        let engine = try engine()
        let guarded = """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"SET n = :v","ConditionExpression":"n = :expected",
         "ExpressionAttributeValues":{":v":{"N":"10"},":expected":{"N":"5"}},"ReturnValuesOnConditionCheckFailure":"ALL_OLD"}
        """
        let failed = F.error(engine, "UpdateItem", guarded)
        #expect(failed?.code == "ConditionalCheckFailedException")
        #expect(failed?.item?["n"] == TableFixture.number("1"))
        #expect(try F.stored(engine, pk: "t1", sk: "a")?["n"] == TableFixture.number("1"))
        // On a missing item the condition sees no attributes at all.
        let onMissing = F.error(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"zz"}},"UpdateExpression":"SET n = :v","ConditionExpression":"attribute_exists(pk)",
         "ExpressionAttributeValues":{":v":{"N":"10"}}}
        """)
        #expect(onMissing == .conditionalCheckFailed())
        #expect(try F.stored(engine, pk: "t1", sk: "zz") == nil)
    }

    @Test func refusesKeyUpdatesAndBadRequests() throws {
        let engine = try engine()
        #expect(F.validation(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"SET sk = :v","ExpressionAttributeValues":{":v":{"S":"b"}}}
        """) == "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key")
        #expect(F.validation(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"S":"b"},":w":{"S":"c"}}}
        """) == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}")
        #expect(F.validation(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"SET v = :v"}
        """) == "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v")
        #expect(F.validation(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"SET n = gone + :one","ExpressionAttributeValues":{":one":{"N":"1"}}}
        """) == "An operand in the update expression has an incorrect data type")
        #expect(F.validation(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"SS":[]}}}
        """) == "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An SS may not be empty for key :v")
        #expect(F.validation(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"AttributeUpdates":{"v":{"Action":"DELETE"}},"UpdateExpression":"REMOVE v"}
        """) == "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}")
        #expect(F.validation(engine, "UpdateItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"}},"UpdateExpression":"REMOVE v"}"#)
            == "The provided key element does not match the schema")
        #expect(try F.stored(engine, pk: "t1", sk: "a")?["n"] == TableFixture.number("1"))
    }

    @Test func reportsWriteCapacityOfTheLargerVersion() throws {
        let engine = try engine()
        let big = String(repeating: "y", count: 3000)
        let response = try F.run(engine, "UpdateItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"SET big = :b","ExpressionAttributeValues":{":b":{"S":"\(big)"}},
         "ReturnConsumedCapacity":"TOTAL"}
        """)
        #expect(response == F.json(#"{"ConsumedCapacity":{"TableName":"items","CapacityUnits":3.0}}"#))
    }

    @Test func concurrentIncrementsAreAtomic() async throws {
        let engine = try engine()
        let request = F.json("""
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"counter"}},"UpdateExpression":"ADD hits :one",
         "ExpressionAttributeValues":{":one":{"N":"1"}}}
        """)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<250 { _ = try engine.handle("UpdateItem", input: request, authorizer: AllowAllDynamoDBAccess()) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try F.stored(engine, pk: "t1", sk: "counter")?["hits"] == TableFixture.number("1000"))
    }
}
