import Core
@testable import DynamoDB
import Testing

@Suite struct TableIndexTests {
    private typealias F = TableFixture

    /// Orders: `pk` tenant, `sk` order id; GSI `by-status` (status, created) projecting
    /// `total`; GSI `by-email` (email) keys only; LSI `by-created` (pk, created) all.
    private func orders() throws -> Table {
        try F.table(
            F.catalog(),
            globals: [
                SecondaryIndexDefinition(name: "by-status", keySchema: KeySchema(partitionKey: "status", sortKey: "created"), projection: .include(["total"])),
                SecondaryIndexDefinition(name: "by-email", keySchema: KeySchema(partitionKey: "email"), projection: .keysOnly),
            ],
            locals: [SecondaryIndexDefinition(name: "by-created", keySchema: KeySchema(partitionKey: "pk", sortKey: "created"), projection: .all)],
            extra: [AttributeDefinition(name: "status", type: .s), AttributeDefinition(name: "created", type: .n), AttributeDefinition(name: "email", type: .s)]
        )
    }

    private func order(_ tenant: String, _ id: String, status: String?, created: Int?, total: Int = 5, email: String? = nil) -> Item {
        var item: Item = ["pk": .s(tenant), "sk": .s(id), "total": F.number("\(total)"), "secret": .s("hidden")]
        if let status { item["status"] = .s(status) }
        if let created { item["created"] = F.number("\(created)") }
        if let email { item["email"] = .s(email) }
        return item
    }

    private func statistics(_ table: Table, _ index: String) -> TableDescription.IndexStatistics? {
        table.describe().indexStatistics[index]
    }

    @Test func indexesFollowPutsChangesAndDeletes() throws {
        let table = try orders()
        try table.put(order("t1", "o1", status: "open", created: 3))
        try table.put(order("t1", "o2", status: "open", created: 1))
        try table.put(order("t2", "o1", status: "open", created: 2))
        try table.put(order("t2", "o2", status: "paid", created: 9))
        let open = try table.query(index: "by-status", partitionKey: .s("open"))
        #expect(open.items.map { $0["created"]! } == ["1", "2", "3"].map(F.number))
        // Projection: keys of both, plus INCLUDE's `total`; never `secret`.
        #expect(open.items[0] == ["pk": .s("t1"), "sk": .s("o2"), "status": .s("open"), "created": F.number("1"), "total": F.number("5")])

        // Changing the index key moves the item; changing a projected attribute updates it.
        try table.update(key: ["pk": .s("t1"), "sk": .s("o2")]) { item in item?.merging(["status": .s("paid")]) { $1 } }
        try table.update(key: ["pk": .s("t2"), "sk": .s("o1")]) { item in item?.merging(["total": F.number("77")]) { $1 } }
        #expect(try table.query(index: "by-status", partitionKey: .s("open")).items.map { $0["total"]! } == [F.number("77"), F.number("5")])
        #expect(try table.query(index: "by-status", partitionKey: .s("paid")).items.map { $0["sk"]! } == [.s("o2"), .s("o2")])

        // Deleting removes it; an emptied index partition disappears.
        try table.delete(key: ["pk": .s("t2"), "sk": .s("o2")])
        try table.delete(key: ["pk": .s("t1"), "sk": .s("o2")])
        #expect(try table.query(index: "by-status", partitionKey: .s("paid")).items.isEmpty)
        #expect(statistics(table, "by-status")?.itemCount == 2)
        #expect(try table.scan(index: "by-status").items.count == 2)
    }

