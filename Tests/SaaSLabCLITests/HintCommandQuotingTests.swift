@testable import SaaSLabCLI
import Testing

/// The command `saaslab hint` prints for the next level can be pasted into a shell as it is.
@Suite struct HintCommandQuotingTests {
    @Test(arguments: [
        ("work", "work"),
        ("/tmp/ws-1/a_b.c", "/tmp/ws-1/a_b.c"),
        ("/tmp/h w", "'/tmp/h w'"),
        ("it's", #"'it'\''s'"#),
        ("$HOME;rm", "'$HOME;rm'"),
        ("", "''"),
    ])
    func pathsAreShellWords(path: String, quoted: String) {
        #expect(HintCommand.shellQuoted(path) == quoted)
    }
}
