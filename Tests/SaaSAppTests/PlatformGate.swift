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
    /// The held call did not come within the time allowed.
    struct NeverCalled: Error, CustomStringConvertible {
        let operation: String
        var description: String { "the app never called \(operation), so there was nothing to hold" }
    }

    private struct State {
        var armed: String?
        var arrival: CheckedContinuation<Void, any Error>?
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

    /// Returns once the held call has been answered by the platform; throws `NeverCalled` if
    /// that has not happened within `seconds`, so a test fails instead of hanging.
    func arrived(within seconds: Double = 10) async throws {
        let operation = state.withLock { $0.armed } ?? "the held operation"
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let now = state.withLock { state in
                if state.arrived { return true }
                state.arrival = continuation
                return false
            }
            if now { continuation.resume(); return }
            // Whichever comes first, the held call or the deadline, takes the continuation.
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                let pending = self.state.withLock { state in
                    defer { state.arrival = nil }
                    return state.arrival
                }
                pending?.resume(throwing: NeverCalled(operation: operation))
            }
        }
    }

    /// Hands the held answer to the app (and lets any later one through).
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
        // Even a failed call is handed over when released, so a waiting test never hangs.
        let answer: Result<HTTPResponse, any Error>
        do { answer = .success(try await inner.send(request)) } catch { answer = .failure(error) }
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
        return try answer.get()
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
