import Core
@testable import DynamoDB
import Testing

@Suite struct OperationScanTests {
    private typealias F = OperationFixture

    private func scanAll(_ engine: DynamoDBEngine, _ members: String) throws -> (items: [Item], pages: Int, scanned: Int) {
        var items: [Item] = []
        var start: JSON?
        var pages = 0
        var scanned = 0
        repeat {
            let startMember = start.map { #","ExclusiveStartKey":\#($0)"# } ?? ""
            let page = try F.run(engine, "Scan", #"{"TableName":"orders"\#(members)\#(startMember)}"#)
            items += try F.items(page)
            scanned += page["ScannedCount"]?.intValue ?? 0
            start = page["LastEvaluatedKey"]
            pages += 1
        } while start != nil && pages < 100
        return (items, pages, scanned)
    }

    @Test func pagesThroughEveryItem() throws {
        let engine = try OperationQueryTests.engine()
        let whole = try F.run(engine, "Scan", #"{"TableName":"orders"}"#)
        #expect(whole["Count"] == 11)
        #expect(whole["LastEvaluatedKey"] == nil)
        let paged = try scanAll(engine, #","Limit":4"#)
        #expect(paged.pages == 3)
        #expect(paged.items.count == 11)
        #expect(Set(paged.items) == Set(try F.items(whole)))
        // Filters may name keys in a Scan; Limit counts items read, not kept.
        let filtered = try scanAll(engine, #","Limit":4,"FilterExpression":"pk = :t","ExpressionAttributeValues":{":t":{"S":"t2"}}"#)
        #expect(filtered.items.map { $0["pk"] } == [.s("t2")])
        #expect(filtered.scanned == 11)
    }

    @Test func segmentsSplitTheTable() throws {
        let engine = try OperationQueryTests.engine()
        var union: [Item] = []
        for segment in 0..<3 {
            union += try scanAll(engine, #","Segment":\#(segment),"TotalSegments":3,"Limit":2"#).items
        }
        #expect(union.count == 11)
        #expect(Set(union).count == 11)
        #expect(F.validation(engine, "Scan", #"{"TableName":"orders","Segment":1}"#)
            == "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
        #expect(F.validation(engine, "Scan", #"{"TableName":"orders","TotalSegments":2}"#)
            == "The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
        #expect(F.validation(engine, "Scan", #"{"TableName":"orders","Segment":2,"TotalSegments":2}"#)
            == "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2")
        #expect(F.validation(engine, "Scan", #"{"TableName":"orders","Segment":0,"TotalSegments":0}"#)
            == "1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1")
    }

    @Test func selectAndProjection() throws {
        let engine = try OperationQueryTests.engine()
        let count = try F.run(engine, "Scan", #"{"TableName":"orders","Select":"COUNT","FilterExpression":"attribute_exists(note)"}"#)
        #expect(count == F.json(#"{"Count":10,"ScannedCount":11}"#))
        let legacy = try F.run(engine, "Scan", #"{"TableName":"orders","AttributesToGet":["pk"],"Limit":1}"#)
        #expect(try F.items(legacy).map(\.count) == [1])
        let index = try F.run(engine, "Scan", #"{"TableName":"orders","IndexName":"byStatus","Select":"ALL_PROJECTED_ATTRIBUTES"}"#)
        #expect(index["Count"] == 11)
        #expect(try F.items(index).allSatisfy { $0["note"] == nil && $0["status"] != nil })
        #expect(F.validation(engine, "Scan", #"{"TableName":"orders","Select":"ALL_PROJECTED_ATTRIBUTES"}"#)
            == "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
        #expect(F.validation(engine, "Scan", #"{"TableName":"orders","Select":"SPECIFIC_ATTRIBUTES"}"#)
            == "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
        #expect(F.validation(engine, "Scan", #"{"TableName":"orders","Select":"COUNT","ProjectionExpression":"pk"}"#)
            == "Cannot specify the ProjectionExpression when choosing to get only the Count")
        #expect(F.validation(engine, "Scan", #"{"TableName":"orders","IndexName":"nope"}"#) == "The table does not have the specified index: nope")
        #expect(F.validation(engine, "Scan", #"{"TableName":"orders","FilterExpression":"a = :unused"}"#)
            == "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :unused")
        #expect(F.error(engine, "Scan", #"{"TableName":"nothere"}"#) == .resourceNotFound())
    }

    @Test func capacityCountsEverythingRead() throws {
        let engine = try OperationQueryTests.engine()
        let big = String(repeating: "z", count: 5000)
        try F.put(engine, table: "orders", pk: "t3", sk: "big", #""blob":{"S":"\#(big)"}"#)
        let response = try F.run(engine, "Scan", """
        {"TableName":"orders","Select":"COUNT","FilterExpression":"pk = :none","ExpressionAttributeValues":{":none":{"S":"x"}},
         "ReturnConsumedCapacity":"TOTAL","ConsistentRead":true}
        """)
        #expect(response["Count"] == 0)
        #expect(response["ConsumedCapacity"] == F.json(#"{"TableName":"orders","CapacityUnits":2.0}"#))
    }
}
