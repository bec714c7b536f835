/// Why an RSA key could not be made or used.
public enum RSAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The components do not form a usable key; the text says which check failed.
    case invalidKey(String)
    /// A signature failed the check against the public key twice in a row, so it was withheld:
    /// releasing a faulty CRT signature would reveal a factor of the modulus. With a key that
    /// passed its checks this means the hardware miscomputed.
    case signingFault

    public var description: String {
        switch self {
        case .invalidKey(let reason): "invalid RSA key: \(reason)"
        case .signingFault: "RSA signing failed its own verification twice; no signature was released (check the machine's memory and CPU)"
        }
    }
}
