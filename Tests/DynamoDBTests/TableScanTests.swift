import Core
@testable import DynamoDB
import Testing

@Suite struct TableScanTests {
    private typealias F = TableFixture

    private func filledTable(partitions: Int = 300, perPartition: Int = 3) throws -> (Table, Set<String>) {
        let table = try F.table(F.catalog(), sortType: .s)
        var ids: Set<String> = []
        for partition in 0..<partitions {
            for row in 0..<perPartition {
                try table.put(["pk": .s("tenant\(partition)"), "sk": .s("row\(row)")])
                ids.insert("tenant\(partition)/row\(row)")
            }
        }
        return (table, ids)
    }

    private func id(_ item: Item) -> String {
        guard case .s(let pk) = item["pk"], case .s(let sk) = item["sk"] else { return "?" }
        return "\(pk)/\(sk)"
    }

    @Test func scanPagesVisitEveryItemOnceInAStableOrder() throws {
        let (table, ids) = try filledTable()
        let whole = try table.scan()
        #expect(whole.items.count == ids.count)
        #expect(Set(whole.items.map(id)) == ids)
        // Within a partition rows stay in sort order, and partitions are contiguous.
        let order = whole.items.map(id)
        for (position, item) in order.enumerated().dropFirst() where item.hasSuffix("row1") {
            #expect(order[position - 1].hasSuffix("row0"))
        }
        let (paged, pages) = try F.allPages { start in try table.scan(exclusiveStartKey: start, limit: 17) }
        #expect(paged.map(id) == order)
        #expect(pages == ids.count / 17 + 1)
        // Another table with the same keys scans in the same order (no per-process seed).
        let (twin, _) = try filledTable()
        #expect(try twin.scan().items.map(id) == order)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func segmentsCoverEveryItemExactlyOnce(totalSegments: Int) throws {
        let (table, ids) = try filledTable()
        var seen: [String] = []
        var nonEmpty = 0
        for segment in 0..<totalSegments {
            let (items, _) = try F.allPages { start in
                try table.scan(segment: segment, totalSegments: totalSegments, exclusiveStartKey: start, limit: 11)
            }
            // A partition's rows all land in one segment.
            let partitions = Set(items.map { id($0).split(separator: "/")[0] })
            #expect(partitions.count * 3 == items.count)
            if !items.isEmpty { nonEmpty += 1 }
            seen += items.map(id)
        }
        #expect(seen.count == ids.count)
        #expect(Set(seen) == ids)
        // The hash spreads partitions evenly: with ~300 partitions every segment of a small
        // split gets some (for 64 segments of ~4.7 partitions each, an empty one is chance).
        #expect(totalSegments > 7 ? nonEmpty >= totalSegments * 3 / 4 : nonEmpty == totalSegments)
    }

    @Test func segmentParametersAreChecked() throws {
        let (table, _) = try filledTable(partitions: 1)
        #expect(F.validation { _ = try table.scan(segment: 0) }
            == "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
        #expect(F.validation { _ = try table.scan(totalSegments: 2) }
            == "The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
        #expect(F.validation { _ = try table.scan(segment: 2, totalSegments: 2) }
            == "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2")
        #expect(F.validation { _ = try table.scan(segment: 0, totalSegments: 0) }
            == "1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1")
        #expect(F.validation { _ = try table.scan(segment: -1, totalSegments: 4) }
            == "1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0")
        #expect(F.validation { _ = try table.scan(exclusiveStartKey: ["pk": .s("tenant0")]) }
            == "The provided starting key is invalid: The provided key element does not match the schema")
    }

    @Test func segmentBoundariesSplitTheHashSpace() {
        #expect(TableState.hashRange(segment: 0, of: 1) == (0, nil))
        #expect(TableState.hashRange(segment: 0, of: 2) == (0, 1 << 63))
        #expect(TableState.hashRange(segment: 1, of: 2) == (1 << 63, nil))
        // ⌈2^64 / 3⌉ = 6148914691236517206.
        #expect(TableState.hashRange(segment: 1, of: 3).low == 6_148_914_691_236_517_206)
        for hash: UInt64 in [0, 1, 6_148_914_691_236_517_205, 6_148_914_691_236_517_206, .max] {
            let owner = Int((UInt128(hash) * 3) >> 64)
            let range = TableState.hashRange(segment: owner, of: 3)
            #expect(hash >= range.low && range.high.map { hash < $0 } ?? true)
        }
    }

    @Test func scanResumesAfterDeletedStartKeys() throws {
        let (table, ids) = try filledTable(partitions: 50)
        let first = try table.scan(limit: 40)
        let last = try #require(first.lastEvaluatedKey)
        // Remove the whole partition the page stopped in; the next page still continues
        // right after it.
        guard case .s(let partition) = last["pk"] else { return }
        for row in 0..<3 { try table.delete(key: ["pk": .s(partition), "sk": .s("row\(row)")]) }
        let (rest, _) = try F.allPages { start in try table.scan(exclusiveStartKey: start ?? last) }
        let all = Set(first.items.map(id) + rest.map(id))
        #expect(all == ids.subtracting(["\(partition)/row0", "\(partition)/row1", "\(partition)/row2"]).union(first.items.map(id)))
        #expect(first.items.count + rest.count == all.count)
    }
}
