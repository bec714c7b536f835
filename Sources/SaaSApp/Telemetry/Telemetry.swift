import Core
import Synchronization
import Foundation

/// The app's tenant-aware request log and metering.
///
/// Every request through the app is one ``LogEntry`` (tenant, user, role, service, method,
/// path, status, latency) and adds to its tenant's meter for that service: requests, items
/// read and written, and the capacity units the data store reported. The log keeps the
/// newest ``logCapacity`` entries so a long `saaslab serve` session cannot grow without
/// bound; the meters are totals since the backend started.
public final class Telemetry: Sendable {
    /// One request as the log keeps it.
    public struct LogEntry: Sendable {
        public let time: Date
        public let requestId: String
        public let tenantId: String?
        public let userName: String?
        public let role: String?
        public let service: String
        public let method: String
        public let path: String
        public let status: Int
        public let latencyMilliseconds: Double
    }

    /// One tenant's totals for one service.
    public struct Meter: Sendable, Equatable {
        public var requests = 0
        public var itemsRead = 0
        public var itemsWritten = 0
        public var capacityUnits = 0.0
    }

    /// The tenant id under which requests made before anyone is known are metered.
    public static let anonymous = "anonymous"
    public let logCapacity: Int

    /// Copy contract: `grade` hands each participant a copy of one bootstrapped backend
    /// (`Backend.copy()`), made by `copyState(from:)`, called by `SaaSApp.takeState(of:)`. A member
    /// added here must be copied there, or the copies share it, lose it, or stop going on exactly
    /// as this engine would.
    private struct State {
        var log: [LogEntry] = []
        var start = 0
        /// tenant id → service → totals.
        var meters: [String: [String: Meter]] = [:]
    }

    private let state = Mutex(State())

    public init(logCapacity: Int = 10_000) {
        self.logCapacity = max(1, logCapacity)
    }

    /// Takes `other`'s log and meters.
    func copyState(from other: Telemetry) {
        let copied = other.state.withLock { $0 }
        state.withLock { $0 = copied }
    }

    func record(_ entry: LogEntry, usage: UsageMeter.Usage) {
        state.withLock { state in
            if state.log.count < logCapacity {
                state.log.append(entry)
            } else {
                state.log[state.start] = entry
                state.start = (state.start + 1) % logCapacity
            }
            let tenant = entry.tenantId ?? Self.anonymous
            var meter = state.meters[tenant, default: [:]][entry.service, default: Meter()]
            meter.requests += 1
            meter.itemsRead += usage.itemsRead
            meter.itemsWritten += usage.itemsWritten
            meter.capacityUnits += usage.capacityUnits
            state.meters[tenant, default: [:]][entry.service] = meter
        }
    }

    /// Log entries, oldest first, of `tenant` (every tenant when nil).
    public func entries(tenant: String?) -> [LogEntry] {
        state.withLock { state in
            let ordered = Array(state.log[state.start...] + state.log[..<state.start])
            guard let tenant else { return ordered }
            return ordered.filter { $0.tenantId == tenant }
        }
    }

    /// Meters by tenant and service, of `tenant` (every tenant when nil).
    public func meters(tenant: String?) -> [String: [String: Meter]] {
        state.withLock { state in
            guard let tenant else { return state.meters }
            return state.meters[tenant].map { [tenant: $0] } ?? [:]
        }
    }
}
