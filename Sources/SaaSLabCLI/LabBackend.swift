import Backend
import Core
import Foundation
import HTTP

/// The backend a lab run talks to when no `--target` is given: fresh for every run (and for
/// every participant graded), seeded when asked so a report repeats to the byte.
enum LabBackend {
    /// A seeded run also fixes the clock, at 2026-01-01, so tokens and dates repeat.
    static func config(seed: UInt64?) -> BackendConfig {
        var config = BackendConfig()
        config.random = seed.map { SeededRandomSource(seed: $0) } ?? SystemRandomSource()
        config.clock = seed == nil ? SystemClock() : ManualClock(start: Date(timeIntervalSince1970: 1_767_225_600))
        // A lab run's backend holds only the lab's own passwords and lives for one run: a few
        // PBKDF2 rounds keep the thirty-odd sign-ins of the three labs in milliseconds.
        config.passwordIterations = 8
        return config
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

    /// An in-process client of a new backend.
    static func client(_ config: BackendConfig) -> any HTTPClient {
        BootstrappingClient(backend: Backend(config))
    }
}

/// Hands requests to an embedded backend's router, bootstrapping its SaaS app before the
/// first request that reaches the app (once, however many arrive together). Requests to the
/// platform alone (`/`, `/health`, `/_saaslab/...`) do not need the app, so a lab that only
/// calls AWS APIs never pays for it; building a runner stays synchronous, and the bootstrap
/// counts against the run's own deadline.
struct BootstrappingClient: HTTPClient {
    let backend: Backend

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let path = request.rawPath
        if path != "/" && path != "/health" && !path.hasPrefix("/_saaslab/") {
            try await backend.app.bootstrap()
        }
        return await backend.router.respond(to: request)
    }

    /// The backend's handlers compute and never wait on anything cancellable, so a send runs
    /// to completion whatever happens: the runner sends in place instead of racing a deadline.
    var stopsWhenCancelled: Bool { false }
}
