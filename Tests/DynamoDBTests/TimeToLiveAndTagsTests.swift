import Core
@testable import DynamoDB
import Testing

@Suite struct TimeToLiveAndTagsTests {
    private typealias F = OperationFixture
    /// The fixture clock's time in epoch seconds (1_700_000_000.25).
    private let now = 1_700_000_000

    private func engine() throws -> (DynamoDBEngine, ManualClock) {
        let engine = F.engine()
        try F.createTable(engine)
        return (engine, try #require(engine.catalog.clock as? ManualClock))
    }

    private func enable(_ engine: DynamoDBEngine, _ attribute: String = "expires", enabled: Bool = true) throws {
        try F.run(engine, "UpdateTimeToLive", #"{"TableName":"items","TimeToLiveSpecification":{"Enabled":\#(enabled),"AttributeName":"\#(attribute)"}}"#)
    }

    @Test func updateAndDescribeTimeToLive() throws {
        let (engine, _) = try engine()
        #expect(try F.run(engine, "DescribeTimeToLive", #"{"TableName":"items"}"#) == ["TimeToLiveDescription": ["TimeToLiveStatus": "DISABLED"]])
        let response = try F.run(engine, "UpdateTimeToLive", #"{"TableName":"items","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}}"#)
        #expect(response == ["TimeToLiveSpecification": ["Enabled": true, "AttributeName": "expires"]])
        #expect(try F.run(engine, "DescribeTimeToLive", #"{"TableName":"items"}"#)
            == ["TimeToLiveDescription": ["TimeToLiveStatus": "ENABLED", "AttributeName": "expires"]])
        #expect(F.validation(engine, "UpdateTimeToLive", #"{"TableName":"items","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"other"}}"#)
            == "TimeToLive is already enabled")
        #expect(F.validation(engine, "UpdateTimeToLive", #"{"TableName":"items","TimeToLiveSpecification":{"Enabled":false,"AttributeName":"other"}}"#)
            == "TimeToLive is enabled on a different attribute: expires")
        try enable(engine, enabled: false)
        #expect(F.validation(engine, "UpdateTimeToLive", #"{"TableName":"items","TimeToLiveSpecification":{"Enabled":false,"AttributeName":"expires"}}"#)
            == "TimeToLive is already disabled")
        #expect(F.validation(engine, "UpdateTimeToLive", #"{"TableName":"items"}"#)?.contains("timeToLiveSpecification") == true)
        #expect(F.validation(engine, "UpdateTimeToLive", #"{"TableName":"items","TimeToLiveSpecification":{"Enabled":true,"AttributeName":""}}"#)?
            .contains("greater than or equal to 1") == true)
        #expect(F.error(engine, "DescribeTimeToLive", #"{"TableName":"nope"}"#)?.code == "ResourceNotFoundException")
        let recorder = RecordingAuthorizer()
        try F.run(engine, "DescribeTimeToLive", #"{"TableName":"items"}"#, authorizer: recorder)
        #expect(recorder.accesses == [DynamoDBAccess(action: "dynamodb:DescribeTimeToLive", resource: "\(F.arn)/items")])
    }

    @Test func expiredItemsStayReadableUntilTheSweepDeletesThem() throws {
        let (engine, clock) = try engine()
        try F.put(engine, pk: "before", sk: "a", #""expires":{"N":"\#(now - 10)"}"#)
        try enable(engine)
        try F.put(engine, pk: "past", sk: "a", #""expires":{"N":"\#(now - 1)"}"#)
        try F.put(engine, pk: "future", sk: "a", #""expires":{"N":"\#(now + 100)"}"#)
        try F.put(engine, pk: "text", sk: "a", #""expires":{"S":"\#(now - 1)"}"#)
        try F.put(engine, pk: "ancient", sk: "a", #""expires":{"N":"\#(now - 6 * 365 * 24 * 3600)"}"#)
        try F.put(engine, pk: "renewed", sk: "a", #""expires":{"N":"\#(now - 1)"}"#)
        try F.put(engine, pk: "renewed", sk: "a", #""expires":{"N":"\#(now + 1000)"}"#)
        // Expired, but not yet swept: still there to read.
        #expect(try F.stored(engine, pk: "past", sk: "a") != nil)
        #expect(try F.run(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"past"},"sk":{"S":"a"}}}"#)["Item"] != nil)

        // A request after the sweep interval sweeps first.
        clock.advance(by: ExpirySweeper.interval)
        #expect(try F.run(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"past"},"sk":{"S":"a"}}}"#)["Item"] == nil)
        #expect(try F.stored(engine, pk: "before", sk: "a") == nil)
        for kept in ["future", "text", "ancient", "renewed"] { #expect(try F.stored(engine, pk: kept, sk: "a") != nil, "\(kept)") }

        clock.advance(by: 100)
        #expect(engine.sweepExpiredItems() == 1)
        #expect(try F.stored(engine, pk: "future", sk: "a") == nil)
        #expect(engine.sweepExpiredItems() == 0)
    }

    @Test func theSweepLooksOnlyAtItemsDue() throws {
        let (engine, clock) = try engine()
        try enable(engine)
        let table = try engine.catalog.table(named: "items")
        // Rewriting one item's expiry over and over leaves stale entries, but the queue is
        // rebuilt before they outgrow the table.
        for step in 0..<500 { try F.put(engine, pk: "p", sk: "a", #""expires":{"N":"\#(now + 10 + step)"}"#) }
        clock.advance(by: 1)
        #expect(engine.sweepExpiredItems() == 0)
        #expect(table.state.withLock { $0.expiries?.count ?? 0 } <= 66)
        clock.advance(by: 600)
        #expect(engine.sweepExpiredItems() == 1)
        #expect(table.state.withLock { $0.expiries?.count ?? -1 } <= 66)
    }

    @Test func tagsOnTables() throws {
        let (engine, _) = try engine()
        let arn = "\(F.arn)/items"
        try F.run(engine, "TagResource", #"{"ResourceArn":"\#(arn)","Tags":[{"Key":"tenant","Value":"t1"},{"Key":"env","Value":"lab"}]}"#)
        try F.run(engine, "TagResource", #"{"ResourceArn":"\#(arn)","Tags":[{"Key":"env","Value":"prod"}]}"#)
        #expect(try F.run(engine, "ListTagsOfResource", #"{"ResourceArn":"\#(arn)"}"#)
            == ["Tags": [["Key": "env", "Value": "prod"], ["Key": "tenant", "Value": "t1"]]])
        try F.run(engine, "UntagResource", #"{"ResourceArn":"\#(arn)","TagKeys":["env","absent"]}"#)
        #expect(try F.run(engine, "ListTagsOfResource", #"{"ResourceArn":"\#(arn)"}"#) == ["Tags": [["Key": "tenant", "Value": "t1"]]])

        #expect(F.validation(engine, "TagResource", #"{"ResourceArn":"\#(arn)","Tags":[{"Key":"aws:x","Value":"v"}]}"#)
            == "One or more parameter values were invalid: Tag keys starting with 'aws:' are reserved for system use")
        let longKey = String(repeating: "k", count: 129)
        #expect(F.validation(engine, "TagResource", #"{"ResourceArn":"\#(arn)","Tags":[{"Key":"\#(longKey)","Value":"v"}]}"#)?
            .contains("at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128") == true)
        let longValue = String(repeating: "v", count: 257)
        #expect(F.validation(engine, "TagResource", #"{"ResourceArn":"\#(arn)","Tags":[{"Key":"k","Value":"\#(longValue)"}]}"#)?
            .contains("less than or equal to 256") == true)
        let fifty = (0..<50).map { #"{"Key":"k\#($0)","Value":"v"}"# }.joined(separator: ",")
        #expect(F.validation(engine, "TagResource", #"{"ResourceArn":"\#(arn)","Tags":[\#(fifty)]}"#)?.contains("maximum of 50") == true)
        #expect(F.validation(engine, "TagResource", #"{"ResourceArn":"arn:aws:s3:::bucket","Tags":[]}"#)
            == "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:s3:::bucket")
        #expect(F.error(engine, "ListTagsOfResource", #"{"ResourceArn":"\#(F.arn)/nope"}"#)
            == .resourceNotFound("Requested resource not found: ResourcArn: \(F.arn)/nope not found"))
        let recorder = RecordingAuthorizer()
        try F.run(engine, "UntagResource", #"{"ResourceArn":"\#(arn)","TagKeys":["x"]}"#, authorizer: recorder)
        #expect(recorder.accesses == [DynamoDBAccess(action: "dynamodb:UntagResource", resource: arn)])
    }

    @Test func copiesKeepTimeToLiveAndTags() throws {
        let (engine, _) = try engine()
        try enable(engine)
        try F.run(engine, "TagResource", #"{"ResourceArn":"\#(F.arn)/items","Tags":[{"Key":"tenant","Value":"t1"}]}"#)
        try F.put(engine, pk: "p", sk: "a", #""expires":{"N":"\#(now + 5)"}"#)
        let clock = ManualClock(start: engine.catalog.clock.now())
        let copy = engine.copy(clock: clock, random: SeededRandomSource(seed: 1))
        try F.run(engine, "UntagResource", #"{"ResourceArn":"\#(F.arn)/items","TagKeys":["tenant"]}"#)
        #expect(try F.run(copy, "ListTagsOfResource", #"{"ResourceArn":"\#(F.arn)/items"}"#) == ["Tags": [["Key": "tenant", "Value": "t1"]]])
        #expect(try F.run(copy, "DescribeTimeToLive", #"{"TableName":"items"}"#)["TimeToLiveDescription"]?["TimeToLiveStatus"] == "ENABLED")
        clock.advance(by: 10)
        #expect(copy.sweepExpiredItems() == 1)
        #expect(try F.stored(engine, pk: "p", sk: "a") != nil)
    }
}
