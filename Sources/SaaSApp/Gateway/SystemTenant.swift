import Synchronization

/// The provider's own tenant, known once bootstrap has made it. System roles count only in
/// tokens from this tenant's pool: a `custom:role` of SystemAdmin in any other tenant's token
/// is refused, so no tenant admin can make a system admin.
final class SystemTenant: Sendable {
    private let state = Mutex<String?>(nil)

    var id: String? { state.withLock { $0 } }

    func set(_ id: String) { state.withLock { $0 = id } }

    func copyState(from other: SystemTenant) {
        let id = other.id
        state.withLock { $0 = id }
    }
}
