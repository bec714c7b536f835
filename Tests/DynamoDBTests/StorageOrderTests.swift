import Core
@testable import DynamoDB
import Testing

@Suite struct StorageOrderTests {
    private typealias F = TableFixture

    /// Every sort key of the one partition, in stored order.
    private func sortKeys(_ table: Table) throws -> [AttributeValue] {
        try table.query(partitionKey: .s("p")).items.compactMap { $0["sk"] }
    }

    @Test func stringsSortByUTF8Bytes() throws {
        let table = try F.table(F.catalog(), sortType: .s)
        // Byte order: upper case before lower case, then 2-, 3- and 4-byte sequences; a
        // decomposed "e" + combining acute (65 CC 81) sorts before precomposed "é" (C3 A9)
        // and is a different key, though Swift's String calls them equal.
        let expected = ["A", "Z", "a", "ab", "abc", "b", "e\u{301}", "z", "~", "é", "ÿ", "中", "😀"]
        for key in expected.shuffled() {
            try table.put(["pk": .s("p"), "sk": .s(key)])
        }
        #expect(try sortKeys(table) == expected.map { AttributeValue.s($0) })
        #expect(table.describe().itemCount == expected.count)
    }

    @Test func numbersSortNumerically() throws {
        let table = try F.table(F.catalog(), sortType: .n)
        let expected = ["-1e10", "-100", "-10.5", "-10", "-2", "-0.001", "0", "1e-130", "0.5", "1", "1.01", "2", "10", "10.25", "100", "9.9e125"]
        for text in expected.shuffled() {
            try table.put(["pk": .s("p"), "sk": F.number(text)])
        }
        #expect(try sortKeys(table) == expected.map(F.number))
        // 1.0 and 1 are one key.
        try table.put(["pk": .s("p"), "sk": F.number("1.0"), "v": .bool(true)])
        #expect(table.describe().itemCount == expected.count)
        #expect(try table.get(key: ["pk": .s("p"), "sk": F.number("1")])?["v"] == .bool(true))
    }

    @Test func binariesSortAsUnsignedBytes() throws {
        let table = try F.table(F.catalog(), sortType: .b)
        let expected: [[UInt8]] = [[0x00], [0x00, 0x00], [0x01], [0x01, 0xff], [0x7f], [0x80], [0xfe, 0x00], [0xff], [0xff, 0x00]]
        for bytes in expected.shuffled() {
            try table.put(["pk": .s("p"), "sk": .b(bytes)])
        }
        #expect(try sortKeys(table) == expected.map { AttributeValue.b($0) })
    }

    @Test func stableHashIsFixedAcrossRuns() {
        // Scan order and segment membership depend on these exact values; they must not
        // change between processes or releases.
        #expect(KeyScalar.s("tenant1").stableHash == KeyScalar.s("tenant1").stableHash)
        #expect(KeyScalar.s("").stableHash != KeyScalar.b([]).stableHash)
        #expect(KeyScalar.n(try! DynamoNumber(parsing: "1.50")).stableHash == KeyScalar.n(try! DynamoNumber(parsing: "1.5")).stableHash)
        #expect(KeyScalar.s("tenant1").stableHash == 146_267_406_968_092_914)
    }

    @Test func sortedChunksMatchAReferenceModel() {
        var generator = SystemRandomNumberGenerator()
        var chunks = SortedChunks<Int, Int>()
        var model: [Int: Int] = [:]
        for step in 0..<20_000 {
            let key = Int.random(in: 0..<3_000, using: &generator)
            let (found, position) = chunks.search(key)
            #expect(found == (model[key] != nil))
            if step % 3 == 0, found {
                chunks.remove(at: position)
                model[key] = nil
            } else if found {
                chunks.setValue(step, at: position)
                model[key] = step
            } else {
                chunks.insert((key, step), at: position)
                model[key] = step
            }
        }
        var seen: [(Int, Int)] = []
        chunks.forEach { seen.append(($0, $1)) }
        #expect(seen.map(\.0) == model.keys.sorted())
        #expect(seen.allSatisfy { model[$0.0] == $0.1 })
        #expect(chunks.count == model.count)
        #expect(chunks.chunks.allSatisfy { !$0.keys.isEmpty && $0.keys.count == $0.values.count && $0.keys.count <= SortedChunks<Int, Int>.chunkCapacity })
        // Ranges in both directions over chunk boundaries.
        let keys = model.keys.sorted()
        let low = chunks.lowerBound(500)
        let high = chunks.upperBound(2_500)
        var forward: [Int] = []
        chunks.visit(from: low, to: high, forward: true) { key, _ in forward.append(key); return true }
        #expect(forward == keys.filter { $0 >= 500 && $0 <= 2_500 })
        var backward: [Int] = []
        chunks.visit(from: low, to: high, forward: false) { key, _ in backward.append(key); return true }
        #expect(backward == forward.reversed())
        var firstTen: [Int] = []
        chunks.visit(from: chunks.startPosition, to: chunks.endPosition, forward: false) { key, _ in firstTen.append(key); return firstTen.count < 10 }
        #expect(firstTen == Array(keys.reversed().prefix(10)))
    }

    @Test func ascendingLoadsFillChunks() {
        var chunks = SortedChunks<Int, Int>()
        for key in 0..<10_000 {
            chunks.insert((key, key), at: chunks.endPosition)
        }
        let capacity = SortedChunks<Int, Int>.chunkCapacity
        #expect(chunks.chunks.count == (10_000 + capacity - 1) / capacity)
        #expect(chunks.value(for: 9_999) == 9_999)
        #expect(chunks.position(after: chunks.position(before: chunks.endPosition)) == chunks.endPosition)
    }
}
