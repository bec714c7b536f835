import Backend
import Foundation
@testable import SaaSLabCLI
import Testing

/// `saaslab serve`'s exit codes that need no signal: the backend that does not start (70),
/// and values refused before anything starts (64). Stopping by signal (0) and a port in use
/// (70) are in ServeProcessTests, on the real binary.
@Suite struct ServeCommandTests {
    private struct BootstrapFailed: Error, CustomStringConvertible {
        var description: String { "500 InternalError: the app's tables could not be created" }
    }

    @Test func aBackendThatDoesNotStartExits70() async throws {
        let console = Console.capturing()
        let code = await LabBackend.$starter.withValue({ _ in throw BootstrapFailed() }) {
            await SaaSLabCommandLine.run(arguments: ["serve", "--port", "0"], console: console)
        }
        #expect(code == 70)
        #expect(console.capturedOutput.isEmpty)
        #expect(console.capturedError == "error: the backend did not start: the SaaS app could not bootstrap: 500 InternalError: the app's tables could not be created\n")
    }

    @Test func anAddressNotOfThisMachineExits70() async {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, never a machine's address.
        let console = Console.capturing()
        let code = await SaaSLabCommandLine.run(arguments: ["serve", "--host", "192.0.2.1", "--port", "0"], console: console)
        #expect(code == 70)
        #expect(console.capturedError.contains("error: the backend did not start: cannot bind 192.0.2.1:0"), "\(console.capturedError)")
        #expect(console.capturedError.contains("--host must name an address of this machine"))
    }

    @Test func bindingAdviceFollowsTheReason() {
        #expect(ServeCommand.advice(binding: "cannot bind 127.0.0.1:80: Address already in use").contains("--port 0 picks a free one"))
        #expect(ServeCommand.advice(binding: "cannot bind nosuch.invalid:0: Name or service not known").contains("--host must name"))
        #expect(ServeCommand.advice(binding: "cannot bind 127.0.0.1:80: Permission denied").contains("ports below 1024"))
        #expect(ServeCommand.advice(binding: "cannot bind 127.0.0.1:80: Too many open files").isEmpty)
    }

    @Test func anAdminPasswordThePoolWouldRefuseIsAUsageError() async {
        for (password, reason) in [
            ("short", "Password not long enough"), ("alllowercase1!", "Password must have uppercase characters"),
            ("NoDigits-Here", "Password must have numeric characters"), (" Admin-Passw0rd!", "Member must satisfy regular expression pattern"),
            ("", "--admin-password expects the system admin's password"),
        ] {
            let console = Console.capturing()
            let code = await SaaSLabCommandLine.run(arguments: ["serve", "--admin-password", password], console: console)
            #expect(code == 64, "\(password)")
            #expect(console.capturedError.contains(reason), "\(console.capturedError)")
            #expect(console.capturedOutput.isEmpty)
        }
        #expect(throws: Never.self) {
            try ServeCommand(arguments: ParsedArguments.parse(["--admin-password", "Another-Passw0rd!"], spec: ServeCommand.spec))
        }
    }
}
