import Core
@testable import DynamoDB
import Testing

@Suite struct TableItemTests {
    private typealias F = TableFixture

    @Test func putGetDeleteAndUpdateRoundTrip() throws {
        let table = try F.table(F.catalog())
        let key: Item = ["pk": .s("tenant1"), "sk": .s("order#1")]
        #expect(try table.get(key: key) == nil)
        #expect(try table.put(key.merging(["total": F.number("10")]) { $1 }) == nil)
        let old = try table.put(key.merging(["total": F.number("11")]) { $1 })
        #expect(old?["total"] == F.number("10"))
        let change = try table.update(key: key) { current in
            guard var item = current else { return nil }
            item["status"] = .s("paid")
            return item
        }
        #expect(change.old?["status"] == nil)
        #expect(change.new?["status"] == .s("paid"))
        #expect(try table.get(key: key)?["status"] == .s("paid"))
        #expect(try table.delete(key: key)?["total"] == F.number("11"))
        #expect(try table.get(key: key) == nil)
        #expect(try table.delete(key: key) == nil)
        #expect(table.describe().itemCount == 0)
        #expect(table.describe().sizeBytes == 0)
    }

    @Test func checksAndTransformsRunAtomicallyAndCanRefuse() throws {
        let table = try F.table(F.catalog())
        let key: Item = ["pk": .s("a"), "sk": .s("b")]
        try table.put(key.merging(["v": F.number("1")]) { $1 })
        let refused = F.error {
            try table.put(key.merging(["v": F.number("2")]) { $1 }) { current throws(DynamoDBError) in
                if current != nil { throw .conditionalCheckFailed() }
            }
        }
        #expect(refused == .conditionalCheckFailed())
        #expect(try table.get(key: key)?["v"] == F.number("1"))
        #expect(F.error { try table.update(key: key) { _ throws(DynamoDBError) in throw .conditionalCheckFailed() } } == .conditionalCheckFailed())
        #expect(F.error { try table.delete(key: key) { _ throws(DynamoDBError) in throw .conditionalCheckFailed() } } == .conditionalCheckFailed())
        #expect(try table.get(key: key) != nil)
        // An update that returns nil deletes; one on a missing item can create.
        #expect(try table.update(key: key) { _ in nil }.new == nil)
        #expect(try table.get(key: key) == nil)
        let created = try table.update(key: key) { current in
            #expect(current == nil)
            return key.merging(["fresh": .bool(true)]) { $1 }
        }
        #expect(created.old == nil && created.new?["fresh"] == .bool(true))
        // A transform may not move the item to another key.
        #expect(F.validation { try table.update(key: key) { _ in ["pk": .s("a"), "sk": .s("other")] } }
            == "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key")
    }

    @Test func keyMapsMustBeExactlyTheKey() throws {
        let table = try F.table(F.catalog(), sortType: .n)
        let mismatch = "The provided key element does not match the schema"
        #expect(F.validation { _ = try table.get(key: ["pk": .s("a")]) } == mismatch)
        #expect(F.validation { _ = try table.get(key: ["pk": .s("a"), "sk": F.number("1"), "x": .s("y")]) } == mismatch)
        #expect(F.validation { _ = try table.get(key: ["pk": .s("a"), "sk": .s("1")]) } == mismatch)
        #expect(F.validation { _ = try table.get(key: ["pk": .s("a"), "other": F.number("1")]) } == mismatch)
        #expect(F.validation { _ = try table.delete(key: ["pk": F.number("1"), "sk": F.number("1")]) } == mismatch)
        #expect(F.validation { _ = try table.get(key: ["pk": .s(""), "sk": F.number("1")]) }
            == "One or more parameter values were invalid: An AttributeValue may not contain an empty string. Key: pk")
        #expect(try table.get(key: ["pk": .s("a"), "sk": F.number("1")]) == nil)
    }

    @Test func itemsMustCarryTheirKey() throws {
        let table = try F.table(F.catalog())
        #expect(F.validation { try table.put(["sk": .s("x")]) } == "One or more parameter values were invalid: Missing the key pk in the item")
        #expect(F.validation { try table.put(["pk": .s("x")]) } == "One or more parameter values were invalid: Missing the key sk in the item")
        #expect(F.validation { try table.put(["pk": F.number("5"), "sk": .s("x")]) }
            == "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
        #expect(F.validation { try table.put(["pk": .s("x"), "sk": .ss(["a"])]) }
            == "One or more parameter values were invalid: Type mismatch for key sk expected: S actual: SS")
        #expect(F.validation { try table.put(["pk": .s("x"), "sk": .s("")]) }
            == "One or more parameter values were invalid: An AttributeValue may not contain an empty string. Key: sk")
        let binary = try F.table(F.catalog(), name: "bin", sortType: .b)
        #expect(F.validation { try binary.put(["pk": .s("x"), "sk": .b([])]) }
            == "One or more parameter values were invalid: An AttributeValue may not contain an empty binary type. Key: sk")
        #expect(F.validation { try table.put(["pk": .s(String(repeating: "k", count: 2049)), "sk": .s("x")]) }
            == "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
        #expect(F.validation { try table.put(["pk": .s("x"), "sk": .s(String(repeating: "k", count: 1025))]) }
            == "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
        try table.put(["pk": .s(String(repeating: "k", count: 2048)), "sk": .s(String(repeating: "k", count: 1024))])
        #expect(try table.keyMap(of: ["pk": .s("p"), "sk": .s("s"), "other": .null]) == ["pk": .s("p"), "sk": .s("s")])
    }

    @Test func itemsAreLimitedTo400KB() throws {
        let table = try F.table(F.catalog(), sortType: nil)
        // Name "pk" + "a" (3 bytes) + "blob" (4 bytes) + value: exactly 409,600 bytes fits.
        let fits = String(repeating: "x", count: 400 * 1024 - 7)
        try table.put(["pk": .s("a"), "blob": .s(fits)])
        #expect(table.describe().sizeBytes == 400 * 1024)
        #expect(F.validation { try table.put(["pk": .s("b"), "blob": .s(fits + "x")]) } == "Item size has exceeded the maximum allowed size")
        #expect(F.validation { try table.update(key: ["pk": .s("a")]) { item in item?.merging(["more": .bool(true)]) { $1 } } }
            == "Item size to update has exceeded the maximum allowed size")
        #expect(try table.get(key: ["pk": .s("a")])?["more"] == nil)
        #expect(table.describe().itemCount == 1)
    }

    @Test func sizesAndCountsTrackEveryWrite() throws {
        let table = try F.table(F.catalog())
        var expected = 0
        for index in 0..<100 {
            let item: Item = ["pk": .s("p\(index % 7)"), "sk": .s("s\(index)"), "payload": .s(String(repeating: "z", count: index))]
            expected += item.itemSize
            try table.put(item)
        }
        #expect(table.describe().itemCount == 100)
        #expect(table.describe().sizeBytes == expected)
        let replaced = try #require(try table.put(["pk": .s("p0"), "sk": .s("s0")]))
        expected += Item(dictionaryLiteral: ("pk", .s("p0")), ("sk", .s("s0"))).itemSize - replaced.itemSize
        #expect(table.describe().sizeBytes == expected)
        for index in 0..<100 {
            try table.delete(key: ["pk": .s("p\(index % 7)"), "sk": .s("s\(index)")])
        }
        #expect(table.describe().itemCount == 0)
        #expect(table.describe().sizeBytes == 0)
        #expect(table.state.withLock { $0.base.partitions.isEmpty })
    }
}
