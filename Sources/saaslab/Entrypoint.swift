// The saaslab executable: all behaviour lives in SaaSLabCLI; this only hands over argv.
import SaaSLabCLI

@main
struct Entrypoint {
    static func main() async {
        await SaaSLabCommandLine.runAndExit(arguments: Array(CommandLine.arguments.dropFirst()))
    }
}
