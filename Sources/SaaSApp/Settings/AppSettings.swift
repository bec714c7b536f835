import Core
import Synchronization

/// The templates and service settings an administrator (or a lab) has set, shared by every
/// request. Reads take a snapshot, so a request runs with one consistent set of settings.
final class AppSettings: Sendable {
    /// Copy contract: `grade` hands each participant a copy of one bootstrapped backend
    /// (`Backend.copy()`), made by `copyState(from:)`, called by `SaaSApp.takeState(of:)`. A member
    /// added here must be copied there, or the copies share it, lose it, or stop going on exactly
    /// as this engine would.
    private struct State {
        var templates: [TemplateName: JSON] = [:]
        var services: [String: ServiceSettings] = [:]
    }

    private let state = Mutex(State())

    func template(_ name: TemplateName) -> JSON {
        state.withLock { $0.templates[name] } ?? DefaultTemplates.document(name)
    }

    func isDefault(_ name: TemplateName) -> Bool {
        state.withLock { $0.templates[name] == nil }
    }

    func setTemplate(_ name: TemplateName, _ document: JSON?) {
        state.withLock { $0.templates[name] = document }
    }

    func service(_ name: String) -> ServiceSettings {
        state.withLock { $0.services[name] } ?? ServiceSettings()
    }

    func setService(_ name: String, _ settings: ServiceSettings) {
        state.withLock { $0.services[name] = settings }
    }

    /// Takes `other`'s templates and settings (values: nothing stays shared).
    func copyState(from other: AppSettings) {
        let copied = other.state.withLock { $0 }
        state.withLock { $0 = copied }
    }
}
