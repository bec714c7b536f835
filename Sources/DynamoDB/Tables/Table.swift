#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The two versions of an item around a write: what was there, and what is there now
/// (nil for "no item").
public struct ItemChange: Sendable, Equatable {
    public let old: Item?
    public let new: Item?

    public init(old: Item?, new: Item?) {
        self.old = old
        self.new = new
    }
}

/// One table: its identity, and its items and indexes behind a lock of its own.
///
/// Every operation on a table runs under that lock, so each is atomic and linearizable:
/// a conditional write checks and writes with no other write in between. Tables lock
/// independently, so requests to different tables never wait for each other; a transaction
/// takes the locks of all its tables, in name order (see ``TableCatalog``).
///
/// Obtain tables from ``TableCatalog``. After DeleteTable, a `Table` still held by an
/// in-flight request keeps working on its own (now unreachable) items.
public final class Table: Sendable {
    public let name: String
    /// `arn:aws:dynamodb:<region>:<account>:table/<name>`.
    public let arn: String
    /// A random UUID, as DynamoDB gives each table.
    public let tableId: String
    public let creationDateTime: Date
    /// The key schema never changes, so key checks need not take the lock.
    let key: KeyLayout
    let state: Mutex<TableState>

    init(definition: TableDefinition, arn: String, tableId: String, creationDateTime: Date) {
        self.name = definition.name.value
        self.arn = arn
        self.tableId = tableId
        self.creationDateTime = creationDateTime
        self.key = KeyLayout(definition.keySchema, definitions: definition.attributeDefinitions)
        self.state = Mutex(TableState(definition: definition))
    }

    /// A table with `table`'s identity (name, ARN, id, creation time, key) over `state`: a
    /// copied catalog's tables are the same tables to clients, each owning its own items.
    init(identityOf table: Table, state: sending TableState) {
        self.name = table.name
        self.arn = table.arn
        self.tableId = table.tableId
        self.creationDateTime = table.creationDateTime
        self.key = table.key
        self.state = Mutex(state)
    }

    /// The current definition (UpdateTable may have added or removed global indexes).
    public var definition: TableDefinition {
        state.withLock { $0.definition }
    }

    /// The index ARN: `<table ARN>/index/<name>`.
    public func indexARN(_ indexName: String) -> String {
        "\(arn)/index/\(indexName)"
    }

    /// The key attributes of `item` as a `Key` map (for ReturnValues, LastEvaluatedKey or
    /// a later GetItem); validated as PutItem validates an item's key.
    public func keyMap(of item: Item) throws(DynamoDBError) -> Item {
        key.keyItem(try key.key(fromItem: item))
    }

    // MARK: Items

    /// GetItem: the item at a `Key` map, which must hold exactly the key attributes.
    public func get(key keyMap: Item) throws(DynamoDBError) -> Item? {
        let key = try self.key.key(fromKey: keyMap)
        return state.withLock { $0.get(key)?.item }
    }

    /// PutItem: stores `item`, replacing any item with its key, and returns the replaced
    /// item. `check`, when given, runs under the lock with the current item first; throwing
    /// from it (say ConditionalCheckFailedException) leaves the table untouched.
    @discardableResult
    public func put(_ item: Item, check: ((Item?) throws(DynamoDBError) -> Void)? = nil) throws(DynamoDBError) -> Item? {
        try state.withLock { (state: inout TableState) throws(DynamoDBError) -> Item? in
            let write = try state.prepare(item, kind: .put)
            // Only a conditional put pays for reading the current item first.
            if let check { try check(state.get(write.key)?.item) }
            return state.apply(write, at: write.key)?.item
        }
    }

    /// DeleteItem: removes the item at a `Key` map and returns it. `check`, when given, runs
    /// under the lock with the current item first; throwing from it leaves the table
    /// untouched.
    @discardableResult
    public func delete(key keyMap: Item, check: ((Item?) throws(DynamoDBError) -> Void)? = nil) throws(DynamoDBError) -> Item? {
        let key = try self.key.key(fromKey: keyMap)
        return try state.withLock { (state: inout TableState) throws(DynamoDBError) -> Item? in
            if let check { try check(state.get(key)?.item) }
            return state.apply(nil, at: key)?.item
        }
    }

    /// An atomic read-modify-write of the item at a `Key` map, for UpdateItem and
    /// conditional writes: `transform` gets the current item (nil if none) under the lock
    /// and returns the new version, or nil to delete. The new version must keep the key;
    /// it is checked like any written item (400 KB, index key types), with UpdateItem's
    /// size message. Throwing from `transform` leaves the table untouched.
    @discardableResult
    public func update(key keyMap: Item, _ transform: (Item?) throws(DynamoDBError) -> Item?) throws(DynamoDBError) -> ItemChange {
        let key = try self.key.key(fromKey: keyMap)
        return try state.withLock { (state: inout TableState) throws(DynamoDBError) -> ItemChange in
            let old = state.get(key)?.item
            guard let new = try transform(old) else {
                if old != nil { state.apply(nil, at: key) }
                return ItemChange(old: old, new: nil)
            }
            let write = try state.prepare(new, expecting: key, kind: .update)
            state.apply(write, at: key)
            return ItemChange(old: old, new: new)
        }
    }

    // MARK: Description

    /// DescribeTable's view of the table, with live item counts and sizes.
    public func describe() -> TableDescription {
        let (definition, statistics) = state.withLock { ($0.definition, $0.statistics) }
        return TableDescription(table: self, definition: definition, statistics: statistics, status: .active)
    }
}
