/// Query and Scan.
///
/// Both read under the table's lock until `limit` items or 1 MB (sizes before any filter),
/// then release it and run `filter` over what was read, so `scannedCount` is DynamoDB's
/// `ScannedCount` and a filter never holds up writers. Projection expressions and `Select`
/// belong to the caller.
extension Table {
    /// Query: the items of one partition of the table or of index `index`, in sort-key
    /// order (descending when `forward` is false), optionally narrowed by a sort-key
    /// condition, resuming after `exclusiveStartKey` (a LastEvaluatedKey of the same read).
    /// Index items come back as the index projects them.
    public func query(
        index: String? = nil, partitionKey: AttributeValue, sortKey: SortKeyCondition? = nil, forward: Bool = true,
        exclusiveStartKey: Item? = nil, limit: Int? = nil, filter: (Item) throws(DynamoDBError) -> Bool = { _ in true }
    ) throws(DynamoDBError) -> ReadPage {
        try Self.checkLimit(limit)
        let collected = try state.withLock { (state: inout TableState) throws(DynamoDBError) -> PageCollector in
            try state.query(index: index, partition: partitionKey, condition: sortKey, forward: forward, start: exclusiveStartKey, limit: limit)
        }
        return try collected.page(filter: filter)
    }

    /// Scan: every item of the table or of index `index`, partition by partition in a
    /// stable hash order, or only the partitions of `segment` (0-based) of `totalSegments`
    /// for a parallel scan; each item is in exactly one segment. Resumes after
    /// `exclusiveStartKey`.
    public func scan(
        index: String? = nil, segment: Int? = nil, totalSegments: Int? = nil, exclusiveStartKey: Item? = nil, limit: Int? = nil,
        filter: (Item) throws(DynamoDBError) -> Bool = { _ in true }
    ) throws(DynamoDBError) -> ReadPage {
        try Self.checkLimit(limit)
        let parallel = try Self.checkSegment(segment, totalSegments)
        let collected = try state.withLock { (state: inout TableState) throws(DynamoDBError) -> PageCollector in
            try state.scan(index: index, segment: parallel, start: exclusiveStartKey, limit: limit)
        }
        return try collected.page(filter: filter)
    }

    static func checkLimit(_ limit: Int?) throws(DynamoDBError) {
        if let limit, limit < 1 {
            throw TableRequestReader.constraint("'\(limit)'", at: "limit", "Member must have value greater than or equal to 1")
        }
    }

    static func checkSegment(_ segment: Int?, _ total: Int?) throws(DynamoDBError) -> (number: Int, total: Int)? {
        switch (segment, total) {
        case (nil, nil):
            return nil
        case (nil, .some):
            throw .validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
        case (.some, nil):
            throw .validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
        case (let segment?, let total?):
            if total < 1 {
                throw TableRequestReader.constraint("'\(total)'", at: "totalSegments", "Member must have value greater than or equal to 1")
            }
            if total > 1_000_000 {
                throw TableRequestReader.constraint("'\(total)'", at: "totalSegments", "Member must have value less than or equal to 1000000")
            }
            if segment < 0 {
                throw TableRequestReader.constraint("'\(segment)'", at: "segment", "Member must have value greater than or equal to 0")
            }
            if segment >= total {
                throw .validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: \(segment) is not less than TotalSegments: \(total)")
            }
            return (segment, total)
        }
    }
}
