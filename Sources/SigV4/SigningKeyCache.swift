import Core
import Synchronization

/// Derived signing keys, kept for reuse: a key depends only on the secret, the day, the
/// region and the service, so every request a client signs (and the platform verifies) on
/// one day shares it. Saves four HMAC key set-ups per request on the hottest path.
final class SigningKeyCache: Sendable {
    private struct Scope: Hashable {
        let secret: String
        let dateStamp: String
        let region: String
        let service: String
    }

    /// Bounded: a key costs little to derive again, so when full the cache simply starts over.
    private static let capacity = 4096
    private let keys = Mutex<[Scope: HMACSHA256Key]>([:])

    /// The process-wide cache the signer and the verifier share.
    static let shared = SigningKeyCache()

    func key(secretAccessKey: String, dateStamp: String, region: String, service: String) -> HMACSHA256Key {
        let scope = Scope(secret: secretAccessKey, dateStamp: dateStamp, region: region, service: service)
        if let key = keys.withLock({ $0[scope] }) { return key }
        let key = SigV4.signingKey(secretAccessKey: secretAccessKey, dateStamp: dateStamp, region: region, service: service)
        keys.withLock { keys in
            if keys.count >= Self.capacity { keys.removeAll(keepingCapacity: true) }
            keys[scope] = key
        }
        return key
    }
}
