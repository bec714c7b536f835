/// Query and Scan over the table or one of its indexes, run under the table's lock.
extension TableState {
    /// What a read walks: the table's items or an index's, keyed by `key`.
    struct ReadTarget {
        let collection: ItemCollection
        let key: KeyLayout
        let isIndex: Bool
        /// LastEvaluatedKey's attributes: the index's keys (if any), then the table's.
        let keyNames: [String]
        /// Each key attribute's type, for reading ExclusiveStartKey.
        let keyTypes: [String: ScalarAttributeType]
    }

    func target(_ indexName: String?) throws(DynamoDBError) -> ReadTarget {
        var attributes = key.attributes
        guard let indexName else {
            return ReadTarget(
                collection: base, key: key, isIndex: false, keyNames: attributes.map(\.name),
                keyTypes: Dictionary(uniqueKeysWithValues: attributes.map { ($0.name, $0.type) })
            )
        }
        guard let position = index(named: indexName) else {
            throw .validation("The table does not have the specified index: \(indexName)")
        }
        let index = indexes[position]
        attributes = index.key.attributes + attributes.filter { !index.key.contains($0.name) }
        return ReadTarget(
            collection: index.items, key: index.key, isIndex: true, keyNames: attributes.map(\.name),
            keyTypes: Dictionary(uniqueKeysWithValues: attributes.map { ($0.name, $0.type) })
        )
    }

    /// Reads an ExclusiveStartKey: exactly the target's key attributes, with their types.
    func startPosition(_ start: Item, in target: ReadTarget) throws(DynamoDBError) -> (partition: KeyScalar, row: RowKey) {
        let invalid = DynamoDBError.validation("The provided starting key is invalid: The provided key element does not match the schema")
        guard start.count == target.keyNames.count else { throw invalid }
        var scalars: [String: KeyScalar] = [:]
        for name in target.keyNames {
            guard let value = start[name], let scalar = KeyScalar(value), scalar.type == target.keyTypes[name] else { throw invalid }
            scalars[name] = scalar
        }
        let tableSort = key.sort.flatMap { scalars[$0.name] }
        guard let partition = scalars[target.key.partition.name] else { throw invalid }
        let sort = target.key.sort.flatMap { scalars[$0.name] }
        guard target.isIndex else { return (partition, RowKey(sort: sort)) }
        return (partition, RowKey(sort: sort, tablePartition: scalars[key.partition.name], tableSort: tableSort))
    }

    /// Query: one partition of the target, the rows the sort-key condition selects, in
    /// either direction, starting after `start`.
    func query(
        index: String?, partition value: AttributeValue, condition: SortKeyCondition?, forward: Bool, start: Item?, limit: Int?
    ) throws(DynamoDBError) -> PageCollector {
        let target = try target(index)
        guard let partitionKey = KeyScalar(value), partitionKey.type == target.key.partition.type else {
            throw .validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
        }
        let resolved = try condition.map { condition throws(DynamoDBError) in
            guard let sort = target.key.sort else { throw .validation("Query key condition not supported") }
            return try condition.resolved(for: sort)
        }
        var collector = PageCollector(limit: limit, keyNames: target.keyNames)
        var startRow: RowKey?
        if let start {
            let position = try startPosition(start, in: target)
            let outside = DynamoDBError.validation("The provided starting key is outside query boundaries based on provided conditions")
            guard position.partition == partitionKey else { throw outside }
            if let resolved, let sort = position.row.sort, !resolved.matches(sort) { throw outside }
            startRow = position.row
        }
        guard let rows = target.collection.partition(partitionKey)?.rows else { return collector }
        var (lower, upper) = resolved?.bounds(in: rows) ?? (rows.startPosition, rows.endPosition)
        if let startRow {
            if forward {
                lower = max(lower, rows.upperBound(startRow))
            } else {
                upper = min(upper, rows.lowerBound(startRow))
            }
        }
        rows.visit(from: lower, to: upper, forward: forward) { _, stored in collector.take(stored) }
        return collector
    }

    /// Scan: the target's partitions in hash order (only those of `segment`), every row of
    /// each, starting after `start`.
    func scan(index: String?, segment: (number: Int, total: Int)?, start: Item?, limit: Int?) throws(DynamoDBError) -> PageCollector {
        let target = try target(index)
        var collector = PageCollector(limit: limit, keyNames: target.keyNames)
        let partitions = target.collection.partitions
        let (lowHash, highHash) = segment.map { Self.hashRange(segment: $0.number, of: $0.total) } ?? (0, nil)
        var first = partitions.firstPosition { $0.hash >= lowHash }
        var startRow: RowKey?
        if let start {
            let position = try startPosition(start, in: target)
            let (found, at) = partitions.search(PartitionID(position.partition))
            if at >= first {
                first = at
                startRow = found ? position.row : nil
            }
        }
        var full = false
        partitions.visit(from: first, to: partitions.endPosition, forward: true) { id, partition in
            if let highHash, id.hash >= highHash { return false }
            let rows = partition.rows
            var from = rows.startPosition
            if let row = startRow {
                from = rows.upperBound(row)
                startRow = nil
            }
            rows.visit(from: from, to: rows.endPosition, forward: true) { _, stored in
                full = !collector.take(stored)
                return !full
            }
            return !full
        }
        return collector
    }

    /// Segment `number` of `total` owns the partitions whose hash `h` has
    /// `h * total / 2^64` rounded down equal to `number`: hashes from
    /// ⌈number · 2^64 / total⌉ up to (not including) the next segment's start.
    static func hashRange(segment number: Int, of total: Int) -> (low: UInt64, high: UInt64?) {
        func start(_ segment: Int) -> UInt64? {
            guard segment < total else { return nil }
            let (quotient, remainder) = UInt64(total).dividingFullWidth((high: UInt64(segment), low: 0))
            return remainder > 0 ? quotient + 1 : quotient
        }
        return (start(number) ?? 0, start(number + 1))
    }
}
