#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A table's Time to Live: the attribute named, and the items due to expire by when.
///
/// Items are queued by their expiry (a min-heap) as they are written, so a sweep looks only
/// at the items that are due, never at the whole table. An item rewritten with another
/// expiry, or without one, leaves a stale entry behind: the sweep checks each entry against
/// the item as it is now and drops stale ones, and the queue is rebuilt from the items when
/// stale entries outnumber the items, so it never holds more than about twice as many
/// entries as the table has items.
struct ExpiryQueue: Sendable {
    let attributeName: String
    private var heap: [(expiry: Double, key: PrimaryKey)] = []

    init(attributeName: String) {
        self.attributeName = attributeName
    }

    var count: Int { heap.count }

    /// The item's expiry: its TTL attribute as a Number of epoch seconds, as DynamoDB
    /// reads it (any other type, or no attribute, never expires).
    func expiry(of item: Item) -> Double? {
        guard case .n(let number)? = item[attributeName] else { return nil }
        return Double(number.description)
    }

    mutating func track(_ item: Item, at key: PrimaryKey) {
        guard let expiry = expiry(of: item) else { return }
        heap.append((expiry, key))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].expiry < heap[parent].expiry else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry due at `now`, or nil when none is.
    mutating func popDue(at now: Double) -> (expiry: Double, key: PrimaryKey)? {
        guard let first = heap.first, first.expiry <= now else { return nil }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].expiry < heap[smallest].expiry { smallest = left }
            if right < heap.count, heap[right].expiry < heap[smallest].expiry { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    mutating func removeAll() {
        heap.removeAll()
    }
}

/// DynamoDB leaves alone items whose expiry is more than five years in the past.
let expiryHorizon: Double = 5 * 365 * 24 * 3600

extension TableState {
    /// UpdateTimeToLive: start tracking `attribute` (queueing every item that has it) or,
    /// with nil, stop.
    mutating func setTimeToLive(_ attribute: String?) {
        guard let attribute else {
            expiries = nil
            return
        }
        var queue = ExpiryQueue(attributeName: attribute)
        let tableKey = key
        base.forEach { _, _, stored in
            if let itemKey = try? tableKey.key(fromItem: stored.item) { queue.track(stored.item, at: itemKey) }
        }
        expiries = queue
    }

    /// Deletes every item whose expiry is at or before `now` (and not beyond the five-year
    /// horizon); returns how many.
    mutating func sweepExpired(now: Double) -> Int {
        guard var queue = expiries else { return 0 }
        expiries = nil
        var deleted = 0
        while let entry = queue.popDue(at: now) {
            guard let item = get(entry.key)?.item, queue.expiry(of: item) == entry.expiry else { continue }
            guard entry.expiry >= now - expiryHorizon else { continue }
            apply(nil, at: entry.key)
            deleted += 1
        }
        expiries = queue
        if queue.count > 2 * base.itemCount + 64 { setTimeToLive(queue.attributeName) }
        return deleted
    }
}
