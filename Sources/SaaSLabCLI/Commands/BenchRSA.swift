import Core

/// The RSA workloads of `saaslab bench`: RS256 with a 2048-bit key, as the token issuer will
/// sign and a JWKS client will verify, and generating such keys.
enum BenchRSA {
    /// A JWT signing input of an ID token's usual size (a header with `kid` and a payload of
    /// about a dozen claims, base64url-encoded): hashing it is part of each operation.
    private static let signingInput = Array(
        (#"{"alg":"RS256","kid":"IwYzg4C_wkajyB-ve4RFPnO3ILmatPUCsARY-oLAEP0","typ":"JWT"}"#
            + "." + String(repeating: "eyJzdWIiOiJ0ZW5hbnQtYWRtaW4iLCJjdXN0b206dGVuYW50X2lkIjoiMTIzIn0", count: 10)).utf8
    )

    /// One 2048-bit key from a fixed seed, so every run measures the same key.
    private static func key() -> RSAPrivateKey {
        RSAPrivateKey.generate(using: SeededRandomSource(seed: 2048))
    }

    /// Signs the signing input (SHA-256, CRT exponentiation, the check with e).
    static func sign() -> () -> Void {
        let key = key()
        return {
            do {
                Sink.keep(try key.sign(signingInput)[0])
            } catch {
                fatalError("bench: RSA signing failed: \(error)")
            }
        }
    }

    /// Verifies a signature of the signing input with the public key.
    static func verify() -> () -> Void {
        let key = key()
        let publicKey = key.publicKey
        guard let signature = try? key.sign(signingInput) else { fatalError("bench: RSA signing failed") }
        return {
            guard publicKey.verify(signingInput, signature: signature) else { fatalError("bench: RSA verification failed") }
            Sink.keep(signature[0])
        }
    }

    /// Generates a 2048-bit key; one seeded source serves every call, so each call makes a new
    /// key and the rate is an average over keys, whose cost varies with how far the primes lie.
    static func generate() -> () -> Void {
        let source = SeededRandomSource(seed: 1)
        return { Sink.keep(UInt8(truncatingIfNeeded: RSAPrivateKey.generate(using: source).n.bitWidth)) }
    }
}
