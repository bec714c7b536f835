import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// UpdateTimeToLive and DescribeTimeToLive, and the sweep that deletes expired items.
///
/// As on AWS, an item expires when its TTL attribute is a Number of epoch seconds in the
/// past, and is deleted some time later by a background process, so an expired item can
/// still be read until then. Here that process is a sweep on the engine's own clock: at
/// most once every ``ExpirySweeper/interval`` seconds of it, the first request after the
/// interval deletes every item due (see ``ExpiryQueue``: only items due are looked at). A
/// seeded run's clock makes it deterministic; tests advance the clock, or call
/// ``DynamoDBEngine/sweepExpiredItems()``.
extension DynamoDBEngine {
    func updateTimeToLive(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "UpdateTimeToLiveInput")
        let name = try request.tableName()
        guard let specification = request.present("TimeToLiveSpecification") else {
            throw TableRequestReader.notNull("timeToLiveSpecification")
        }
        let member = try OperationRequest(specification, input: "TimeToLiveSpecification", path: "timeToLiveSpecification")
        guard let enabled = try member.bool("Enabled") else { throw TableRequestReader.notNull("timeToLiveSpecification.enabled") }
        guard let attribute = try member.string("AttributeName") else { throw TableRequestReader.notNull("timeToLiveSpecification.attributeName") }
        if attribute.isEmpty || attribute.utf8.count > 255 {
            throw TableRequestReader.constraint(
                "'\(attribute)'", at: "timeToLiveSpecification.attributeName",
                attribute.isEmpty ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 255"
            )
        }
        let table = existingTable(name)
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:UpdateTimeToLive", resource: tableARN(name, table)))
        try found(table).state.withLock { (state: inout TableState) throws(DynamoDBError) in
            switch (enabled, state.expiries?.attributeName) {
            case (true, .some): throw .validation("TimeToLive is already enabled")
            case (false, nil): throw .validation("TimeToLive is already disabled")
            case (false, let current?) where current != attribute:
                throw .validation("TimeToLive is enabled on a different attribute: \(current)")
            default: state.setTimeToLive(enabled ? attribute : nil)
            }
        }
        return ["TimeToLiveSpecification": ["Enabled": .bool(enabled), "AttributeName": .string(attribute)]]
    }

    func describeTimeToLive(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let name = try OperationRequest(input, input: "DescribeTimeToLiveInput").tableName()
        let table = existingTable(name)
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:DescribeTimeToLive", resource: tableARN(name, table)))
        guard let attribute = try found(table).state.withLock({ $0.expiries?.attributeName }) else {
            return ["TimeToLiveDescription": ["TimeToLiveStatus": "DISABLED"]]
        }
        return ["TimeToLiveDescription": ["TimeToLiveStatus": "ENABLED", "AttributeName": .string(attribute)]]
    }

    /// Deletes every expired item of every table with Time to Live enabled, now by the
    /// engine's clock; returns how many. Each table is swept under its own lock.
    @discardableResult
    public func sweepExpiredItems() -> Int {
        let now = catalog.clock.now().timeIntervalSince1970
        expirySweeper.swept(at: now)
        let tables = catalog.tables.withLock { Array($0.values) }
        return tables.reduce(0) { total, table in total + table.state.withLock { $0.sweepExpired(now: now) } }
    }

    /// Sweeps when the last sweep is at least ``ExpirySweeper/interval`` ago on the clock.
    func sweepIfDue() {
        if expirySweeper.isDue(at: catalog.clock.now().timeIntervalSince1970) { sweepExpiredItems() }
    }
}

/// When the engine last swept expired items.
final class ExpirySweeper: Sendable {
    /// Seconds of the engine's clock between sweeps.
    static let interval: Double = 60
    private let last: Mutex<Double?>

    init(last: Double? = nil) {
        self.last = Mutex(last)
    }

    /// Whether a sweep is due at `now`; the first question only starts the interval.
    func isDue(at now: Double) -> Bool {
        last.withLock { last in
            guard let previous = last else {
                last = now
                return false
            }
            return now - previous >= Self.interval
        }
    }

    func swept(at now: Double) {
        last.withLock { $0 = now }
    }

    func copy() -> ExpirySweeper {
        ExpirySweeper(last: last.withLock { $0 })
    }
}
