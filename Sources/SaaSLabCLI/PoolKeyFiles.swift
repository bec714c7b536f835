import Cognito
import Core
import Foundation

/// User pools' signing keys kept between runs, one private JWK (RFC 7518 section 6.3) per file
/// in `~/.cache/saaslab/pool-keys` (or under `$XDG_CACHE_HOME`, or `$SAASLAB_CACHE_DIR`), so a
/// lab run takes keys made earlier instead of spending a tenth of a second on each new one.
///
/// The folder is the user's own (mode 0700, files 0600). A file that is missing, too large,
/// not a key, or a key that fails a signature check is ignored and the key made again; a
/// folder that cannot be written only means keys are made again next time.
struct PoolKeyFiles: PoolKeyStore {
    let directory: URL
    /// Far more than a 2048-bit private JWK (about 1.7 KB); a larger file is not read.
    private static let maximumFileSize = 16 * 1024

    /// The keys folder in the user's cache folder, from the environment; nil when there is no
    /// home to put it in.
    static func userCache(environment: [String: String] = ProcessInfo.processInfo.environment) -> PoolKeyFiles? {
        let base: String
        if let own = environment["SAASLAB_CACHE_DIR"], !own.isEmpty {
            base = own
        } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = xdg + "/saaslab"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            base = home + "/.cache/saaslab"
        } else {
            return nil
        }
        return PoolKeyFiles(directory: URL(fileURLWithPath: base).appendingPathComponent("pool-keys"))
    }

    func load(_ name: String) -> RSAPrivateKey? {
        guard Self.isSafe(name) else { return nil }
        let file = directory.appendingPathComponent(name + ".jwk")
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: Self.maximumFileSize + 1), data.count <= Self.maximumFileSize,
              case .object(let jwk)? = try? JSON.parse(bytes: Array(data)),
              jwk["kty"]?.stringValue == "RSA",
              let p = Self.integer(jwk["p"]), let q = Self.integer(jwk["q"]), let e = Self.integer(jwk["e"]), let n = Self.integer(jwk["n"]),
              let key = try? RSAPrivateKey(p: p, q: q, e: e), key.n == n, key.n.bitWidth == 2048 else { return nil }
        // A file changed by hand could hold numbers that make a key but not a working one.
        let probe = Array("saaslab pool key check".utf8)
        guard let signature = try? key.sign(probe), key.publicKey.verify(probe, signature: signature) else { return nil }
        return key
    }

    func save(_ key: RSAPrivateKey, as name: String) {
        guard Self.isSafe(name) else { return }
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let jwk: JSON = [
                "kty": "RSA", "alg": "RS256", "kid": .string(key.publicKey.thumbprint),
                "n": .string(key.publicKey.jwkN), "e": .string(key.publicKey.jwkE), "d": .string(Base64URL.encode(key.d.bigEndianBytes())),
                "p": .string(Base64URL.encode(key.p.bigEndianBytes())), "q": .string(Base64URL.encode(key.q.bigEndianBytes())),
            ]
            // Written aside and renamed into place, so a reader never sees half a key.
            let temporary = directory.appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
            guard manager.createFile(atPath: temporary.path, contents: Data(jwk.serializedBytes()), attributes: [.posixPermissions: 0o600]) else {
                return
            }
            if rename(temporary.path, directory.appendingPathComponent(name + ".jwk").path) != 0 {
                try? manager.removeItem(at: temporary)
            }
        } catch {
            return
        }
    }

    func names(withPrefix prefix: String) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return entries.compactMap { entry in
            guard entry.hasPrefix(prefix), entry.hasSuffix(".jwk") else { return nil }
            let name = String(entry.dropLast(4))
            return Self.isSafe(name) ? name : nil
        }
    }

    /// Names are the store's own (`seeded-v1-3`, `secret-<thumbprint>`): letters, digits, `-`, `_`.
    private static func isSafe(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 100 && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    private static func integer(_ value: JSON?) -> BigUInt? {
        guard let text = value?.stringValue, let bytes = Base64URL.decode(text), !bytes.isEmpty else { return nil }
        return BigUInt(bigEndian: bytes)
    }
}
