import Core
@testable import DynamoDB
import Testing

@Suite struct OperationItemTests {
    private typealias F = OperationFixture

    private func engine() throws -> DynamoDBEngine {
        let engine = F.engine()
        try F.createTable(engine)
        return engine
    }

    @Test func putGetAndDeleteAnswerInDynamoDBShapes() throws {
        let engine = try engine()
        let put = try F.run(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"},"n":{"N":"1.50"}}}"#)
        #expect(put == [:])
        let got = try F.run(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ConsistentRead":true}"#)
        #expect(got == F.json(#"{"Item":{"n":{"N":"1.5"},"pk":{"S":"t1"},"sk":{"S":"a"}}}"#))
        let missing = try F.run(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"zz"}}}"#)
        #expect(missing == [:])
        let deleted = try F.run(engine, "DeleteItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ReturnValues":"ALL_OLD"}"#)
        #expect(deleted["Attributes"]?["n"] == ["N": "1.5"])
        #expect(try F.stored(engine, pk: "t1", sk: "a") == nil)
        #expect(try F.run(engine, "DeleteItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ReturnValues":"ALL_OLD"}"#) == [:])
    }

    @Test func getItemProjectsWithExpressionsOrAttributesToGet() throws {
        let engine = try engine()
        try F.put(engine, pk: "t1", sk: "a", ##""m":{"M":{"x":{"S":"1"},"y":{"S":"2"}}},"#a":{"S":"name"},"other":{"BOOL":true}"##)
        let projected = try F.run(engine, "GetItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ProjectionExpression":"m.y, #h",
         "ExpressionAttributeNames":{"#h":"#a"}}
        """)
        #expect(projected == F.json(##"{"Item":{"#a":{"S":"name"},"m":{"M":{"y":{"S":"2"}}}}}"##))
        let legacy = try F.run(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"AttributesToGet":["other","nope"]}"#)
        #expect(legacy == F.json(#"{"Item":{"other":{"BOOL":true}}}"#))
        #expect(F.validation(engine, "GetItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"AttributesToGet":["other"],"ProjectionExpression":"other"}
        """) == "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
    }

    @Test func conditionsGuardWritesAndCanReturnTheItem() throws {
        let engine = try engine()
        let create = #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"},"v":{"N":"1"}},"ConditionExpression":"attribute_not_exists(pk)"}"#
        try F.run(engine, "PutItem", create)
        let failed = F.error(engine, "PutItem", create)
        #expect(failed == .conditionalCheckFailed())
        #expect(failed?.message == "The conditional request failed")
        let withItem = F.error(engine, "PutItem", String(create.dropLast()) + #","ReturnValuesOnConditionCheckFailure":"ALL_OLD"}"#)
        #expect(withItem?.item == ["pk": .s("t1"), "sk": .s("a"), "v": TableFixture.number("1")])

        func delete(_ v: Int) -> String {
            #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ConditionExpression":"v = :v","ExpressionAttributeValues":{":v":{"N":"\#(v)"}}}"#
        }
        #expect(F.error(engine, "DeleteItem", delete(2)) == .conditionalCheckFailed())
        #expect(try F.stored(engine, pk: "t1", sk: "a") != nil)
        try F.run(engine, "DeleteItem", delete(1))
        #expect(try F.stored(engine, pk: "t1", sk: "a") == nil)
    }

    @Test func returnValuesAndTheirRefusals() throws {
        let engine = try engine()
        try F.put(engine, pk: "t1", sk: "a", #""v":{"N":"1"}"#)
        let replaced = try F.run(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"},"v":{"N":"2"}},"ReturnValues":"ALL_OLD"}"#)
        #expect(replaced == F.json(#"{"Attributes":{"pk":{"S":"t1"},"sk":{"S":"a"},"v":{"N":"1"}}}"#))
        let none = try F.run(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ReturnValues":"NONE"}"#)
        #expect(none == [:])
        for value in ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"] {
            #expect(F.validation(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"b"}},"ReturnValues":"\#(value)"}"#)
                == "ReturnValues can only be ALL_OLD or NONE")
            #expect(F.validation(engine, "DeleteItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"b"}},"ReturnValues":"\#(value)"}"#)
                == "ReturnValues can only be ALL_OLD or NONE")
        }
        #expect(F.validation(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"b"}},"ReturnValues":"SOME"}"#)
            == "1 validation error detected: Value 'SOME' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")
        #expect(try F.stored(engine, pk: "t1", sk: "b") == nil)
    }

