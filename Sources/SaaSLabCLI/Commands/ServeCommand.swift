import Backend
import Foundation
import HTTP

/// `saaslab serve`: the embedded backend over HTTP, for curl, the AWS CLI and boto3.
struct ServeCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "serve",
        abstract: "Serve the embedded backend over HTTP until Ctrl-C.",
        discussion: "Binds 127.0.0.1 by default. --port 0 picks a free port; the address is printed once listening.",
        options: [
            .init("port", short: "p", .value(placeholder: "n"), help: "Port to listen on (default 8080; 0 picks a free one)."),
            .init("host", .value(placeholder: "address"), help: "Address to bind (default 127.0.0.1)."),
        ]
    )

    let host: String
    let port: Int

    init(arguments: ParsedArguments) throws(UsageError) {
        host = arguments.value("host") ?? "127.0.0.1"
        port = try arguments.integer("port", in: 0...65535) ?? 8080
    }

    func run(console: Console) async -> Int32 {
        var configuration = HTTPServer.Configuration()
        configuration.host = host
        configuration.port = port
        let server = HTTPServer(configuration: configuration, responder: Backend.makeRouter())
        let stop = SignalWaiter(signals: [SIGINT, SIGTERM])
        let boundPort: Int
        do {
            boundPort = try server.start()
        } catch {
            console.error("error: \(error)")
            return ExitCode.failure
        }
        console.line("listening on http://\(host):\(boundPort)")
        let signal = await stop.wait()
        console.line("received \(signal == SIGINT ? "SIGINT" : "SIGTERM"); finishing in-flight requests")
        await server.shutdown()
        console.line("stopped")
        return ExitCode.success
    }
}