    @Test func sparseIndexesHoldOnlyItemsWithTheirKeys() throws {
        let table = try orders()
        try table.put(order("t1", "o1", status: "open", created: 1, email: "a@x"))
        try table.put(order("t1", "o2", status: nil, created: 2))
        try table.put(order("t1", "o3", status: "open", created: nil, email: "b@x"))
        #expect(statistics(table, "by-status")?.itemCount == 1)
        #expect(statistics(table, "by-email")?.itemCount == 2)
        #expect(statistics(table, "by-created")?.itemCount == 2)
        // Gaining the missing attribute adds the item; losing it removes it.
        try table.update(key: ["pk": .s("t1"), "sk": .s("o3")]) { item in item?.merging(["created": F.number("3")]) { $1 } }
        #expect(statistics(table, "by-status")?.itemCount == 2)
        try table.update(key: ["pk": .s("t1"), "sk": .s("o1")]) { item in
            var item = item
            item?["email"] = nil
            return item
        }
        #expect(try table.query(index: "by-email", partitionKey: .s("a@x")).items.isEmpty)
        #expect(statistics(table, "by-email")?.itemCount == 1)
        // Keys only: the table's and the index's key attributes.
        #expect(try table.query(index: "by-email", partitionKey: .s("b@x")).items == [["pk": .s("t1"), "sk": .s("o3"), "email": .s("b@x")]])
    }

    @Test func indexKeyAttributesAreTypeChecked() throws {
        let table = try orders()
        #expect(F.validation { try table.put(["pk": .s("t"), "sk": .s("o"), "status": F.number("1")]) }
            == "One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: by-status")
        #expect(F.validation { try table.put(["pk": .s("t"), "sk": .s("o"), "created": .s("x")]) }?.hasPrefix("One or more parameter values were invalid: Type mismatch for Index Key created Expected: N Actual: S IndexName: ") == true)
        #expect(F.validation { try table.put(["pk": .s("t"), "sk": .s("o"), "email": .s("")]) }
            == "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: by-email, IndexKey: email")
        #expect(table.describe().itemCount == 0)
    }

    @Test func localIndexReordersAPartition() throws {
        let table = try orders()
        for (id, created) in [("o1", 30), ("o2", 10), ("o3", 20), ("o4", 10)] {
            try table.put(order("t1", id, status: "s", created: created))
        }
        try table.put(order("t2", "o9", status: "s", created: 15))
        let byCreated = try table.query(index: "by-created", partitionKey: .s("t1"), sortKey: .greaterThanOrEqual(F.number("10")))
        // Ties on the index sort key fall back to the table key.
        #expect(byCreated.items.map { $0["sk"]! } == ["o2", "o4", "o3", "o1"].map { AttributeValue.s($0) })
        #expect(byCreated.items[0]["secret"] == .s("hidden"))
        let descending = try table.query(index: "by-created", partitionKey: .s("t1"), forward: false)
        #expect(descending.items.map { $0["sk"]! } == ["o1", "o3", "o4", "o2"].map { AttributeValue.s($0) })
    }

    @Test func indexPagesCarryIndexAndTableKeys() throws {
        let table = try orders()
        for number in 0..<30 {
            try table.put(order("t\(number % 4)", "o\(number)", status: "open", created: number % 5))
        }
        let first = try table.query(index: "by-status", partitionKey: .s("open"), limit: 4)
        let key = try #require(first.lastEvaluatedKey)
        #expect(Set(key.keys) == ["status", "created", "pk", "sk"])
        let (all, pages) = try F.allPages { start in
            try table.query(index: "by-status", partitionKey: .s("open"), exclusiveStartKey: start, limit: 4)
        }
        #expect(all.count == 30)
        #expect(pages == 8)
        #expect(Set(all.map { $0["sk"]! }).count == 30)
        let createdOrder = all.map { $0["created"]! }
        #expect(createdOrder == createdOrder.sorted { a, b in
            guard case .n(let x) = a, case .n(let y) = b else { return false }
            return x < y
        })
        #expect(F.validation { _ = try table.query(index: "by-status", partitionKey: .s("open"), exclusiveStartKey: ["pk": .s("t1"), "sk": .s("o1")]) }
            == "The provided starting key is invalid: The provided key element does not match the schema")
        let (scanned, _) = try F.allPages { start in try table.scan(index: "by-status", exclusiveStartKey: start, limit: 7) }
        #expect(scanned.count == 30)
        let (keysOnly, _) = try F.allPages { start in try table.scan(index: "by-created", segment: 0, totalSegments: 1, exclusiveStartKey: start, limit: 5) }
        #expect(keysOnly.count == 30)
    }
}
