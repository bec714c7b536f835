import Foundation
import SigV4
#if canImport(Glibc)
import Glibc
#endif

/// The environment a participant's service gets (docs/code-track.md has the contract):
/// where to listen, the platform's endpoint and region, the product service role's temporary
/// credentials, the table, the lab, the injected tenant, and from saaslab's own environment
/// only `PATH`, `HOME` and `LANG`.
struct ServiceEnvironment: Sendable, Equatable {
    var port: Int
    /// The embedded platform on a real socket, e.g. `http://127.0.0.1:41234`.
    var endpointURL: String
    var region: String
    var credentials: AWSCredentials
    var productTable: String
    /// `lab2` or `lab3`.
    var lab: String
    /// Lab 3's cross-tenant injection: the tenant id the provided token manager answers with.
    var injectTenantId: String?

    /// The variables saaslab passes on from its own environment.
    static let inherited = ["PATH", "HOME", "LANG"]

    func variables(inheriting parent: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var variables: [String: String] = [
            "PORT": String(port), "HOST": "127.0.0.1",
            "AWS_ENDPOINT_URL": endpointURL, "AWS_REGION": region, "AWS_DEFAULT_REGION": region,
            "AWS_ACCESS_KEY_ID": credentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "PRODUCT_TABLE": productTable, "SAASLAB_LAB": lab, "PYTHONUNBUFFERED": "1",
            // No __pycache__ left in the participant's workspace (or in saaslab's own labs/).
            "PYTHONDONTWRITEBYTECODE": "1",
        ]
        if let token = credentials.sessionToken { variables["AWS_SESSION_TOKEN"] = token }
        if let injectTenantId { variables["SAASLAB_INJECT_TENANT_ID"] = injectTenantId }
        for name in Self.inherited {
            if let value = parent[name] { variables[name] = value }
        }
        if variables["PATH"] == nil { variables["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        return variables
    }

    /// A port on 127.0.0.1 that nothing listens on now (the kernel's pick), for the service
    /// to bind. Another process could take it before the service does; the health check then
    /// fails with the service's own words about it.
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { return nil }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
