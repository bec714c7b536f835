/// Everything a table holds, guarded by the table's lock: the current definition, the
/// items, and every secondary index, kept in step on each write.
///
/// Writes go in two steps so that a transaction can check every item before changing any:
/// `prepare` validates a new item version and computes its index rows (it may throw),
/// `apply` stores it (it cannot fail).
/// Copy contract: `grade` hands each participant a copy of one bootstrapped backend
/// (`Backend.copy()`), made by `DynamoDBEngine.copy(clock:random:)` through
/// `TableCatalog+Copy.swift`. A member added here must be copied there, or the copies share it,
/// lose it, or stop going on exactly as this engine would.
struct TableState {
    private(set) var definition: TableDefinition
    let key: KeyLayout
    private(set) var base = ItemCollection()
    private(set) var indexes: [IndexStore]
    /// Time to Live, when enabled: its attribute and the items queued by expiry.
    var expiries: ExpiryQueue?
    /// The table's tags (TagResource).
    var tags: [String: String] = [:]

    init(definition: TableDefinition) {
        self.definition = definition
        let key = KeyLayout(definition.keySchema, definitions: definition.attributeDefinitions)
        self.key = key
        self.indexes = definition.secondaryIndexes.map {
            IndexStore($0.definition, isGlobal: $0.isGlobal, attributeDefinitions: definition.attributeDefinitions, tableKey: key)
        }
    }

    /// A validated item version, ready to store.
    struct PreparedWrite {
        let key: PrimaryKey
        let stored: StoredItem
        /// One entry per index, in `indexes` order; nil where the item is not indexed.
        let indexRows: [IndexRow?]
    }

    /// Which size message to give: PutItem's, or UpdateItem's (which says "to update").
    enum WriteKind {
        case put
        case update
    }

    func get(_ key: PrimaryKey) -> StoredItem? {
        base.get(key.partition, key.row)
    }

    func index(named name: String) -> Int? {
        indexes.firstIndex { $0.name == name }
    }

    /// Checks `item` as a new item version: a valid key (equal to `expected` when given, as
    /// when an update rewrites the item at a known key), within 400 KB, and index key
    /// attributes of the right types.
    func prepare(_ item: Item, expecting expected: PrimaryKey? = nil, kind: WriteKind) throws(DynamoDBError) -> PreparedWrite {
        let key = try self.key.key(fromItem: item)
        if let expected, expected != key {
            // The operation layer refuses key changes with its own message first; this
            // keeps a transform from moving an item to another key behind its back.
            let changed = expected.partition != key.partition ? self.key.partition.name : self.key.sort?.name ?? ""
            throw .validation("One or more parameter values were invalid: Cannot update attribute \(changed). This attribute is part of the key")
        }
        let stored = StoredItem(item)
        if stored.size > maximumItemSize {
            throw .validation(kind == .put ? "Item size has exceeded the maximum allowed size" : "Item size to update has exceeded the maximum allowed size")
        }
        var rows: [IndexRow?] = []
        if !indexes.isEmpty {
            rows.reserveCapacity(indexes.count)
            for index in indexes {
                rows.append(try index.row(for: stored, tableKey: key))
            }
        }
        return PreparedWrite(key: key, stored: stored, indexRows: rows)
    }

    /// Stores `write` at `key`, or removes the item there when `write` is nil, and keeps
    /// every index in step. Returns the previous version.
    @discardableResult
    mutating func apply(_ write: PreparedWrite?, at key: PrimaryKey) -> StoredItem? {
        let old = write.map { base.put(key.partition, key.row, $0.stored) } ?? base.remove(key.partition, key.row)
        if let item = write?.stored.item, let attribute = expiries?.attributeName, item[attribute] != nil,
           item[attribute] != old?.item[attribute] {
            expiries?.track(item, at: key)
            // Rewrites leave stale entries; rebuilding once they outnumber the items keeps
            // the queue within about twice the table's size, at amortised constant cost.
            if let queue = expiries, queue.count > 2 * base.itemCount + 64 { setTimeToLive(queue.attributeName) }
        }
        for position in indexes.indices {
            let oldRow = old.flatMap { indexes[position].position(of: $0.item, tableKey: key) }
            let newRow = write?.indexRows[position]
            if let oldRow, oldRow.partition != newRow?.partition || oldRow.row != newRow?.row {
                indexes[position].items.remove(oldRow.partition, oldRow.row)
            }
            if let newRow {
                indexes[position].items.put(newRow.partition, newRow.row, newRow.stored)
            }
        }
        return old
    }

    /// The same definition, items and indexes, sharing no mutable storage with this state, so
    /// that writes to either never show in the other. `sending`: the copy can move into a
    /// table (and lock) of its own.
    func copy() -> sending TableState {
        var indexes: [IndexStore] = []
        indexes.reserveCapacity(self.indexes.count)
        for index in self.indexes { indexes.append(index.copy()) }
        var copy = TableState(definition: definition, key: key, base: base.copy(), indexes: indexes)
        copy.expiries = expiries
        copy.tags = tags
        return copy
    }

    private init(definition: TableDefinition, key: KeyLayout, base: sending ItemCollection, indexes: sending [IndexStore]) {
        self.definition = definition
        self.key = key
        self.base = base
        self.indexes = indexes
    }

    // MARK: Schema changes (UpdateTable)

    /// Adds a global index's storage and fills it from the items already stored. Items whose
    /// index key attributes have the wrong type are left out, as DynamoDB's backfill leaves
    /// them out. The definition is the caller's to replace (`replaceDefinition`).
    mutating func addGlobalIndex(_ index: SecondaryIndexDefinition, definitions: [AttributeDefinition]) {
        var store = IndexStore(index, isGlobal: true, attributeDefinitions: definitions, tableKey: key)
        let tableKey = key
        base.forEach { _, _, stored in
            guard let itemKey = try? tableKey.key(fromItem: stored.item),
                let position = store.position(of: stored.item, tableKey: itemKey)
            else { return }
            let projected = store.projected == nil ? stored : StoredItem(store.project(stored.item))
            store.items.put(position.partition, position.row, projected)
        }
        indexes.append(store)
    }

    /// Drops a global index's storage.
    mutating func removeGlobalIndex(named name: String) {
        indexes.removeAll { $0.isGlobal && $0.name == name }
    }

    /// Adopts a checked UpdateTable result: same table key, indexes matching the storage.
    mutating func replaceDefinition(_ definition: TableDefinition) {
        self.definition = definition
    }

    /// Item count and size of the table and of each index, for DescribeTable.
    var statistics: TableStatistics {
        TableStatistics(
            itemCount: base.itemCount, sizeBytes: base.sizeBytes,
            indexes: Dictionary(uniqueKeysWithValues: indexes.map { ($0.name, (itemCount: $0.items.itemCount, sizeBytes: $0.items.sizeBytes)) })
        )
    }
}

/// Live counts for DescribeTable.
struct TableStatistics: Sendable {
    let itemCount: Int
    let sizeBytes: Int
    let indexes: [String: (itemCount: Int, sizeBytes: Int)]
}
