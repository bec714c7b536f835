import Core
@testable import DynamoDB
import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Shared builders for the table tests, namespaced so they cannot collide with helpers of
/// other test files in this module.
enum TableFixture {
    static let created = Date(timeIntervalSince1970: 1_700_000_000.25)

    static func catalog(seed: UInt64 = 7) -> TableCatalog {
        TableCatalog(region: "us-east-1", accountId: "123456789012", clock: ManualClock(start: created), random: SeededRandomSource(seed: seed))
    }

    static func number(_ text: String) -> AttributeValue {
        .n(try! DynamoNumber(parsing: text))
    }

    static func string(_ text: String) -> AttributeValue {
        .s(text)
    }

    /// A table keyed `pk` (S) and, when `sortType` is given, `sk` of that type.
    static func table(
        _ catalog: TableCatalog, name: String = "items", sortType: ScalarAttributeType? = .s,
        globals: [SecondaryIndexDefinition] = [], locals: [SecondaryIndexDefinition] = [],
        extra: [AttributeDefinition] = []
    ) throws -> Table {
        var definitions = [AttributeDefinition(name: "pk", type: .s)]
        if let sortType { definitions.append(AttributeDefinition(name: "sk", type: sortType)) }
        let definition = try TableDefinition(
            name: try TableName(name), keySchema: KeySchema(partitionKey: "pk", sortKey: sortType == nil ? nil : "sk"),
            attributeDefinitions: definitions + extra, globalSecondaryIndexes: globals, localSecondaryIndexes: locals
        )
        try catalog.createTable(definition)
        return try catalog.table(named: name)
    }

    /// The error `body` throws (nil if it does not).
    static func error(_ body: () throws -> Void) -> DynamoDBError? {
        do {
            try body()
            return nil
        } catch let error as DynamoDBError {
            return error
        } catch {
            return DynamoDBError(code: "Unexpected", message: "\(error)")
        }
    }

    /// The message of a ValidationException thrown by `body`.
    static func validation(_ body: () throws -> Void) -> String? {
        guard let error = error(body) else { return nil }
        return error.code == "ValidationException" ? error.message : "\(error.code): \(error.message)"
    }

    /// Reads every page of `read` (called with each LastEvaluatedKey) and concatenates.
    static func allPages(_ read: (Item?) throws -> ReadPage) throws -> (items: [Item], pages: Int) {
        var items: [Item] = []
        var start: Item?
        var pages = 0
        repeat {
            let page = try read(start)
            items += page.items
            start = page.lastEvaluatedKey
            pages += 1
        } while start != nil && pages < 100_000
        return (items, pages)
    }
}

@Suite struct TableFixtureTests {
    @Test func fixtureTableIsEmptyAndActive() throws {
        let catalog = TableFixture.catalog()
        let table = try TableFixture.table(catalog)
        #expect(table.describe().status == .active)
        #expect(table.describe().itemCount == 0)
    }
}
