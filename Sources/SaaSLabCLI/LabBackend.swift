import Backend
import Cognito
import Core
import Foundation
import HTTP
import Labs

/// The backend a lab run talks to when no `--target` is given: its own for every run and
/// every participant graded, bootstrapped before the first step as `saaslab serve` is, and
/// seeded when asked so a report repeats to the byte.
enum LabBackend {
    /// A seeded run also fixes the clock, at 2026-01-01, so tokens and dates repeat; except
    /// on the code track (`realClock`), where a participant's service signs its AWS calls and
    /// checks tokens' expiry at the real time: there the seed fixes ids and keys only.
    static func config(seed: UInt64?, realClock: Bool = false) -> BackendConfig {
        var config = BackendConfig()
        config.random = seed.map { SeededRandomSource(seed: $0) } ?? SystemRandomSource()
        config.clock = seed == nil || realClock ? SystemClock() : ManualClock(start: Date(timeIntervalSince1970: 1_767_225_600))
        // A lab run's backend holds only the lab's own passwords and lives for one run: a few
        // PBKDF2 rounds keep the thirty-odd sign-ins of the three labs in milliseconds.
        config.passwordIterations = 8
        config.poolKeys = poolKeys
        return config
    }

    /// The user pools' signing keys of every backend this process starts, kept in the user's
    /// cache folder between runs (in memory only when there is none).
    static let poolKeys = PoolSigningKeys(store: PoolKeyFiles.userCache())

    /// How many secret keys an unseeded lab run's backend takes: the system tenant's pool and
    /// one for each tenant the three labs register, with room to spare.
    static let secretKeysForARun = 12

    /// Makes secret keys on a thread of its own until the stock holds `count`, so the pools an
    /// unseeded run or `serve` makes take keys that are ready. Returns at once.
    static func prepareSecretKeys(_ count: Int = secretKeysForARun) {
        Thread.detachNewThread {
            while poolKeys.secretStockCount < min(count, PoolSigningKeys.stockLimit) {
                poolKeys.makeSecretKey()
            }
        }
    }

    /// How every command starts a backend: `Backend.start`; tests put one that fails in its
    /// place, to check the exit code of each command that starts one.
    @TaskLocal static var starter: @Sendable (BackendConfig) async throws -> Backend = { try await Backend.start($0) }

    /// A backend for `config` with its SaaS app bootstrapped (the app's roles and tables, the
    /// system tenant and its admin), as `run`, `grade`, `verify`, `serve` and the bench start
    /// one; if it does not start, which only a defect in saaslab itself can cause, the command
    /// fails with exit code 70.
    static func start(_ config: BackendConfig) async throws(CommandFailure) -> Backend {
        do {
            return try await starter(config)
        } catch {
            throw .internalError("the backend did not start: the SaaS app could not bootstrap: \(error)")
        }
    }

    /// ``start(_:)`` with a lab run's configuration for `seed` (see ``config(seed:realClock:)``).
    static func start(seed: UInt64?, realClock: Bool = false) async throws(CommandFailure) -> Backend {
        if seed == nil { prepareSecretKeys() }
        return try await start(config(seed: seed, realClock: realClock))
    }

    /// The built-in variables lab files may use: the region and account, the operator's
    /// key for AWS API steps, and the SaaS app's system admin for `POST /auth`.
    static func builtins(_ config: BackendConfig) -> [String: String] {
        [
            "region": config.region, "account": config.accountId,
            "operator_access_key_id": config.operatorKey.accessKeyId,
            "operator_secret_access_key": config.operatorKey.secretAccessKey,
            "system_admin_username": config.systemAdmin.userName,
            "system_admin_password": config.systemAdmin.password,
        ]
    }
}

/// A runner over an embedded backend, as `run`, `grade`, `verify` and the bench use it.
enum EmbeddedRunner {
    /// The base URL lab requests name when they go to an embedded backend.
    static let baseURL = "http://saaslab.local"

    /// A runner for `workspace` on `backend`, drawing from the backend's own clock and
    /// randomness so a seeded run repeats to the byte.
    static func make(
        on backend: Backend, workspace: String?, overrides: [String: String] = [:], namesHiddenSteps: Bool = false
    ) -> LabRunner {
        LabRunner(client: EmbeddedClient(backend: backend), configuration: .init(
            baseURL: baseURL, builtins: LabBackend.builtins(backend.config), overrides: overrides, workspace: workspace,
            random: backend.config.random, clock: backend.config.clock, namesHiddenSteps: namesHiddenSteps))
    }
}

/// Hands requests to an embedded backend's router, in-process.
struct EmbeddedClient: HTTPClient {
    let backend: Backend

    /// Refuses to start once the run is cancelled (`grade` gave up on the submission at its
    /// timeout), so abandoned work ends at its next request instead of running every step.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        return await backend.router.respond(to: request)
    }

    /// The backend's handlers compute and never wait on anything cancellable, so a send runs
    /// to completion whatever happens: the runner sends in place instead of racing a deadline.
    var stopsWhenCancelled: Bool { false }
}