    @Test func consumedCapacityOnlyWhenAsked() throws {
        let engine = try engine()
        let big = String(repeating: "x", count: 1500)
        let put = try F.run(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"},"d":{"S":"\#(big)"}},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(put == F.json(#"{"ConsumedCapacity":{"TableName":"items","CapacityUnits":2.0}}"#))
        let get = try F.run(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ReturnConsumedCapacity":"INDEXES","ProjectionExpression":"pk"}"#)
        #expect(get["ConsumedCapacity"] == F.json(#"{"TableName":"items","CapacityUnits":0.5,"Table":{"CapacityUnits":0.5}}"#))
        let strong = try F.run(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ReturnConsumedCapacity":"TOTAL","ConsistentRead":true}"#)
        #expect(strong["ConsumedCapacity"]?["CapacityUnits"] == 1)
        let quiet = try F.run(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ReturnConsumedCapacity":"NONE"}"#)
        #expect(quiet["ConsumedCapacity"] == nil)
        #expect(CapacityReport.number(1) == .number(JSONNumber("1.0")!))
    }

    @Test func keysAreCheckedAgainstTheSchema() throws {
        let engine = try engine()
        let mismatch = "The provided key element does not match the schema"
        #expect(F.validation(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"}}}"#) == mismatch)
        #expect(F.validation(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"N":"1"}}}"#) == mismatch)
        #expect(F.validation(engine, "DeleteItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"},"x":{"S":"b"}}}"#) == mismatch)
        #expect(F.validation(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":""},"sk":{"S":"a"}}}"#)
            == "One or more parameter values were invalid: An AttributeValue may not contain an empty string. Key: pk")
        #expect(F.validation(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"}}}"#)
            == "One or more parameter values were invalid: Missing the key sk in the item")
        #expect(F.validation(engine, "GetItem", #"{"TableName":"items"}"#)
            == "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null")
        #expect(F.validation(engine, "PutItem", #"{"Item":{}}"#)
            == "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
        #expect(F.validation(engine, "PutItem", #"{"TableName":"no","Item":{}}"#)
            == "1 validation error detected: Value 'no' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3")
        #expect(F.error(engine, "GetItem", #"{"TableName":"items","Key":[]}"#)?.code == "SerializationException")
        #expect(F.error(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"a"},"sk":{"S":"b"}},"ConsistentRead":"yes"}"#)?.code == "SerializationException")
    }

    @Test func itemSizeAndPlaceholdersAreValidated() throws {
        let engine = try engine()
        let huge = String(repeating: "x", count: 400 * 1024)
        #expect(F.validation(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"},"d":{"S":"\#(huge)"}}}"#)
            == "Item size has exceeded the maximum allowed size")
        #expect(F.validation(engine, "PutItem", """
        {"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ConditionExpression":"attribute_exists(pk)",
         "ExpressionAttributeValues":{":x":{"S":"1"}}}
        """) == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}")
        #expect(F.validation(engine, "DeleteItem", """
        {"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ConditionExpression":"v = :z"}
        """) == "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :z")
        #expect(F.validation(engine, "PutItem", """
        {"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"}},"ExpressionAttributeNames":{"#a":"a"}}
        """) == "ExpressionAttributeNames can only be specified when using expressions")
        #expect(F.validation(engine, "PutItem", """
        {"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"}},"Expected":{"pk":{"Exists":false}}}
        """)?.hasPrefix("The legacy parameter Expected is not supported") == true)
        #expect(try F.stored(engine, pk: "t1", sk: "a") == nil)
    }

    @Test func missingTablesAndUnknownOperations() throws {
        let engine = try engine()
        #expect(F.error(engine, "GetItem", #"{"TableName":"nothere","Key":{"pk":{"S":"t1"}}}"#) == .resourceNotFound())
        #expect(F.error(engine, "PutItem", #"{"TableName":"nothere","Item":{"pk":{"S":"t1"}}}"#)?.message == "Requested resource not found")
        #expect(F.error(engine, "FlyToTheMoon", "{}")?.code == "UnknownOperationException")
        #expect(F.error(engine, "GetItem", "[]")?.code == "SerializationException")
        #expect(DynamoDBEngine.operations.count == 23)
        #expect(DynamoDBEngine.operations.contains("TransactWriteItems"))
    }
}
