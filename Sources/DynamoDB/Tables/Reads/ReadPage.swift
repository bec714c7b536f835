/// One page of a Query or Scan.
public struct ReadPage: Sendable, Equatable {
    /// The items that passed the filter, in read order (projected, for an index).
    public let items: [Item]
    /// How many items were read before filtering: DynamoDB's `ScannedCount`, the number
    /// `Limit` caps.
    public let scannedCount: Int
    /// Where the next page starts, when this one stopped at `Limit` or at 1 MB; nil when the
    /// read reached the end. For an index it holds the index's and the table's key
    /// attributes.
    public let lastEvaluatedKey: Item?

    public init(items: [Item], scannedCount: Int, lastEvaluatedKey: Item?) {
        self.items = items
        self.scannedCount = scannedCount
        self.lastEvaluatedKey = lastEvaluatedKey
    }
}

/// The most data one page reads: 1 MB of item sizes, counted before any filter.
let maximumPageSize = 1024 * 1024

/// Collects a page under the table's lock: items read in order until `Limit` items or 1 MB.
///
/// A page that stops at `Limit` or 1 MB reports the last item's key as LastEvaluatedKey
/// even when nothing follows it, because DynamoDB does not look ahead either; the caller
/// then gets one more (empty) page.
struct PageCollector: Sendable {
    let limit: Int?
    let keyNames: [String]
    private(set) var items: [Item] = []
    private(set) var bytes = 0
    private(set) var lastEvaluatedKey: Item?

    init(limit: Int?, keyNames: [String]) {
        self.limit = limit
        self.keyNames = keyNames
    }

    /// Takes one item; false once the page is full.
    mutating func take(_ stored: StoredItem) -> Bool {
        items.append(stored.item)
        bytes += stored.size
        if items.count == limit || bytes >= maximumPageSize {
            var key: Item = [:]
            for name in keyNames {
                key[name] = stored.item[name]
            }
            lastEvaluatedKey = key
            return false
        }
        return true
    }

    /// The page after filtering (outside the lock: `Limit` and 1 MB count items before the
    /// filter, so filtering can wait until the lock is released).
    func page(filter: (Item) throws(DynamoDBError) -> Bool) throws(DynamoDBError) -> ReadPage {
        var kept: [Item] = []
        kept.reserveCapacity(items.count)
        for item in items {
            if try filter(item) { kept.append(item) }
        }
        return ReadPage(items: kept, scannedCount: items.count, lastEvaluatedKey: lastEvaluatedKey)
    }
}
