import Core
@testable import DynamoDB
import Testing

@Suite struct TableTransactionTests {
    private typealias F = TableFixture

    private func accounts() throws -> (TableCatalog, Table, Table) {
        let catalog = F.catalog()
        let balances = try F.table(catalog, name: "balances", sortType: nil)
        let ledger = try F.table(catalog, name: "ledger")
        try balances.put(["pk": .s("alice"), "amount": F.number("100")])
        try balances.put(["pk": .s("bob"), "amount": F.number("5")])
        return (catalog, balances, ledger)
    }

    /// Moves `amount` from one balance to another and writes a ledger entry; the debit
    /// refuses to go negative.
    private func transfer(_ amount: Int, from: String, to: String, entry: String) -> [TransactionWrite] {
        func adjust(_ delta: Int) -> (Item?) throws(DynamoDBError) -> Item? {
            { item throws(DynamoDBError) in
                guard var item, case .n(let current) = item["amount"] else { throw .conditionalCheckFailed() }
                let next = current + DynamoNumber(delta)
                if next < .zero { throw .conditionalCheckFailed() }
                item["amount"] = .n(next)
                return item
            }
        }
        return [
            .update(tableName: "balances", key: ["pk": .s(from)], transform: adjust(-amount)),
            .update(tableName: "balances", key: ["pk": .s(to)], transform: adjust(amount)),
            .put(tableName: "ledger", item: ["pk": .s("log"), "sk": .s(entry), "amount": F.number("\(amount)")]) { existing throws(DynamoDBError) in
                if existing != nil { throw .conditionalCheckFailed() }
            },
        ]
    }

    @Test func appliesEveryWriteAcrossTables() throws {
        let (catalog, balances, ledger) = try accounts()
        let changes = try catalog.transactWrite(transfer(30, from: "alice", to: "bob", entry: "e1"))
        #expect(changes.map { $0.new?["amount"] } == ["70", "35", "30"].map(F.number))
        #expect(try balances.get(key: ["pk": .s("alice")])?["amount"] == F.number("70"))
        #expect(try balances.get(key: ["pk": .s("bob")])?["amount"] == F.number("35"))
        #expect(try ledger.get(key: ["pk": .s("log"), "sk": .s("e1")]) != nil)
        let reads = try catalog.transactGet([("balances", ["pk": .s("alice")]), ("ledger", ["pk": .s("log"), "sk": .s("e1")]), ("balances", ["pk": .s("carol")])])
        #expect(reads.map { $0?["amount"] } == [F.number("70"), F.number("30"), nil])
    }

    @Test func oneFailureCancelsEverything() throws {
        let (catalog, balances, ledger) = try accounts()
        // Bob cannot pay 50: nothing at all changes, and the reasons say which write failed.
        let error = F.error { try catalog.transactWrite(transfer(50, from: "bob", to: "alice", entry: "e2")) }
        #expect(error?.code == "TransactionCanceledException")
        #expect(error?.message == "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None]")
        #expect(error?.cancellationReasons.map(\.code) == ["ConditionalCheckFailed", "None", "None"])
        #expect(try balances.get(key: ["pk": .s("alice")])?["amount"] == F.number("100"))
        #expect(try balances.get(key: ["pk": .s("bob")])?["amount"] == F.number("5"))
        #expect(ledger.describe().itemCount == 0)

        // A condition check on another item, and an item too large, also cancel.
        let tooBig = String(repeating: "x", count: 410_000)
        let writes: [TransactionWrite] = [
            .put(tableName: "ledger", item: ["pk": .s("log"), "sk": .s("e3")]),
            .conditionCheck(tableName: "balances", key: ["pk": .s("carol")]) { item throws(DynamoDBError) in
                if item == nil { throw .conditionalCheckFailed() }
            },
            .put(tableName: "ledger", item: ["pk": .s("log"), "sk": .s("e4"), "blob": .s(tooBig)]),
            .delete(tableName: "balances", key: ["pk": .s("alice")]),
        ]
        let second = F.error { try catalog.transactWrite(writes) }
        #expect(second?.cancellationReasons.map(\.code) == ["None", "ConditionalCheckFailed", "ValidationError", "None"])
        #expect(second?.cancellationReasons[2].message == "Item size has exceeded the maximum allowed size")
        #expect(ledger.describe().itemCount == 0)
        #expect(try balances.get(key: ["pk": .s("alice")]) != nil)
    }

    @Test func requestErrorsComeBeforeAnyLock() throws {
        let (catalog, _, _) = try accounts()
        #expect(F.validation { try catalog.transactWrite([.delete(tableName: "balances", key: ["pk": .s("a")]), .delete(tableName: "balances", key: ["pk": .s("a")])]) }
            == "Transaction request cannot include multiple operations on one item")
        #expect(F.validation { try catalog.transactWrite([.delete(tableName: "balances", key: ["id": .s("a")])]) }
            == "The provided key element does not match the schema")
        #expect(F.error { try catalog.transactWrite([.delete(tableName: "missing", key: ["pk": .s("a")])]) }?.code == "ResourceNotFoundException")
    }

    @Test func concurrentWritersKeepCountsRight() async throws {
        let catalog = F.catalog()
        let table = try F.table(catalog, name: "busy", globals: [SecondaryIndexDefinition(name: "by-writer", keySchema: KeySchema(partitionKey: "writer"), projection: .keysOnly)], extra: [AttributeDefinition(name: "writer", type: .s)])
        _ = try F.table(catalog, name: "counters", sortType: nil)
        let counters = try catalog.table(named: "counters")
        try counters.put(["pk": .s("total"), "n": F.number("0")])
        let writers = 16
        let perWriter = 250
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        let item: Item = ["pk": .s("tenant\(index % 10)"), "sk": .s("w\(writer)-\(index)"), "writer": .s("w\(writer)")]
                        // Half the writes go through a transaction that also bumps a shared
                        // counter, so transactions contend with plain writes and each other.
                        if index % 2 == 0 {
                            try catalog.transactWrite([
                                .put(tableName: "busy", item: item),
                                .update(tableName: "counters", key: ["pk": .s("total")]) { counter throws(DynamoDBError) in
                                    guard var counter, case .n(let value) = counter["n"] else { throw .conditionalCheckFailed() }
                                    counter["n"] = .n(value + DynamoNumber(1))
                                    return counter
                                },
                            ])
                        } else {
                            try table.put(item)
                        }
                        if index % 5 == 0 {
                            _ = try table.query(partitionKey: .s("tenant\(index % 10)"), limit: 3)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(table.describe().itemCount == writers * perWriter)
        #expect(table.describe().indexStatistics["by-writer"]?.itemCount == writers * perWriter)
        #expect(try counters.get(key: ["pk": .s("total")])?["n"] == F.number("\(writers * perWriter / 2)"))
        #expect(try table.scan().items.count == writers * perWriter)
        for writer in 0..<writers {
            #expect(try table.query(index: "by-writer", partitionKey: .s("w\(writer)")).items.count == perWriter)
        }
    }
}
