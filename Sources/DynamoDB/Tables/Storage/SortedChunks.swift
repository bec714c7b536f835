/// An ordered map kept as a list of sorted chunks (each at most `chunkCapacity` long).
///
/// One flat sorted array would make an insert in the middle of a million-item partition
/// move megabytes; a chunk list moves at most one chunk plus the chunk list's entries, while
/// keeping lookups at two binary searches and range reads at O(log n + k).
///
/// Keys and values sit in separate arrays, and each chunk's last key is copied into
/// `lastKeys`, so that searches read keys only: touching an element as a whole would
/// retain the item it holds on every probe.
///
/// Positions are `(chunk, offset)`, with every offset inside its chunk except `end`, which is
/// `(chunks.count, 0)`; so positions compare lexicographically. A position is only valid
/// until the next mutation.
struct SortedChunks<Key: Comparable, Value> {
    typealias Element = (key: Key, value: Value)

    struct Chunk {
        var keys: [Key]
        var values: [Value]
    }

    private(set) var chunks: [Chunk] = []
    /// `chunks[i].keys.last` for every chunk.
    private var lastKeys: [Key] = []
    private(set) var count = 0

    /// 256 elements keep a mid-chunk insert to a few kilobytes of memmove and the chunk list
    /// short enough that its own inserts stay cheap up to millions of elements.
    static var chunkCapacity: Int { 256 }

    struct Position: Comparable {
        var chunk: Int
        var offset: Int

        static func < (lhs: Position, rhs: Position) -> Bool {
            (lhs.chunk, lhs.offset) < (rhs.chunk, rhs.offset)
        }
    }

    var isEmpty: Bool { count == 0 }
    var startPosition: Position { Position(chunk: 0, offset: 0) }
    var endPosition: Position { Position(chunk: chunks.count, offset: 0) }

    subscript(position: Position) -> Element {
        (chunks[position.chunk].keys[position.offset], chunks[position.chunk].values[position.offset])
    }

    func value(at position: Position) -> Value {
        chunks[position.chunk].values[position.offset]
    }

    /// The first position whose key satisfies `isAtOrAfter`, which must be false for a prefix
    /// of the keys and true for the rest; `endPosition` when it holds for none.
    func firstPosition(where isAtOrAfter: (Key) -> Bool) -> Position {
        let chunk = lastKeys.withUnsafeBufferPointer { keys in
            Self.partitionPoint(keys, upTo: keys.count, isAtOrAfter)
        }
        guard chunk < chunks.count else { return endPosition }
        let offset = chunks.withUnsafeBufferPointer { chunks in
            chunks[chunk].keys.withUnsafeBufferPointer { keys in
                // The last key is known to satisfy the predicate.
                Self.partitionPoint(keys, upTo: keys.count - 1, isAtOrAfter)
            }
        }
        return Position(chunk: chunk, offset: offset)
    }

