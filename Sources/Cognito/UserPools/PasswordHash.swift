// How user passwords are kept: never the password, only a salted PBKDF2 digest.
import Core

/// A salted PBKDF2-HMAC-SHA256 digest of a password, with the iteration count it was made
/// with, so the count can be raised later without invalidating stored passwords.
struct PasswordHash: Sendable, Equatable {
    let salt: [UInt8]
    let iterations: Int
    let digest: [UInt8]

    static let saltLength = 16
    static let digestLength = 32

    /// Hashes `password` under a fresh salt from `random`.
    static func make(_ password: String, iterations: Int, random: some RandomSource) -> PasswordHash {
        let salt = random.bytes(saltLength)
        return PasswordHash(salt: salt, iterations: iterations, digest: derive(password, salt: salt, iterations: iterations))
    }

    /// Whether `password` is the one hashed, compared in constant time.
    func matches(_ password: String) -> Bool {
        ConstantTime.equals(Self.derive(password, salt: salt, iterations: iterations), digest)
    }

    private static func derive(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations, keyLength: digestLength)
    }
}
