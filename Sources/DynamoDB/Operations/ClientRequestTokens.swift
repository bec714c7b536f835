import Core
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// TransactWriteItems' idempotency: a `ClientRequestToken` seen in the last ten minutes with
/// the same request answers with the first call's result and writes nothing again; with a
/// different request it is refused. SDKs fill the token in themselves, so a retry after a lost
/// response must not apply a transaction twice.
final class ClientRequestTokens: Sendable {
    private struct Entry {
        let fingerprint: String
        let response: JSON
        let expires: Date
    }

    /// How long AWS remembers a token.
    static let window: TimeInterval = 600
    private let entries: Mutex<[String: Entry]>

    /// No tokens seen yet.
    init() {
        entries = Mutex([:])
    }

    private init(entries: [String: Entry]) {
        self.entries = Mutex(entries)
    }

    /// An independent memory of the same tokens: a token seen before the copy replays on
    /// both sides, one seen afterwards only on its own side. Entries are immutable values,
    /// so the dictionary is shared copy-on-write until either side changes.
    func copy() -> ClientRequestTokens {
        ClientRequestTokens(entries: entries.withLock { $0 })
    }

    /// The earlier response for `token`, nil when the token is new (or expired), or
    /// `IdempotentParameterMismatchException` when it came with another request.
    func replay(token: String, fingerprint: String, at now: Date) throws(DynamoDBError) -> JSON? {
        let entry = entries.withLock { entries -> Entry? in
            // Forget expired tokens as they are met, so the table stays small.
            if let entry = entries[token], entry.expires <= now { entries[token] = nil }
            return entries[token]
        }
        guard let entry else { return nil }
        guard entry.fingerprint == fingerprint else {
            throw DynamoDBError(
                code: "IdempotentParameterMismatchException",
                message: "The request uses the same client token as a previous, but non-identical request."
            )
        }
        return entry.response
    }

    func remember(token: String, fingerprint: String, response: JSON, at now: Date) {
        entries.withLock { entries in
            if entries.count >= 10_000 { entries = entries.filter { $0.value.expires > now } }
            entries[token] = Entry(fingerprint: fingerprint, response: response, expires: now.addingTimeInterval(Self.window))
        }
    }

    /// What identifies "the same request": the input without the token, keys sorted.
    static func fingerprint(of input: JSON) -> String {
        guard case .object(var members) = input else { return input.serialized(sortedKeys: true) }
        members["ClientRequestToken"] = nil
        return JSON.object(members).serialized(sortedKeys: true)
    }
}
