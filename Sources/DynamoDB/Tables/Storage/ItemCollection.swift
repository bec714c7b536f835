/// An item with its size, worked out once when it is written: reads count sizes against the
/// 1 MB page limit, and the table keeps `TableSizeBytes` as a running sum.
struct StoredItem {
    let item: Item
    let size: Int

    init(_ item: Item) {
        self.item = item
        self.size = item.itemSize
    }
}

/// Where a row sits inside its partition.
///
/// In the table, rows are ordered by the sort key alone. In an index, many items may share
/// an index sort key (or the index has none), so the table's own key breaks ties; that is
/// also why an index's LastEvaluatedKey carries the table's key attributes.
struct RowKey: Comparable, Hashable {
    var sort: KeyScalar?
    var tablePartition: KeyScalar?
    var tableSort: KeyScalar?

    static func < (lhs: RowKey, rhs: RowKey) -> Bool {
        var order = compare(lhs.sort, rhs.sort)
        if order == 0 { order = compare(lhs.tablePartition, rhs.tablePartition) }
        if order == 0 { order = compare(lhs.tableSort, rhs.tableSort) }
        return order < 0
    }

    /// Absent components sort first; they only meet in tables without a sort key, where a
    /// partition holds one row.
    private static func compare(_ a: KeyScalar?, _ b: KeyScalar?) -> Int {
        switch (a, b) {
        case (nil, nil): 0
        case (nil, _): -1
        case (_, nil): 1
        case (let a?, let b?): KeyScalar.compare(a, b)
        }
    }
}

/// A partition's place in scan order: by a stable hash of the partition key, then by the
/// key itself. Hash order is what makes `Segment` a contiguous slice of the partitions.
struct PartitionID: Comparable {
    let hash: UInt64
    let key: KeyScalar

    init(_ key: KeyScalar) {
        self.hash = key.stableHash
        self.key = key
    }

    static func < (lhs: PartitionID, rhs: PartitionID) -> Bool {
        lhs.hash != rhs.hash ? lhs.hash < rhs.hash : lhs.key < rhs.key
    }

    static func == (lhs: PartitionID, rhs: PartitionID) -> Bool {
        lhs.hash == rhs.hash && lhs.key == rhs.key
    }
}

/// The rows of one partition, in sort order.
///
/// A class, so that writing a row mutates the partition where it lies: a struct stored as a
/// value in the partition list would be copied out, changed and written back, and a shared
/// copy would clone every row.
final class ItemPartition {
    var rows = SortedChunks<RowKey, StoredItem>()

    /// A partition of its own with the same rows. The row lists are values, so the copy
    /// shares their storage until either partition is written.
    func copy() -> sending ItemPartition {
        let copy = ItemPartition()
        copy.rows = rows
        return copy
    }
}

/// A set of partitions: a table's items, or one secondary index's projected items.
struct ItemCollection {
    private(set) var partitions = SortedChunks<PartitionID, ItemPartition>()
    private(set) var itemCount = 0
    private(set) var sizeBytes = 0

    func partition(_ key: KeyScalar) -> ItemPartition? {
        partitions.value(for: PartitionID(key))
    }

    func get(_ partitionKey: KeyScalar, _ row: RowKey) -> StoredItem? {
        partition(partitionKey)?.rows.value(for: row)
    }

    /// Inserts or replaces the row; returns what it replaced.
    @discardableResult
    mutating func put(_ partitionKey: KeyScalar, _ row: RowKey, _ stored: StoredItem) -> StoredItem? {
        let id = PartitionID(partitionKey)
        let (found, position) = partitions.search(id)
        sizeBytes += stored.size
        guard found else {
            let partition = ItemPartition()
            partition.rows.insert((row, stored), at: partition.rows.endPosition)
            partitions.insert((id, partition), at: position)
            itemCount += 1
            return nil
        }
        let rows = partitions.value(at: position)
        let (exists, rowPosition) = rows.rows.search(row)
        if exists {
            let old = rows.rows.value(at: rowPosition)
            rows.rows.setValue(stored, at: rowPosition)
            sizeBytes -= old.size
            return old
        }
        rows.rows.insert((row, stored), at: rowPosition)
        itemCount += 1
        return nil
    }

    /// Removes the row; an emptied partition leaves the list, so scans never walk it.
    @discardableResult
    mutating func remove(_ partitionKey: KeyScalar, _ row: RowKey) -> StoredItem? {
        let (found, position) = partitions.search(PartitionID(partitionKey))
        guard found else { return nil }
        let partition = partitions.value(at: position)
        let (exists, rowPosition) = partition.rows.search(row)
        guard exists else { return nil }
        let old = partition.rows.remove(at: rowPosition).value
        if partition.rows.isEmpty {
            partitions.remove(at: position)
        }
        itemCount -= 1
        sizeBytes -= old.size
        return old
    }

    /// A collection that shares nothing mutable with this one: partitions are classes written
    /// in place, so each is copied; rows, counts and sizes are values.
    func copy() -> sending ItemCollection {
        var copy = ItemCollection()
        copy.partitions = partitions.mapValues { (partition: ItemPartition) -> sending ItemPartition in partition.copy() }
        copy.itemCount = itemCount
        copy.sizeBytes = sizeBytes
        return copy
    }

    /// Every row in scan order.
    func forEach(_ body: (KeyScalar, RowKey, StoredItem) -> Void) {
        partitions.forEach { id, partition in
            partition.rows.forEach { row, stored in body(id.key, row, stored) }
        }
    }
}
