/// The K-th of N deterministic slices of a class (`grade --shard K/N`), so a large class can
/// be graded by a CI matrix or a batch system's indexed jobs and merged afterwards.
///
/// Participants are sorted by name and dealt round-robin: the participant at sorted
/// position `i` (from 0) belongs to shard `i % N + 1`. Dealing rather than cutting contiguous
/// ranges keeps shards within one participant of each other in size, and spreads any
/// alphabetical clustering (a team prefix, a late batch) over every shard.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// Which slice, from 1.
    public var index: Int
    /// How many slices.
    public var count: Int

    /// A shard; `index` must be in `1...count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`, e.g. `2/8`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// The members of `names` in this shard, in sorted order.
    public func select(_ names: [String]) -> [String] {
        names.sorted().enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}

/// Why shards' gradebooks cannot be merged.
public struct GradebookMergeError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the gradebooks involved.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}

extension Gradebook {
    /// One gradebook of every row of `parts` (named by `sources`, for messages).
    ///
    /// Refuses parts that graded different labs (a shard run against another version of the
    /// labs would make columns meaningless) and any participant that appears twice (two
    /// shards with different N, or the same shard merged twice).
    public static func merging(_ parts: [(source: String, gradebook: Gradebook)]) throws(GradebookMergeError) -> Gradebook {
        guard let first = parts.first else { throw GradebookMergeError("nothing to merge: name at least one gradebook") }
        var owner: [String: String] = [:]
        var rows: [Row] = []
        for (source, part) in parts {
            guard part.hintPenalty == first.gradebook.hintPenalty else {
                throw GradebookMergeError(
                    "mismatched hint penalties: \(first.source) was graded \(describe(first.gradebook.hintPenalty)) but \(source) \(describe(part.hintPenalty)); grade every shard with the same --hint-penalty")
            }
            guard part.labs == first.gradebook.labs else {
                throw GradebookMergeError(
                    "mismatched labs: \(first.source) graded \(describe(first.gradebook.labs)) but \(source) graded \(describe(part.labs)); grade every shard with the same labs")
            }
            for row in part.rows {
                if let other = owner[row.participant] {
                    throw GradebookMergeError(
                        "participant '\(row.participant)' is in both \(other) and \(source); merge each shard once, all graded with the same N")
                }
                owner[row.participant] = source
                rows.append(row)
            }
        }
        return Gradebook(labs: first.gradebook.labs, rows: rows, hintPenalty: first.gradebook.hintPenalty)
    }

    /// Shards of `count` that none of `gradebooks` is; empty when the set is complete or
    /// the parts were not sharded.
    public static func missingShards(_ gradebooks: [Gradebook]) -> [Shard] {
        let shards = gradebooks.compactMap(\.shard)
        guard let count = shards.first?.count, shards.allSatisfy({ $0.count == count }) else { return [] }
        let present = Set(shards.map(\.index))
        return (1...count).filter { !present.contains($0) }.compactMap { Shard(index: $0, count: count) }
    }

    private static func describe(_ penalty: Int?) -> String {
        penalty.map { "with --hint-penalty \($0)" } ?? "without --hint-penalty"
    }

    private static func describe(_ labs: [LabColumn]) -> String {
        labs.isEmpty ? "no labs" : labs.map { "\($0.id) (\($0.steps.count) steps, \($0.maxScore) points)" }.joined(separator: ", ")
    }
}
