import Foundation
import SaaSLabCLI
import Testing

/// `grade --shard K/N` then `merge` gives what one whole-class run gives, byte for byte.
@Suite struct MergeCommandTests {
    @Test func shardsMergedEqualAWholeRun() async throws {
        let dir = try SampleClass.folder()
        _ = try SampleClass.submissions(23, in: dir)
        let common = [dir + "/subs", "--labs", dir + "/labs", "--seed", "1", "--jobs", "2"]
        #expect(await SampleClass.run(["grade"] + common + ["--out", dir + "/whole"]).code == 0)
        for k in 1...3 {
            let shard = await SampleClass.run(["grade"] + common + ["--out", dir + "/s\(k)", "--shard", "\(k)/3"])
            #expect(shard.out.contains("(shard \(k)/3)"))
        }
        let merged = await SampleClass.run(["merge", dir + "/s1", dir + "/s2", dir + "/s3", "--out", dir + "/merged"])
        #expect(merged.code == 0, "\(merged.err)")
        #expect(merged.err.isEmpty)
        for file in ["gradebook.csv", "gradebook.json", "gradebook.html", "participants/p007.json", "participants/y-binary.json"] {
            let whole = SampleClass.text(dir + "/whole/" + file)
            #expect(!whole.isEmpty, "\(file)")
            #expect(SampleClass.text(dir + "/merged/" + file) == whole, "\(file)")
        }
    }

    @Test func refusesOverlapsMismatchedLabsAndWarnsOfMissingShards() async throws {
        let dir = try SampleClass.folder()
        _ = try SampleClass.submissions(4, in: dir)
        let common = [dir + "/subs", "--labs", dir + "/labs", "--seed", "1"]
        _ = await SampleClass.run(["grade"] + common + ["--out", dir + "/s1", "--shard", "1/2"])
        _ = await SampleClass.run(["grade"] + common + ["--out", dir + "/s2", "--shard", "2/2"])
        let twice = await SampleClass.run(["merge", dir + "/s1", dir + "/s1", "--out", dir + "/m"])
        #expect(twice.code == 2)
        #expect(twice.err.contains("participant 'p000' is in both"))

        try SampleClass.write(SampleClass.lab.replacingOccurrences(of: "points=3", with: "points=5"), to: dir + "/labs2/tables.md")
        _ = await SampleClass.run(["grade", dir + "/subs", "--labs", dir + "/labs2", "--out", dir + "/other", "--shard", "2/2"])
        let mismatched = await SampleClass.run(["merge", dir + "/s1", dir + "/other", "--out", dir + "/m"])
        #expect(mismatched.code == 2)
        #expect(mismatched.err.contains("mismatched labs"))

        let partial = await SampleClass.run(["merge", dir + "/s1", "--out", dir + "/m"])
        #expect(partial.code == 0)
        #expect(partial.err.contains("shards 2/2 are not among those merged"))
        #expect(await SampleClass.run(["merge", dir + "/nowhere"]).code == 2)
        #expect(await SampleClass.run(["merge"]).code == 64)
    }
}
