import Core
@testable import DynamoDB
import Testing

@Suite struct OperationBatchTests {
    private typealias F = OperationFixture

    private func engine() throws -> DynamoDBEngine {
        let engine = F.engine()
        try F.createTable(engine)
        try F.createTable(engine, name: "tenants", sorted: false)
        return engine
    }

    private func key(_ pk: String, _ sk: String) -> String {
        #"{"pk":{"S":"\#(pk)"},"sk":{"S":"\#(sk)"}}"#
    }

    private func put(_ pk: String, _ sk: String, _ extra: String = "") -> String {
        #"{"PutRequest":{"Item":{"pk":{"S":"\#(pk)"},"sk":{"S":"\#(sk)"}\#(extra)}}}"#
    }

    @Test func batchWriteThenBatchGetAcrossTables() throws {
        let engine = try engine()
        let written = try F.run(engine, "BatchWriteItem", """
        {"RequestItems":{"items":[\(put("t1", "a", #","v":{"N":"1"}"#)),\(put("t1", "b")),\(put("t2", "a"))],
                         "tenants":[{"PutRequest":{"Item":{"pk":{"S":"t1"},"name":{"S":"One"}}}}]},
         "ReturnConsumedCapacity":"TOTAL"}
        """)
        #expect(written == F.json("""
        {"UnprocessedItems":{},"ConsumedCapacity":[{"TableName":"items","CapacityUnits":3.0},{"TableName":"tenants","CapacityUnits":1.0}]}
        """))
        let read = try F.run(engine, "BatchGetItem", """
        {"RequestItems":{"items":{"Keys":[\(key("t1", "a")),\(key("t1", "zz")),\(key("t2", "a"))],"ProjectionExpression":"sk, v"},
                         "tenants":{"Keys":[{"pk":{"S":"t1"}}],"ConsistentRead":true}}}
        """)
        #expect(read == F.json("""
        {"Responses":{"items":[{"sk":{"S":"a"},"v":{"N":"1"}},{"sk":{"S":"a"}}],"tenants":[{"name":{"S":"One"},"pk":{"S":"t1"}}]},
         "UnprocessedKeys":{}}
        """))
        // Deletes and puts mix in one batch.
        try F.run(engine, "BatchWriteItem", """
        {"RequestItems":{"items":[{"DeleteRequest":{"Key":\(key("t1", "a"))}},\(put("t1", "c"))]}}
        """)
        #expect(try F.stored(engine, pk: "t1", sk: "a") == nil)
        #expect(try F.stored(engine, pk: "t1", sk: "c") != nil)
    }

    @Test func batchGetLimitsAndDuplicates() throws {
        let engine = try engine()
        let keys = (0..<101).map { key("t1", "k\($0)") }.joined(separator: ",")
        #expect(F.validation(engine, "BatchGetItem", #"{"RequestItems":{"items":{"Keys":[\#(keys)]}}}"#)
            == "Too many items requested for the BatchGetItem call")
        let hundred = (0..<100).map { key("t1", "k\($0)") }.joined(separator: ",")
        #expect(try F.run(engine, "BatchGetItem", #"{"RequestItems":{"items":{"Keys":[\#(hundred)]}}}"#)["Responses"]?["items"] == [])
        #expect(F.validation(engine, "BatchGetItem", #"{"RequestItems":{"items":{"Keys":[\#(key("t1", "a")),\#(key("t1", "a"))]}}}"#)
            == "Provided list of item keys contains duplicates")
        #expect(F.validation(engine, "BatchGetItem", #"{"RequestItems":{}}"#)
            == "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
        #expect(F.validation(engine, "BatchGetItem", #"{"RequestItems":{"items":{"Keys":[]}}}"#)
            == "1 validation error detected: Value '[]' at 'requestItems.items.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1")
        #expect(F.validation(engine, "BatchGetItem", #"{"RequestItems":{"items":{"Keys":[{"pk":{"S":"t1"}}]}}}"#)
            == "The provided key element does not match the schema")
        #expect(F.error(engine, "BatchGetItem", #"{"RequestItems":{"nothere":{"Keys":[{"pk":{"S":"t1"}}]}}}"#) == .resourceNotFound())
    }

    @Test func batchWriteLimitsAndDuplicatesWriteNothing() throws {
        let engine = try engine()
        let many = (0..<26).map { put("t1", "k\($0)") }.joined(separator: ",")
        #expect(F.validation(engine, "BatchWriteItem", #"{"RequestItems":{"items":[\#(many)]}}"#)
            == "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")
        let twenty = (0..<20).map { put("t1", "k\($0)") }.joined(separator: ",")
        let six = (0..<6).map { #"{"PutRequest":{"Item":{"pk":{"S":"t\#($0)"}}}}"# }.joined(separator: ",")
        #expect(F.validation(engine, "BatchWriteItem", #"{"RequestItems":{"items":[\#(twenty)],"tenants":[\#(six)]}}"#)
            == "Too many items requested for the BatchWriteItem call")
        #expect(F.validation(engine, "BatchWriteItem", """
        {"RequestItems":{"items":[\(put("t1", "a")),{"DeleteRequest":{"Key":\(key("t1", "a"))}}]}}
        """) == "Provided list of item keys contains duplicates")
        #expect(F.validation(engine, "BatchWriteItem", #"{"RequestItems":{"items":[{}]}}"#)
            == "Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest")
        // One invalid item (too large) among valid ones: the whole batch is refused.
        let huge = String(repeating: "h", count: 400 * 1024)
        #expect(F.validation(engine, "BatchWriteItem", """
        {"RequestItems":{"items":[\(put("t1", "ok")),\(put("t1", "big", #","d":{"S":"\#(huge)"}"#))]}}
        """) == "Item size has exceeded the maximum allowed size")
        #expect(F.error(engine, "BatchWriteItem", #"{"RequestItems":{"items":[\#(put("t1", "x"))],"nothere":[\#(put("t1", "x"))]}}"#)
            == .resourceNotFound())
        #expect(try engine.catalog.table(named: "items").describe().itemCount == 0)
    }
}
