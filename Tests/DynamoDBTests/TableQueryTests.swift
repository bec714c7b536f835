import Core
@testable import DynamoDB
import Testing

@Suite struct TableQueryTests {
    private typealias F = TableFixture

    /// Partition "p" holds sort keys 0..<100 (numbers); neighbours "o" and "q" hold a few
    /// more so a read that leaks out of its partition would show.
    private func numberTable() throws -> Table {
        let table = try F.table(F.catalog(), sortType: .n)
        for value in (0..<100).shuffled() {
            try table.put(["pk": .s("p"), "sk": F.number("\(value)"), "even": .bool(value % 2 == 0)])
        }
        for other in ["o", "q"] {
            for value in [-1, 50, 200] { try table.put(["pk": .s(other), "sk": F.number("\(value)")]) }
        }
        return table
    }

    static let numberConditions: [(String, SortKeyCondition?, @Sendable (Int) -> Bool)] = [
        ("none", nil, { _ in true }),
        ("=", .equal(TableFixture.number("50")), { $0 == 50 }),
        ("<", .lessThan(TableFixture.number("50")), { $0 < 50 }),
        ("<=", .lessThanOrEqual(TableFixture.number("50")), { $0 <= 50 }),
        (">", .greaterThan(TableFixture.number("50")), { $0 > 50 }),
        (">=", .greaterThanOrEqual(TableFixture.number("50")), { $0 >= 50 }),
        ("between", .between(TableFixture.number("20"), TableFixture.number("30.5")), { $0 >= 20 && $0 <= 30 }),
        ("between-equal", .between(TableFixture.number("7"), TableFixture.number("7")), { $0 == 7 }),
        ("< nothing", .lessThan(TableFixture.number("-5")), { _ in false }),
        ("= absent", .equal(TableFixture.number("49.5")), { _ in false }),
    ]

    @Test(arguments: 0..<numberConditions.count, [true, false])
    func everyConditionInBothDirectionsAcrossPages(condition: Int, forward: Bool) throws {
        let table = try numberTable()
        let (_, sortKey, matches) = Self.numberConditions[condition]
        var expected = (0..<100).filter(matches).map { F.number("\($0)") }
        if !forward { expected.reverse() }
        let whole = try table.query(partitionKey: .s("p"), sortKey: sortKey, forward: forward)
        #expect(whole.items.map { $0["sk"]! } == expected)
        #expect(whole.lastEvaluatedKey == nil)
        for limit in [1, 7, 100] {
            let (items, pages) = try F.allPages { start in
                try table.query(partitionKey: .s("p"), sortKey: sortKey, forward: forward, exclusiveStartKey: start, limit: limit)
            }
            #expect(items.map { $0["sk"]! } == expected, "limit \(limit)")
            // A page that fills its limit hands back a key even when nothing follows.
            #expect(pages == expected.count / limit + 1, "limit \(limit)")
        }
    }

