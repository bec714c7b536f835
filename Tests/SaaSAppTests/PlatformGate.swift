import Backend
import Core
import Foundation
import HTTP
import SaaSApp
import Synchronization

/// The SaaS app's way to the platform, able to hold the answer to one chosen AWS operation
/// until released: the platform has answered, the app has not yet heard, and another request
/// changes things meanwhile. A race, made deterministic.
final class PlatformGate: HTTPClient {
    private struct State {
        var armed: String?
        var arrival: CheckedContinuation<Void, Never>?
        var arrived = false
        var release: CheckedContinuation<Void, Never>?
        var released = false
    }

    private let inner: any HTTPClient
    private let state = Mutex(State())

    init(_ inner: any HTTPClient) {
        self.inner = inner
    }

    /// Holds the answer to the next call of `operation` (e.g. `GetCredentialsForIdentity`).
    func hold(_ operation: String) {
        state.withLock { $0 = State(armed: operation) }
    }

    /// Returns once the held call has been answered by the platform.
    func arrived() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.arrived { return true }
                state.arrival = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Hands the held answer to the app.
    func release() {
        let waiting = state.withLock { state in
            state.released = true
            defer { state.release = nil }
            return state.release
        }
        waiting?.resume()
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.headers["X-Amz-Target"] ?? ""
        let held = state.withLock { state in
            guard let armed = state.armed, target.hasSuffix("." + armed) else { return false }
            state.armed = nil
            return true
        }
        let response = try await inner.send(request)
        if held {
            await withCheckedContinuation { continuation in
                let (arrival, goOn) = state.withLock { state in
                    state.arrived = true
                    defer { state.arrival = nil }
                    if !state.released { state.release = continuation }
                    return (state.arrival, state.released)
                }
                arrival?.resume()
                if goOn { continuation.resume() }
            }
        }
        return response
    }

    var stopsWhenCancelled: Bool { false }
}

/// A SaaS app of its own on a backend's platform, reaching it through a `PlatformGate`; the
/// client sends app requests to this app and platform calls to the backend.
enum GatedApp {
    static func start(seed: UInt64 = 7) async throws -> (client: AppClient, gate: PlatformGate) {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_764_000_000))
        var config = BackendConfig(clock: clock, random: SeededRandomSource(seed: seed))
        config.passwordIterations = 8
        let backend = Backend(config)
        let gate = PlatformGate(InProcessClient(responder: backend.router))
        let app = SaaSApp(
            config: SaaSAppConfig(
                region: config.region, accountId: config.accountId, operatorKey: AppClient.operatorKey,
                clock: config.clock, random: config.random
            ),
            platform: gate
        )
        try await app.bootstrap()
        var router = Router()
        app.register(on: &router)
        return (AppClient(backend: backend, clock: clock, appRouter: router), gate)
    }
}
