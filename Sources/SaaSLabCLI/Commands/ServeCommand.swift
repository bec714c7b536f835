import Backend
import Foundation
import HTTP

/// `saaslab serve`: the embedded backend over HTTP, for curl, the AWS CLI and boto3.
struct ServeCommand: SaaSLabCommand {
    static let port = Option<Int>("port", short: "p", placeholder: "n", in: 0...65535, help: "Port to listen on (default 8080; 0 picks a free one).")
    static let host = Option<String>("host", placeholder: "address", help: "Address to bind (default 127.0.0.1).")
    static let productService = Option<String>(
        "product-service", placeholder: "url",
        help: "Proxy the product routes to your own service at this URL (e.g. http://127.0.0.1:8001), started by hand: see docs/code-track.md."
    ) { (text: String) throws(InvalidValue) in
        guard (try? NetworkClient(baseURL: text)) != nil else { throw InvalidValue(expected: "an http:// URL such as http://127.0.0.1:8001") }
        return text
    }

    static let spec = CommandSpec(
        name: "serve",
        abstract: "Serve the embedded backend over HTTP until Ctrl-C.",
        discussion: "Binds 127.0.0.1 by default. --port 0 picks a free port; the address is printed once listening. " + limits,
        options: [port, host] + BackendOptions.all + [productService],
        exits: [
            .init(ExitCode.success, "stopped by Ctrl-C (SIGINT) or SIGTERM, after in-flight requests finished"),
            .usage(),
            .init(ExitCode.internalError,
                  "the backend could not start (the address cannot be bound, e.g. the port is in use; or the SaaS app did not bootstrap), with the reason on standard error"),
        ]
    )

    /// The server's bounds on slow and greedy clients, from its defaults, for the help text.
    static var limits: String {
        let server = HTTPServer.Configuration()
        return "Slow clients are bounded: a request head must arrive within \(Int(server.requestHeadTimeout)) s of its first byte, "
            + "a body within \(Int(server.requestBodyTimeout)) s plus 1 s per \(server.minBodyBytesPerSecond >> 10) KiB received, "
            + "and a connection silent for \(Int(server.idleTimeout)) s is closed (408 when a request was under way). "
            + "Request bodies buffered at once take at most \(server.maxBufferedBodyBytes >> 20) MiB in all "
            + "(503 with Retry-After beyond that; 413 for one body over \(server.maxBodyBytes >> 20) MiB). "
            + "At most \(server.maxConnections) connections: a new one replaces the one nearest its deadline. "
            + "At start the soft open-file limit is raised to the hard limit, and both are printed."
    }

    let host: String
    let port: Int
    let config: BackendConfig
    /// Where the gateway sends the product routes, when the participant runs their own.
    let productService: String?

    init(arguments: ParsedArguments) {
        host = arguments[Self.host] ?? "127.0.0.1"
        port = arguments[Self.port] ?? 8080
        var config = BackendConfig(arguments: arguments)
        config.poolKeys = LabBackend.poolKeys
        self.config = config
        productService = arguments[Self.productService]
    }

    /// What to try when the address cannot be bound, after the system's reason.
    static func advice(binding failure: String) -> String {
        if failure.contains("Address already in use") {
            return "; another server holds that port: stop it, or pick another port (--port 0 picks a free one)"
        }
        if failure.contains("Cannot assign requested address") || failure.contains("not known") || failure.contains("nodename nor servname") {
            return "; --host must name an address of this machine (127.0.0.1, or 0.0.0.0 for every interface)"
        }
        if failure.contains("Permission denied") {
            return "; ports below 1024 need privileges: pick a port from 1024 up"
        }
        return ""
    }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        // Tenants registered while serving get keys made ahead of them, not while they wait.
        if !config.random.isReproducible { LabBackend.prepareSecretKeys(16) }
        // The pools' messages are printed once the banner is out.
        let mail = ServeMail(console: console)
        var config = config
        config.messageDelivery = mail.delivery
        // Unexpected errors on standard error, under the request id their 500 names.
        config.errorSink = ErrorSink { console.error("error: \($0)") }
        var configuration = HTTPServer.Configuration()
        configuration.host = host
        configuration.port = port
        let backend = try await LabBackend.start(config)
        if let productService {
            do {
                try backend.app.setServiceURL(productService, for: "product")
            } catch {
                throw .internalError("--product-service: \(error)")
            }
        }
        let server = HTTPServer(configuration: configuration, responder: backend.router)
        let boundPort: Int
        do {
            boundPort = try server.start()
        } catch {
            throw .internalError("the backend did not start: \(error)" + Self.advice(binding: "\(error)"))
        }
        // Only now that it listens does saaslab take over Ctrl-C and SIGTERM: a failed start
        // leaves the process's signal handling as it was.
        let stop = SignalWaiter(signals: [SIGINT, SIGTERM])
        console.line("listening on http://\(host):\(boundPort)")
        console.line("  endpoint    http://\(host):\(boundPort)   (aws --endpoint-url, boto3 endpoint_url)")
        console.line("  region      \(config.region)")
        console.line("  account     \(config.accountId)")
        console.line("  access key  \(config.operatorKey.accessKeyId)   (the operator: full access)")
        console.line("  app admin   \(config.systemAdmin.userName) / \(config.systemAdmin.password)   (POST /auth: the SaaS app's SystemAdmin)")
        if let productService {
            console.line("  product     \(productService)   (your service: the gateway proxies /products and /product there)")
        }
        if let capacity = server.capacity {
            console.line("  open files  \(capacity.openFiles)   (at most \(capacity.connections) connections)")
        }
        console.line("  web client  http://\(host):\(boundPort)/   (the SaaS app in a browser; the mail it sends is printed below)")
        mail.start()
        if !["127.0.0.1", "localhost", "::1"].contains(host), config.operatorKey.accessKeyId == BackendConfig.exampleOperatorKey.accessKeyId {
            console.error("warning: listening on \(host) with AWS's published example key as the operator: anyone who can reach this address has full access; pass --operator-key AKID:SECRET")
        }
        let signal = await stop.wait()
        console.line("received \(signal == SIGINT ? "SIGINT" : "SIGTERM"); finishing in-flight requests")
        await server.shutdown()
        console.line("stopped")
        return ExitCode.success
    }
}
