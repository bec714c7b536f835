import Backend
import Foundation
import HTTP
import SaaSApp
import SigV4

/// The code track on an embedded backend: the platform on a real socket (127.0.0.1, a port
/// the kernel picks), which a participant's service reaches as `AWS_ENDPOINT_URL`, and that
/// service started from the workspace with the product service role's credentials and the
/// app's gateway pointed at it.
///
/// In-process lab steps still go straight to the backend's router; only the service talks
/// over the socket, as a deployed service would talk to AWS.
final class CodeTrackSession: Sendable {
    let backend: Backend
    /// The platform's URL, e.g. `http://127.0.0.1:41234`.
    let endpointURL: String
    private let server: HTTPServer

    /// Seconds a service has to answer `GET /product/health` with 200 after it starts.
    static let defaultHealthTimeout = 30.0

    /// Puts `backend`'s router behind a socket on 127.0.0.1.
    init(backend: Backend) throws {
        self.backend = backend
        server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0, shutdownTimeout: 2), responder: backend.router)
        endpointURL = "http://127.0.0.1:\(try server.start())"
    }

    /// `<workspace>/<lab>/product-service`, when it holds a `Procfile`: the workspace is on the
    /// code track for that lab. Tracks are explicit: a folder without a Procfile is not one.
    static func serviceFolder(workspace: String, lab: String) -> String? {
        let folder = workspace + "/" + lab + "/product-service"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder + "/Procfile", isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        return folder
    }

    /// Starts the service in `folder` for `lab`, waits until it is healthy, and points the
    /// gateway's product routes at it. On failure the service is stopped again and the error
    /// carries its exit status and last lines. `spawned` learns of the process as soon as it
    /// runs, so whoever stops the run can end it while it is still starting.
    func startService(
        folder: String, lab: String, injectTenantId: String? = nil, limits: ServiceLimits = .default,
        healthTimeout: Double = CodeTrackSession.defaultHealthTimeout, spawned: @Sendable (ServiceProcess) -> Void = { _ in }
    ) async throws(ServiceProcessError) -> ServiceProcess {
        let credentials: AWSCredentials
        do {
            credentials = try await backend.app.serviceRoleCredentials("product")
        } catch {
            throw .spawnFailed("the product service role's credentials could not be had: \(error)")
        }
        guard let port = ServiceEnvironment.freePort() else { throw .spawnFailed("no free port on 127.0.0.1") }
        let environment = ServiceEnvironment(
            port: port, endpointURL: endpointURL, region: backend.config.region, credentials: credentials,
            productTable: SaaSApp.productTable, lab: lab, injectTenantId: injectTenantId
        )
        let service = try ServiceProcess.start(folder: folder, environment: environment.variables(), limits: limits)
        spawned(service)
        do {
            try await service.waitUntilHealthy(port: port, timeout: healthTimeout)
            try backend.app.setServiceURL("http://127.0.0.1:\(port)", for: "product")
        } catch let error as ServiceProcessError {
            await service.stop()
            throw error
        } catch {
            await service.stop()
            throw .spawnFailed("\(error)")
        }
        return service
    }

    /// Stops `service` and gives the product routes back to the built-in service.
    func stopService(_ service: ServiceProcess) async {
        try? backend.app.setServiceURL(nil, for: "product")
        await service.stop()
    }

    /// Closes the platform's socket.
    func shutdown() async {
        await server.shutdown()
    }
}
