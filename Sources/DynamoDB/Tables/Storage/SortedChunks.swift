/// An ordered map kept as a list of sorted chunks (each at most `chunkCapacity` long).
///
/// One flat sorted array would make an insert in the middle of a million-item partition
/// move megabytes; a chunk list moves at most one chunk plus the chunk list's pointers, while
/// keeping lookups at two binary searches and range reads at O(log n + k).
///
/// Positions are `(chunk, offset)`, with every offset inside its chunk except `end`, which is
/// `(chunks.count, 0)`; so positions compare lexicographically. A position is only valid
/// until the next mutation.
struct SortedChunks<Key: Comparable, Value> {
    typealias Element = (key: Key, value: Value)

    private(set) var chunks: [[Element]] = []
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
        chunks[position.chunk][position.offset]
    }

    /// The first position whose key satisfies `isAtOrAfter`, which must be false for a prefix
    /// of the keys and true for the rest; `endPosition` when it holds for none.
    func firstPosition(where isAtOrAfter: (Key) -> Bool) -> Position {
        var low = 0
        var high = chunks.count
        while low < high {
            let middle = (low + high) / 2
            let chunk = chunks[middle]
            if isAtOrAfter(chunk[chunk.count - 1].key) { high = middle } else { low = middle + 1 }
        }
        guard low < chunks.count else { return endPosition }
        let offset = chunks[low].withUnsafeBufferPointer { elements in
            var low = 0
            var high = elements.count - 1  // the last element is known to satisfy
            while low < high {
                let middle = (low + high) / 2
                if isAtOrAfter(elements[middle].key) { high = middle } else { low = middle + 1 }
            }
            return low
        }
        return Position(chunk: low, offset: offset)
    }

    /// The first position whose key is not less than `key`.
    func lowerBound(_ key: Key) -> Position {
        firstPosition { $0 >= key }
    }

    /// The first position whose key is greater than `key`.
    func upperBound(_ key: Key) -> Position {
        firstPosition { $0 > key }
    }

    /// Where `key` is, or nil with the position it would be inserted at.
    func search(_ key: Key) -> (found: Bool, position: Position) {
        let position = lowerBound(key)
        return (position != endPosition && self[position].key == key, position)
    }

    func value(for key: Key) -> Value? {
        let (found, position) = search(key)
        return found ? self[position].value : nil
    }

    func position(after position: Position) -> Position {
        position.offset + 1 < chunks[position.chunk].count
            ? Position(chunk: position.chunk, offset: position.offset + 1)
            : Position(chunk: position.chunk + 1, offset: 0)
    }

    /// - Precondition: `position` is not `startPosition`.
    func position(before position: Position) -> Position {
        position.offset > 0
            ? Position(chunk: position.chunk, offset: position.offset - 1)
            : Position(chunk: position.chunk - 1, offset: chunks[position.chunk - 1].count - 1)
    }

    /// Replaces the value at `position` in place.
    mutating func setValue(_ value: Value, at position: Position) {
        chunks[position.chunk][position.offset].value = value
    }

    /// Inserts at `position`, which must keep the keys sorted (use `search`).
    mutating func insert(_ element: Element, at position: Position) {
        count += 1
        guard !chunks.isEmpty else {
            chunks.append([element])
            return
        }
        if position.chunk == chunks.count {
            // Appending: a full last chunk starts a new one rather than splitting in half, so
            // ascending loads leave full chunks behind.
            if chunks[chunks.count - 1].count >= Self.chunkCapacity {
                chunks.append([element])
            } else {
                chunks[chunks.count - 1].append(element)
            }
            return
        }
        chunks[position.chunk].insert(element, at: position.offset)
        if chunks[position.chunk].count > Self.chunkCapacity {
            let half = chunks[position.chunk].count / 2
            let tail = Array(chunks[position.chunk][half...])
            chunks[position.chunk].removeSubrange(half...)
            chunks.insert(tail, at: position.chunk + 1)
        }
    }

    /// Removes and returns the element at `position`.
    @discardableResult
    mutating func remove(at position: Position) -> Element {
        count -= 1
        let element = chunks[position.chunk].remove(at: position.offset)
        let size = chunks[position.chunk].count
        if size == 0 {
            chunks.remove(at: position.chunk)
        } else if size < Self.chunkCapacity / 4, position.chunk + 1 < chunks.count,
            size + chunks[position.chunk + 1].count <= Self.chunkCapacity / 2
        {
            // Merging sparse neighbours keeps the chunk list from filling with near-empty
            // chunks after many deletes.
            let next = chunks.remove(at: position.chunk + 1)
            chunks[position.chunk].append(contentsOf: next)
        }
        return element
    }

    /// Visits the elements in `[from, to)`, ascending when `forward`, else descending from
    /// just before `to`, until `body` returns false.
    func visit(from: Position, to: Position, forward: Bool, _ body: (Element) -> Bool) {
        guard from < to else { return }
        if forward {
            var chunkIndex = from.chunk
            var offset = from.offset
            while chunkIndex < chunks.count, chunkIndex <= to.chunk {
                let stop = chunkIndex == to.chunk ? to.offset : chunks[chunkIndex].count
                let keepGoing = chunks[chunkIndex].withUnsafeBufferPointer { elements in
                    while offset < stop {
                        if !body(elements[offset]) { return false }
                        offset += 1
                    }
                    return true
                }
                if !keepGoing { return }
                chunkIndex += 1
                offset = 0
            }
        } else {
            var chunkIndex = to.offset == 0 ? to.chunk - 1 : to.chunk
            var stop = to.offset == 0 ? (chunkIndex >= 0 ? chunks[chunkIndex].count : 0) : to.offset
            while chunkIndex >= from.chunk, chunkIndex >= 0 {
                let start = chunkIndex == from.chunk ? from.offset : 0
                let keepGoing = chunks[chunkIndex].withUnsafeBufferPointer { elements in
                    var offset = stop - 1
                    while offset >= start {
                        if !body(elements[offset]) { return false }
                        offset -= 1
                    }
                    return true
                }
                if !keepGoing { return }
                chunkIndex -= 1
                stop = chunkIndex >= 0 ? chunks[chunkIndex].count : 0
            }
        }
    }

    /// Every element in ascending order.
    func forEach(_ body: (Element) -> Void) {
        visit(from: startPosition, to: endPosition, forward: true) { element in
            body(element)
            return true
        }
    }
}