    /// The first index in `[0, limit)` whose key satisfies the predicate, else `limit`.
    @inline(__always)
    private static func partitionPoint(_ keys: UnsafeBufferPointer<Key>, upTo limit: Int, _ isAtOrAfter: (Key) -> Bool) -> Int {
        var low = 0
        var high = limit
        while low < high {
            let middle = (low + high) / 2
            if isAtOrAfter(keys[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The first position whose key is not less than `key`.
    func lowerBound(_ key: Key) -> Position {
        firstPosition { $0 >= key }
    }

    /// The first position whose key is greater than `key`.
    func upperBound(_ key: Key) -> Position {
        firstPosition { $0 > key }
    }

    /// Whether `key` is present, and its position (or the one it would be inserted at).
    func search(_ key: Key) -> (found: Bool, position: Position) {
        let position = lowerBound(key)
        guard position.chunk < chunks.count else { return (false, position) }
        let found = chunks.withUnsafeBufferPointer { chunks in
            chunks[position.chunk].keys.withUnsafeBufferPointer { $0[position.offset] == key }
        }
        return (found, position)
    }

    func value(for key: Key) -> Value? {
        let (found, position) = search(key)
        return found ? value(at: position) : nil
    }

    func position(after position: Position) -> Position {
        position.offset + 1 < chunks[position.chunk].keys.count
            ? Position(chunk: position.chunk, offset: position.offset + 1)
            : Position(chunk: position.chunk + 1, offset: 0)
    }

    /// - Precondition: `position` is not `startPosition`.
    func position(before position: Position) -> Position {
        position.offset > 0
            ? Position(chunk: position.chunk, offset: position.offset - 1)
            : Position(chunk: position.chunk - 1, offset: chunks[position.chunk - 1].keys.count - 1)
    }

    /// Replaces the value at `position` in place.
    mutating func setValue(_ value: Value, at position: Position) {
        chunks[position.chunk].values[position.offset] = value
    }

    /// Inserts at `position`, which must keep the keys sorted (use `search`).
    mutating func insert(_ element: Element, at position: Position) {
        count += 1
        guard !chunks.isEmpty else {
            chunks.append(Chunk(keys: [element.key], values: [element.value]))
            lastKeys.append(element.key)
            return
        }
        if position.chunk == chunks.count {
            // Appending: a full last chunk starts a new one rather than splitting in half, so
            // ascending loads leave full chunks behind.
            let last = chunks.count - 1
            if chunks[last].keys.count >= Self.chunkCapacity {
                chunks.append(Chunk(keys: [element.key], values: [element.value]))
                lastKeys.append(element.key)
            } else {
                chunks[last].keys.append(element.key)
                chunks[last].values.append(element.value)
                lastKeys[last] = element.key
            }
            return
        }
        let index = position.chunk
        chunks[index].keys.insert(element.key, at: position.offset)
        chunks[index].values.insert(element.value, at: position.offset)
        let size = chunks[index].keys.count
        if size > Self.chunkCapacity {
            let half = size / 2
            let tail = Chunk(keys: Array(chunks[index].keys[half...]), values: Array(chunks[index].values[half...]))
            chunks[index].keys.removeSubrange(half...)
            chunks[index].values.removeSubrange(half...)
            chunks.insert(tail, at: index + 1)
            lastKeys.insert(tail.keys[tail.keys.count - 1], at: index + 1)
            lastKeys[index] = chunks[index].keys[half - 1]
        }
    }

    /// Removes and returns the element at `position`.
    @discardableResult
    mutating func remove(at position: Position) -> Element {
        count -= 1
        let index = position.chunk
        let key = chunks[index].keys.remove(at: position.offset)
        let value = chunks[index].values.remove(at: position.offset)
        let size = chunks[index].keys.count
        if size == 0 {
            chunks.remove(at: index)
            lastKeys.remove(at: index)
        } else if size < Self.chunkCapacity / 4, index + 1 < chunks.count, size + chunks[index + 1].keys.count <= Self.chunkCapacity / 2 {
            // Merging sparse neighbours keeps the chunk list from filling with near-empty
            // chunks after many deletes.
            let next = chunks.remove(at: index + 1)
            chunks[index].keys.append(contentsOf: next.keys)
            chunks[index].values.append(contentsOf: next.values)
            lastKeys.remove(at: index)
        } else if position.offset == size {
            lastKeys[index] = chunks[index].keys[size - 1]
        }
        return (key, value)
    }

    /// Visits the elements in `[from, to)`, ascending when `forward`, else descending from
    /// just before `to`, until `body` returns false.
    func visit(from: Position, to: Position, forward: Bool, _ body: (Key, Value) -> Bool) {
        guard from < to else { return }
        chunks.withUnsafeBufferPointer { chunks in
            if forward {
                var chunkIndex = from.chunk
                var offset = from.offset
                while chunkIndex < chunks.count, chunkIndex <= to.chunk {
                    let keys = chunks[chunkIndex].keys
                    let values = chunks[chunkIndex].values
                    let stop = chunkIndex == to.chunk ? to.offset : keys.count
                    while offset < stop {
                        if !body(keys[offset], values[offset]) { return }
                        offset += 1
                    }
                    chunkIndex += 1
                    offset = 0
                }
            } else {
                var chunkIndex = to.offset == 0 ? to.chunk - 1 : to.chunk
                var stop = to.offset == 0 ? (chunkIndex >= 0 ? chunks[chunkIndex].keys.count : 0) : to.offset
                while chunkIndex >= from.chunk, chunkIndex >= 0 {
                    let keys = chunks[chunkIndex].keys
                    let values = chunks[chunkIndex].values
                    let start = chunkIndex == from.chunk ? from.offset : 0
                    var offset = stop - 1
                    while offset >= start {
                        if !body(keys[offset], values[offset]) { return }
                        offset -= 1
                    }
                    chunkIndex -= 1
                    stop = chunkIndex >= 0 ? chunks[chunkIndex].keys.count : 0
                }
            }
        }
    }

    /// Every element in ascending order.
    func forEach(_ body: (Key, Value) -> Void) {
        visit(from: startPosition, to: endPosition, forward: true) { key, value in
            body(key, value)
            return true
        }
    }
}

/// Sendable when its contents are (generic types get no implicit conformance): a copied
/// partition can then take its rows, a value, without tying the copy to the original.
extension SortedChunks: Sendable where Key: Sendable, Value: Sendable {}

extension SortedChunks.Chunk: Sendable where Key: Sendable, Value: Sendable {}

extension SortedChunks where Key: Sendable {
    /// The same keys in the same chunks, each value replaced by `transform(value)`: one pass
    /// over the values, keys shared copy-on-write rather than sorted or inserted again. This is
    /// how a list of partitions, which are classes, is deep-copied.
    ///
    /// The result is `sending`: it shares nothing with `self` but Sendable keys and what
    /// `transform` hands out, so a copy can move into a lock of its own.
    func mapValues<NewValue>(_ transform: (Value) -> sending NewValue) -> sending SortedChunks<Key, NewValue> {
        var mapped = SortedChunks<Key, NewValue>()
        mapped.chunks.reserveCapacity(chunks.count)
        for chunk in chunks {
            var values: [NewValue] = []
            values.reserveCapacity(chunk.values.count)
            for value in chunk.values { values.append(transform(value)) }
            mapped.chunks.append(.init(keys: chunk.keys, values: values))
        }
        mapped.lastKeys = lastKeys
        mapped.count = count
        return mapped
    }
}
