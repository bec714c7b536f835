import Core
import Synchronization

/// User names being provisioned right now. User names are unique across tenants (sign-in
/// finds a user's pool by name), but the user table is keyed by tenant, so no conditional
/// write can guard the name; two registrations racing for one name would both pass a lookup.
/// A name is reserved here before the lookup and released once its record is written (or the
/// attempt failed), so the second request sees the first.
final class UserNameReservations: Sendable {
    private let pending = Mutex<Set<String>>([])

    /// Takes the names `other` holds (none while no registration is in flight).
    func copyState(from other: UserNameReservations) {
        let held = other.pending.withLock { $0 }
        pending.withLock { $0 = held }
    }

    /// Runs `body` holding `userName`, after checking nobody holds or has it.
    func provision<T>(
        _ userName: String, directory: UserDirectory, meter: UsageMeter?, _ body: () async throws(AppError) -> T
    ) async throws(AppError) -> T {
        let key = userName.lowercased()
        guard pending.withLock({ $0.insert(key).inserted }) else { throw Self.taken(userName) }
        defer { _ = pending.withLock { $0.remove(key) } }
        guard try await directory.records(named: userName, meter: meter).isEmpty else { throw Self.taken(userName) }
        return try await body()
    }

    private static func taken(_ userName: String) -> AppError {
        AppError(status: .conflict, code: "UsernameExistsException", message: "the user name '\(userName)' is already registered; choose another")
    }
}
