import Core
@testable import DynamoDB
import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `DynamoDBEngine.copy(clock:random:)`: the copy answers as the original did, and from then
/// on each engine goes its own way.
@Suite struct EngineCopyTests {
    private typealias F = OperationFixture

    /// `orders` keyed (pk, sk) with a global index on (status, sk) projecting everything and
    /// a keys-only local index on (pk, total); t1 has five orders, t2 one. `tenants` is keyed
    /// by pk alone.
    private func engine() throws -> DynamoDBEngine {
        let engine = F.engine()
        try F.run(engine, "CreateTable", """
        {"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},
           {"AttributeName":"status","AttributeType":"S"},{"AttributeName":"total","AttributeType":"N"}],
         "GlobalSecondaryIndexes":[{"IndexName":"byStatus","KeySchema":[{"AttributeName":"status","KeyType":"HASH"},
           {"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}],
         "LocalSecondaryIndexes":[{"IndexName":"byTotal","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
           {"AttributeName":"total","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}
        """)
        for i in 0..<5 {
            let status = i % 2 == 0 ? "open" : "paid"
            try F.put(engine, table: "orders", pk: "t1", sk: "o#\(i)", #""status":{"S":"\#(status)"},"total":{"N":"\#(100 - i)"}"#)
        }
        try F.put(engine, table: "orders", pk: "t2", sk: "o#0", #""status":{"S":"open"},"total":{"N":"5"}"#)
        try F.createTable(engine, name: "tenants", sorted: false)
        try F.put(engine, table: "tenants", pk: "t1", #""n":{"N":"0"}"#)
        return engine
    }

    private func copy(_ engine: DynamoDBEngine, seed: UInt64 = 99) -> DynamoDBEngine {
        engine.copy(clock: ManualClock(start: TableFixture.created), random: SeededRandomSource(seed: seed))
    }

    // MARK: Reads, as text so whole answers compare at once

    /// `pk/sk` of each item of a Query or Scan response, in response order.
    private func keys(_ response: JSON) throws -> [String] {
        try F.items(response).map { item in
            let pk = if case .s(let text)? = item["pk"] { text } else { "?" }
            let sk = if case .s(let text)? = item["sk"] { text } else { "-" }
            return "\(pk)/\(sk)"
        }
    }

    private func query(_ engine: DynamoDBEngine, pk: String) throws -> [String] {
        try keys(F.run(engine, "Query", """
        {"TableName":"orders","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"\(pk)"}}}
        """))
    }

    private func queryByStatus(_ engine: DynamoDBEngine, _ status: String) throws -> [String] {
        try keys(F.run(engine, "Query", """
        {"TableName":"orders","IndexName":"byStatus","KeyConditionExpression":"#s = :s",
         "ExpressionAttributeNames":{"#s":"status"},"ExpressionAttributeValues":{":s":{"S":"\(status)"}}}
        """))
    }

    private func queryByTotal(_ engine: DynamoDBEngine, pk: String) throws -> [String] {
        try keys(F.run(engine, "Query", """
        {"TableName":"orders","IndexName":"byTotal","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"\(pk)"}}}
        """))
    }

    private func scan(_ engine: DynamoDBEngine, table: String = "orders") throws -> [String] {
        try keys(F.run(engine, "Scan", #"{"TableName":"\#(table)"}"#))
    }

    private func get(_ engine: DynamoDBEngine, pk: String, sk: String) throws -> JSON? {
        try F.run(engine, "GetItem", """
        {"TableName":"orders","Key":{"pk":{"S":"\(pk)"},"sk":{"S":"\(sk)"}}}
        """)["Item"]
    }

    private func describe(_ engine: DynamoDBEngine, _ table: String = "orders") throws -> JSON? {
        try F.run(engine, "DescribeTable", #"{"TableName":"\#(table)"}"#)["Table"]
    }

    private func tableNames(_ engine: DynamoDBEngine) throws -> JSON? {
        try F.run(engine, "ListTables", "{}")["TableNames"]
    }

    /// Everything the tests read, so "unchanged" compares one value.
    private func everything(_ engine: DynamoDBEngine) throws -> [String] {
        var lines = try query(engine, pk: "t1") + query(engine, pk: "t2") + query(engine, pk: "t3")
        lines += try queryByStatus(engine, "open") + queryByStatus(engine, "paid") + queryByTotal(engine, pk: "t1")
        lines += try scan(engine) + scan(engine, table: "tenants")
        for sk in ["o#0", "o#1", "o#2", "o#3", "o#9"] {
            lines.append(try get(engine, pk: "t1", sk: sk)?.serialized(sortedKeys: true) ?? "nil")
        }
        lines.append(try describe(engine)?.serialized(sortedKeys: true) ?? "nil")
        lines.append(try describe(engine, "tenants")?.serialized(sortedKeys: true) ?? "nil")
        return lines
    }

    // MARK: Tests

    @Test func theCopyAnswersReadsWithTheSameItems() throws {
        let original = try engine()
        let copy = copy(original)
        #expect(try get(copy, pk: "t1", sk: "o#1") == get(original, pk: "t1", sk: "o#1"))
        #expect(try get(copy, pk: "t1", sk: "o#1")?["status"] == ["S": "paid"])
        #expect(try query(copy, pk: "t1") == ["t1/o#0", "t1/o#1", "t1/o#2", "t1/o#3", "t1/o#4"])
        #expect(try queryByStatus(copy, "open") == queryByStatus(original, "open"))
        #expect(try queryByStatus(copy, "open").count == 4)
        #expect(try queryByTotal(copy, pk: "t1") == ["t1/o#4", "t1/o#3", "t1/o#2", "t1/o#1", "t1/o#0"])
        #expect(try scan(copy) == scan(original))
        #expect(try scan(copy).count == 6)
        #expect(try everything(copy) == everything(original))
        #expect(try tableNames(copy) == ["orders", "tenants"])

        // The same tables to a client: id, ARN, creation time and counts.
        let described = try #require(try describe(copy))
        #expect(try described == describe(original))
        let table = try copy.catalog.describeTable("orders")
        let source = try original.catalog.describeTable("orders")
        #expect(table.tableId == source.tableId)
        #expect(table.arn == source.arn)
        #expect(table.creationDateTime == source.creationDateTime)
        #expect(table.itemCount == 6)
        #expect(table.sizeBytes == source.sizeBytes)
        #expect(table.indexStatistics == source.indexStatistics)
    }

    /// Writes into an existing partition (a new row, a replaced row with its index entries
    /// moving, a removed row, an updated row) and into a new partition, on one engine; the
    /// other reads exactly as before.
    @Test(arguments: [true, false]) func writesStayOnTheirSide(onTheCopy: Bool) throws {
        let original = try engine()
        let copy = copy(original)
        let (written, other) = onTheCopy ? (copy, original) : (original, copy)
        let before = try everything(original)

        try F.put(written, table: "orders", pk: "t1", sk: "o#9", #""status":{"S":"paid"},"total":{"N":"1"}"#)
        try F.put(written, table: "orders", pk: "t1", sk: "o#0", #""status":{"S":"paid"},"total":{"N":"7"}"#)
        try F.run(written, "DeleteItem", #"{"TableName":"orders","Key":{"pk":{"S":"t1"},"sk":{"S":"o#2"}}}"#)
        try F.run(written, "UpdateItem", """
        {"TableName":"orders","Key":{"pk":{"S":"t1"},"sk":{"S":"o#3"}},"UpdateExpression":"SET note = :n","ExpressionAttributeValues":{":n":{"S":"late"}}}
        """)
        try F.put(written, table: "orders", pk: "t3", sk: "o#0", #""status":{"S":"open"},"total":{"N":"3"}"#)
        try F.put(written, table: "tenants", pk: "t1", #""n":{"N":"1"}"#)

        #expect(try everything(other) == before)
        #expect(try query(written, pk: "t1") == ["t1/o#0", "t1/o#1", "t1/o#3", "t1/o#4", "t1/o#9"])
        #expect(try query(written, pk: "t3") == ["t3/o#0"])
        #expect(try queryByStatus(written, "paid") == ["t1/o#0", "t1/o#1", "t1/o#3", "t1/o#9"])
        #expect(try queryByTotal(written, pk: "t1") == ["t1/o#9", "t1/o#0", "t1/o#4", "t1/o#3", "t1/o#1"])
        #expect(try get(written, pk: "t1", sk: "o#3")?["note"] == ["S": "late"])
        #expect(try written.catalog.describeTable("orders").itemCount == 7)
        #expect(try other.catalog.describeTable("orders").itemCount == 6)
    }

    @Test func createAndDeleteTableStayOnTheirSide() throws {
        let original = try engine()
        let copy = copy(original)
        try F.createTable(copy, name: "extra")
        try F.run(original, "DeleteTable", #"{"TableName":"orders"}"#)
        #expect(try tableNames(copy) == ["extra", "orders", "tenants"])
        #expect(try tableNames(original) == ["tenants"])
        #expect(try query(copy, pk: "t1").count == 5)
        #expect(F.error(original, "DescribeTable", #"{"TableName":"extra"}"#)?.code == "ResourceNotFoundException")
        // The name is free on the original: creating it there is not ResourceInUseException.
        try F.createTable(original, name: "extra")
        #expect(try original.catalog.describeTable("extra").tableId != copy.catalog.describeTable("extra").tableId)
    }

    /// A TransactWriteItems adding `amount` to tenant t1's counter, under `token`.
    private func increment(_ amount: Int, token: String) -> String {
        """
        {"TransactItems":[{"Update":{"TableName":"tenants","Key":{"pk":{"S":"t1"}},"UpdateExpression":"SET n = n + :a",
          "ExpressionAttributeValues":{":a":{"N":"\(amount)"}}}}],"ClientRequestToken":"\(token)"}
        """
    }

    private func counter(_ engine: DynamoDBEngine) throws -> AttributeValue? {
        try engine.catalog.table(named: "tenants").get(key: ["pk": .s("t1")])?["n"]
    }

    @Test func clientRequestTokensAreCopied() throws {
        let original = try engine()
        try F.run(original, "TransactWriteItems", increment(1, token: "before"))
        let copy = copy(original)

        // Remembered by the copy: a retry replays without writing, another request is refused.
        #expect(try F.run(copy, "TransactWriteItems", increment(1, token: "before")) == [:])
        #expect(try counter(copy) == TableFixture.number("1"))
        #expect(F.error(copy, "TransactWriteItems", increment(5, token: "before"))?.code == "IdempotentParameterMismatchException")

        // Tokens seen afterwards are each side's own: the other takes them for new requests.
        try F.run(copy, "TransactWriteItems", increment(10, token: "on-copy"))
        try F.run(original, "TransactWriteItems", increment(100, token: "on-original"))
        try F.run(original, "TransactWriteItems", increment(1000, token: "on-copy"))
        try F.run(copy, "TransactWriteItems", increment(10000, token: "on-original"))
        #expect(try counter(original) == TableFixture.number("1101"))
        #expect(try counter(copy) == TableFixture.number("10011"))
    }

    @Test func copyingDrawsNothingFromRandom() throws {
        let original = try engine()
        let random = SeededRandomSource(seed: 5)
        let copy = original.copy(clock: ManualClock(start: TableFixture.created), random: random)
        #expect(UUIDv4.make(using: random) == UUIDv4.make(using: SeededRandomSource(seed: 5)))

        // The next table on the copy draws its id where a fresh source would.
        let fresh = SeededRandomSource(seed: 6)
        let second = original.copy(clock: ManualClock(start: TableFixture.created), random: SeededRandomSource(seed: 6))
        try F.createTable(second, name: "extra")
        #expect(try second.catalog.describeTable("extra").tableId == UUIDv4.make(using: fresh))
        #expect(try copy.catalog.describeTable("orders").tableId == original.catalog.describeTable("orders").tableId)
    }

    @Test func theCopyRunsOnItsOwnClock() throws {
        let original = try engine()
        try F.run(original, "TransactWriteItems", increment(1, token: "before"))
        let later = TableFixture.created.addingTimeInterval(3600)
        let clock = ManualClock(start: later)
        let copy = original.copy(clock: clock, random: SeededRandomSource(seed: 1))
        clock.advance(by: 60)

        try F.createTable(copy, name: "extra")
        #expect(try copy.catalog.describeTable("extra").creationDateTime == later.addingTimeInterval(60))
        #expect(try copy.catalog.describeTable("orders").creationDateTime == TableFixture.created)
        try F.createTable(original, name: "extra")
        #expect(try original.catalog.describeTable("extra").creationDateTime == TableFixture.created)

        // An hour on, by the copy's clock, the token has expired there but not on the original.
        #expect(try F.run(copy, "TransactWriteItems", increment(2, token: "before")) == [:])
        #expect(try counter(copy) == TableFixture.number("3"))
        #expect(F.error(original, "TransactWriteItems", increment(2, token: "before"))?.code == "IdempotentParameterMismatchException")
    }

    /// Enough partitions and rows to fill several storage chunks of each (256 a chunk), so the
    /// copy is exercised beyond the single-chunk case, with chunk splits and removals after it.
    @Test func aLargeTableIsCopiedWhole() throws {
        /// `s0042`: zero-padded, so string order is numeric order.
        func row(_ number: Int) -> String {
            let digits = String(number)
            return "s" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
        let original = F.engine()
        try F.createTable(original)
        let table = try original.catalog.table(named: "items")
        for i in 0..<600 {
            try table.put(["pk": .s("p\(i)"), "sk": .s("s"), "v": .s("\(i)")])
            try table.put(["pk": .s("big"), "sk": .s(row(i * 2)), "v": .s("\(i)")])
        }
        let copy = copy(original)
        let copied = try copy.catalog.table(named: "items")
        let scanned = try scan(original, table: "items")
        #expect(try scan(copy, table: "items") == scanned)

        for i in 0..<300 {
            // Between existing rows of the big partition: splits chunks on the copy only.
            try copied.put(["pk": .s("big"), "sk": .s(row(i * 2 + 1))])
            try copied.delete(key: ["pk": .s("p\(i)"), "sk": .s("s")])
            try copied.put(["pk": .s("p\(i + 600)"), "sk": .s("s")])
        }
        #expect(try scan(original, table: "items") == scanned)
        #expect(try original.catalog.describeTable("items").itemCount == 1200)
        #expect(try copy.catalog.describeTable("items").itemCount == 1500)
        #expect(try table.get(key: ["pk": .s("big"), "sk": .s("s0001")]) == nil)
        #expect(try copied.get(key: ["pk": .s("big"), "sk": .s("s0001")]) != nil)
        #expect(try table.get(key: ["pk": .s("p0"), "sk": .s("s")])?["v"] == .s("0"))
    }

    @Test func aCatalogOfThousandsOfTablesCopies() throws {
        // Copying took every table's lock at once, one nested closure per table, and a
        // catalog this size overflowed the stack.
        let engine = F.engine()
        for index in 0..<6_000 { try F.createTable(engine, name: "table\(index)", sorted: false) }
        try F.put(engine, table: "table5999", pk: "p", #""n":{"N":"1"}"#)
        let copied = copy(engine)
        #expect(try copied.catalog.listTables(limit: 100).tableNames.count == 100)
        #expect(try copied.catalog.describeTable("table5999").itemCount == 1)
        try F.put(copied, table: "table5999", pk: "q", #""n":{"N":"2"}"#)
        #expect(try engine.catalog.describeTable("table5999").itemCount == 1)
    }
}