    @Test(arguments: [true, false])
    func beginsWithOnStringsAndBinaries(forward: Bool) throws {
        let table = try F.table(F.catalog(), sortType: .s)
        let keys = ["a", "ab", "ab\u{0}", "abc", "abd", "ab\u{7f}", "abé", "ac", "b", "aa", "ab~"]
        for key in keys { try table.put(["pk": .s("p"), "sk": .s(key)]) }
        var expected = keys.filter { $0.utf8.starts(with: "ab".utf8) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if !forward { expected.reverse() }
        let (items, _) = try F.allPages { start in
            try table.query(partitionKey: .s("p"), sortKey: .beginsWith(.s("ab")), forward: forward, exclusiveStartKey: start, limit: 2)
        }
        #expect(items.map { $0["sk"]! } == expected.map { AttributeValue.s($0) })

        let binary = try F.table(F.catalog(), name: "bin", sortType: .b)
        for bytes: [UInt8] in [[1], [1, 0], [1, 255], [1, 255, 255], [2], [0, 255], [1, 254, 9]] {
            try binary.put(["pk": .s("p"), "sk": .b(bytes)])
        }
        let found = try binary.query(partitionKey: .s("p"), sortKey: .beginsWith(.b([1, 255])), forward: forward)
        #expect(found.items.map { $0["sk"]! } == (forward ? [[1, 255], [1, 255, 255]] : [[1, 255, 255], [1, 255]]).map { AttributeValue.b($0) })
    }

    @Test func limitCountsItemsBeforeTheFilter() throws {
        let table = try numberTable()
        let page = try table.query(partitionKey: .s("p"), limit: 10) { $0["even"] == .bool(true) }
        #expect(page.scannedCount == 10)
        #expect(page.items.count == 5)
        #expect(page.lastEvaluatedKey == ["pk": .s("p"), "sk": F.number("9")])
        let filteredOut = try table.query(partitionKey: .s("p"), sortKey: .equal(F.number("3"))) { $0["even"] == .bool(true) }
        #expect(filteredOut.items.isEmpty && filteredOut.scannedCount == 1)
        #expect(try table.query(partitionKey: .s("none")).items.isEmpty)
    }

    @Test func pagesStopAtOneMegabyte() throws {
        let table = try F.table(F.catalog(), sortType: .n)
        // Each item is exactly 200,000 bytes: 5 make 1,000,000 (< 1 MB), the 6th crosses it.
        for value in 0..<20 {
            let item: Item = ["pk": .s("p"), "sk": F.number("\(value + 10)"), "blob": .s("")]
            let filler = 200_000 - item.itemSize
            try table.put(item.merging(["blob": .s(String(repeating: "x", count: filler))]) { $1 })
        }
        var sizes: [Int] = []
        let (items, _) = try F.allPages { start in
            let page = try table.query(partitionKey: .s("p"), exclusiveStartKey: start)
            sizes.append(page.items.count)
            return page
        }
        #expect(sizes == [6, 6, 6, 2])
        #expect(items.count == 20)
        let scanSizes = try table.scan().items.count
        #expect(scanSizes == 6)
    }

    @Test func startKeysAreChecked() throws {
        let table = try numberTable()
        let invalid = "The provided starting key is invalid: The provided key element does not match the schema"
        #expect(F.validation { _ = try table.query(partitionKey: .s("p"), exclusiveStartKey: ["pk": .s("p")]) } == invalid)
        #expect(F.validation { _ = try table.query(partitionKey: .s("p"), exclusiveStartKey: ["pk": .s("p"), "sk": .s("1")]) } == invalid)
        let outside = "The provided starting key is outside query boundaries based on provided conditions"
        #expect(F.validation { _ = try table.query(partitionKey: .s("p"), exclusiveStartKey: ["pk": .s("q"), "sk": F.number("1")]) } == outside)
        #expect(F.validation { _ = try table.query(partitionKey: .s("p"), sortKey: .greaterThan(F.number("10")), exclusiveStartKey: ["pk": .s("p"), "sk": F.number("1")]) } == outside)
        // A start key need not name an existing item.
        let resumed = try table.query(partitionKey: .s("p"), exclusiveStartKey: ["pk": .s("p"), "sk": F.number("97.5")])
        #expect(resumed.items.map { $0["sk"]! } == [F.number("98"), F.number("99")])
    }

    @Test func conditionsAreChecked() throws {
        let table = try numberTable()
        #expect(F.validation { _ = try table.query(partitionKey: F.number("1")) }
            == "One or more parameter values were invalid: Condition parameter type does not match schema type")
        #expect(F.validation { _ = try table.query(partitionKey: .s("p"), sortKey: .equal(.s("1"))) }
            == "One or more parameter values were invalid: Condition parameter type does not match schema type")
        #expect(F.validation { _ = try table.query(partitionKey: .s("p"), sortKey: .beginsWith(F.number("1"))) }
            == "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
        #expect(F.validation { _ = try table.query(partitionKey: .s("p"), sortKey: .between(F.number("5"), F.number("1"))) }
            == "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}")
        #expect(F.validation { _ = try table.query(partitionKey: .s("p"), limit: 0) }
            == "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        #expect(F.validation { _ = try table.query(index: "nope", partitionKey: .s("p")) } == "The table does not have the specified index: nope")
        let hashOnly = try F.table(F.catalog(), name: "plain", sortType: nil)
        #expect(F.validation { _ = try hashOnly.query(partitionKey: .s("p"), sortKey: .equal(.s("x"))) } == "Query key condition not supported")
    }

    @Test func queriesLargePartitions() throws {
        let table = try F.table(F.catalog(), sortType: .n)
        for value in (0..<5_000).shuffled() {
            try table.put(["pk": .s("big"), "sk": F.number("\(value)")])
        }
        let page = try table.query(partitionKey: .s("big"), sortKey: .between(F.number("1234"), F.number("1333")), forward: false)
        #expect(page.items.count == 100)
        #expect(page.items.first?["sk"] == F.number("1333"))
        #expect(page.items.last?["sk"] == F.number("1234"))
        for value in stride(from: 0, to: 5_000, by: 2) {
            try table.delete(key: ["pk": .s("big"), "sk": F.number("\(value)")])
        }
        let odd = try table.query(partitionKey: .s("big"))
        #expect(odd.items.count == 2_500)
        #expect(odd.items.enumerated().allSatisfy { $0.element["sk"] == F.number("\($0.offset * 2 + 1)") })
    }
}
