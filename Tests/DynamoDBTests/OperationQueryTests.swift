import Core
@testable import DynamoDB
import Testing

@Suite struct OperationQueryTests {
    private typealias F = OperationFixture

    /// `orders` keyed (pk, sk) with a keys-only global index on (status, sk) and a keys-only
    /// local index on (pk, total); tenant t1 has ten orders, t2 one.
    static func engine() throws -> DynamoDBEngine {
        let engine = F.engine()
        try F.run(engine, "CreateTable", """
        {"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},
           {"AttributeName":"status","AttributeType":"S"},{"AttributeName":"total","AttributeType":"N"}],
         "GlobalSecondaryIndexes":[{"IndexName":"byStatus","KeySchema":[{"AttributeName":"status","KeyType":"HASH"},
           {"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],
         "LocalSecondaryIndexes":[{"IndexName":"byTotal","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
           {"AttributeName":"total","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}
        """)
        for i in 0..<10 {
            let status = i % 2 == 0 ? "open" : "paid"
            try F.put(engine, table: "orders", pk: "t1", sk: "o#\(i)", #""status":{"S":"\#(status)"},"total":{"N":"\#(100 - i)"},"note":{"S":"n\#(i)"}"#)
        }
        try F.put(engine, table: "orders", pk: "t2", sk: "o#0", #""status":{"S":"open"},"total":{"N":"5"}"#)
        return engine
    }

    /// A Query of t1's orders; `values` adds to ExpressionAttributeValues (`,":x":{...}`).
    private func query(_ engine: DynamoDBEngine, _ members: String, values: String = "") throws -> JSON {
        try F.run(engine, "Query", """
        {"TableName":"orders","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"t1"}\(values)}\(members)}
        """)
    }

    private func sortKeys(_ response: JSON) throws -> [String] {
        try F.items(response).map { if case .s(let text)? = $0["sk"] { text } else { "?" } }
    }

    @Test func readsOnePartitionInSortKeyOrderBothWays() throws {
        let engine = try Self.engine()
        let forward = try query(engine, "")
        #expect(try sortKeys(forward) == (0..<10).map { "o#\($0)" })
        #expect(forward["Count"] == 10)
        #expect(forward["ScannedCount"] == 10)
        #expect(forward["LastEvaluatedKey"] == nil)
        let backward = try query(engine, #","ScanIndexForward":false"#)
        #expect(try sortKeys(backward) == (0..<10).reversed().map { "o#\($0)" })
        let range = try F.run(engine, "Query", """
        {"TableName":"orders","KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b","ExpressionAttributeValues":{":p":{"S":"t1"},":a":{"S":"o#3"},":b":{"S":"o#5"}}}
        """)
        #expect(try sortKeys(range) == ["o#3", "o#4", "o#5"])
    }

    @Test func pagesWithLimitUntilExhausted() throws {
        let engine = try Self.engine()
        var seen: [String] = []
        var start: JSON?
        var pages = 0
        repeat {
            let startMember = start.map { #","ExclusiveStartKey":\#($0)"# } ?? ""
            let page = try query(
                engine, ##","Limit":3,"FilterExpression":"#s = :open","ExpressionAttributeNames":{"#s":"status"}"## + startMember,
                values: #",":open":{"S":"open"}"#
            )
            seen += try sortKeys(page)
            #expect((page["ScannedCount"]?.intValue ?? 0) <= 3)
            start = page["LastEvaluatedKey"]
            pages += 1
        } while start != nil && pages < 20
        // Ten items, three a page: four pages, the last one short and without a key.
        #expect(pages == 4)
        #expect(seen == ["o#0", "o#2", "o#4", "o#6", "o#8"])
    }

    @Test func selectCountAndProjections() throws {
        let engine = try Self.engine()
        let count = try query(
            engine, ##","Select":"COUNT","FilterExpression":"#t > :t","ExpressionAttributeNames":{"#t":"total"}"##, values: #",":t":{"N":"95"}"#
        )
        #expect(count == F.json(#"{"Count":5,"ScannedCount":10}"#))
        let projected = try query(engine, #","ProjectionExpression":"note","Limit":1"#)
        #expect(projected["Items"] == [["note": ["S": "n0"]]])
        #expect(projected["LastEvaluatedKey"] == F.json(#"{"pk":{"S":"t1"},"sk":{"S":"o#0"}}"#))
        let specific = try query(engine, ##","Select":"SPECIFIC_ATTRIBUTES","ProjectionExpression":"#t","ExpressionAttributeNames":{"#t":"total"},"Limit":1"##)
        #expect(specific["Items"] == [["total": ["N": "100"]]])
        // AttributesToGet belongs with the legacy KeyConditions, never with expressions.
        #expect(F.validation(engine, "Query", #"{"TableName":"orders","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"t1"}},"AttributesToGet":["total"]}"#)
            == "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {KeyConditionExpression}")
    }

    @Test func selectRefusals() throws {
        let engine = try Self.engine()
        func refusal(_ members: String) -> String? {
            F.validation(engine, "Query", #"{"TableName":"orders","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"t1"}}\#(members)}"#)
        }
        #expect(refusal(#","Select":"SPECIFIC_ATTRIBUTES""#)
            == "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
        #expect(refusal(#","Select":"COUNT","ProjectionExpression":"note""#)
            == "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count")
        #expect(refusal(#","Select":"ALL_ATTRIBUTES","ProjectionExpression":"note""#)
            == "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES")
        #expect(refusal(#","Select":"ALL_PROJECTED_ATTRIBUTES""#) == "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
        #expect(refusal(#","Select":"EVERYTHING""#)
            == "1 validation error detected: Value 'EVERYTHING' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]")
        #expect(refusal(#","FilterExpression":"sk > :p""#) == "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk")
        #expect(refusal(#","Limit":0"#) == "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
    }

    @Test func keyConditionRefusals() throws {
        let engine = try Self.engine()
        #expect(F.validation(engine, "Query", #"{"TableName":"orders"}"#)
            == "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        #expect(F.validation(engine, "Query", #"{"TableName":"orders","KeyConditionExpression":"sk = :s","ExpressionAttributeValues":{":s":{"S":"x"}}}"#)
            == "Query condition missed key schema element: pk")
        #expect(F.validation(engine, "Query", #"{"TableName":"orders","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"t1"},":q":{"S":"x"}}}"#)
            == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:q}")
        #expect(F.validation(engine, "Query", #"{"TableName":"orders","KeyConditionExpression":"pk = :p","FilterExpression":"note = :z","ExpressionAttributeValues":{":p":{"S":"t1"}}}"#)
            == "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :z")
        #expect(F.validation(engine, "Query", #"{"TableName":"orders","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"N":"1"}}}"#)
            == "One or more parameter values were invalid: Condition parameter type does not match schema type")
        #expect(F.validation(engine, "Query", #"{"TableName":"orders","KeyConditions":{}}"#)?.hasPrefix("The legacy parameter KeyConditions") == true)
        #expect(F.error(engine, "Query", #"{"TableName":"nothere","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"t1"}}}"#)
            == .resourceNotFound())
    }

    @Test func queriesIndexes() throws {
        let engine = try Self.engine()
        let open = try F.run(engine, "Query", """
        {"TableName":"orders","IndexName":"byStatus","KeyConditionExpression":"#s = :s","ExpressionAttributeNames":{"#s":"status"},
         "ExpressionAttributeValues":{":s":{"S":"open"}},"Limit":2,"ReturnConsumedCapacity":"INDEXES"}
        """)
        // Keys only: the index's and the table's key attributes.
        #expect(open["Items"] == F.json(#"[{"pk":{"S":"t1"},"sk":{"S":"o#0"},"status":{"S":"open"}},{"pk":{"S":"t2"},"sk":{"S":"o#0"},"status":{"S":"open"}}]"#))
        #expect(open["LastEvaluatedKey"] == F.json(#"{"status":{"S":"open"},"sk":{"S":"o#0"},"pk":{"S":"t2"}}"#))
        #expect(open["ConsumedCapacity"] == F.json(
            #"{"TableName":"orders","CapacityUnits":0.5,"Table":{"CapacityUnits":0.0},"GlobalSecondaryIndexes":{"byStatus":{"CapacityUnits":0.5}}}"#
        ))
        // A local index fetches what it does not project from the table.
        let cheapest = try F.run(engine, "Query", """
        {"TableName":"orders","IndexName":"byTotal","KeyConditionExpression":"pk = :p AND #t < :t","ExpressionAttributeNames":{"#t":"total"},
         "ExpressionAttributeValues":{":p":{"S":"t1"},":t":{"N":"93"}},"Select":"ALL_ATTRIBUTES"}
        """)
        #expect(try F.items(cheapest).map { $0["note"] } == [.s("n9"), .s("n8")])
        func refusal(_ index: String, _ extra: String) -> String? {
            F.validation(engine, "Query", """
            {"TableName":"orders","IndexName":"\(index)","KeyConditionExpression":"#s = :s","ExpressionAttributeNames":{"#s":"status"},
             "ExpressionAttributeValues":{":s":{"S":"open"}}\(extra)}
            """)
        }
        #expect(refusal("byStatus", #","Select":"ALL_ATTRIBUTES""#)
            == "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byStatus because its projection type is not ALL")
        #expect(refusal("byStatus", #","ConsistentRead":true"#) == "Consistent reads are not supported on global secondary indexes")
        #expect(refusal("nothere", "") == "The table does not have the specified index: nothere")
    }
}
