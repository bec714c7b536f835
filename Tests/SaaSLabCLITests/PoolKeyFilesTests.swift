import Cognito
import Core
import Foundation
@testable import SaaSLabCLI
import Testing

/// User pools' keys kept between runs: written privately and whole, read back only when they
/// are a working key, and anything else in the folder ignored (the key is then made again).
@Suite struct PoolKeyFilesTests {
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pool-keys-\(UUID().uuidString)")
    private var files: PoolKeyFiles { PoolKeyFiles(directory: folder) }

    private func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    private func write(_ name: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    @Test func aSavedKeyLoadsBackPrivately() throws {
        defer { cleanUp() }
        let key = PoolSigningKeys.shared.seededKey(ordinal: 42).privateKey
        files.save(key, as: "secret-abc")
        #expect(files.names(withPrefix: "secret-") == ["secret-abc"])
        let loaded = try #require(files.load("secret-abc"))
        #expect(loaded.publicKey == key.publicKey)
        #expect(loaded.d == key.d)
        let fileMode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("secret-abc.jwk").path)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        // The file is a private JWK any JOSE library reads: kty, n, e, d, p, q.
        let jwk = try JSON.parse(bytes: Array(Data(contentsOf: folder.appendingPathComponent("secret-abc.jwk"))))
        #expect(jwk["kty"] == "RSA")
        #expect(jwk["kid"] == .string(key.publicKey.thumbprint))
    }

    @Test func whatIsNotAWorkingKeyIsIgnored() throws {
        defer { cleanUp() }
        let key = PoolSigningKeys.shared.seededKey(ordinal: 43).privateKey
        files.save(key, as: "good")
        let good = try String(contentsOf: folder.appendingPathComponent("good.jwk"), encoding: .utf8)
        guard case .object(var jwk) = try JSON.parse(bytes: Array(good.utf8)) else { Issue.record("not an object"); return }
        try write("garbage.jwk", "not json at all")
        try write("empty.jwk", "")
        try write("huge.jwk", String(repeating: " ", count: 20_000) + good)
        try write("ec.jwk", #"{"kty":"EC","crv":"P-256"}"#)
        // Numbers that make a key but not this one: n no longer p times q.
        let original = jwk
        jwk["n"] = .string(Base64URL.encode(BigUInt(65537).bigEndianBytes()))
        try write("mismatched.jwk", JSON.object(jwk).serialized())
        // p and q replaced by neighbours that are not primes, n made to match: the signature
        // check refuses it.
        var composite = original
        let pText = try #require(original["p"]?.stringValue)
        let qText = try #require(original["q"]?.stringValue)
        let p = BigUInt(bigEndian: Base64URL.decode(pText) ?? []) + BigUInt(2)
        let q = BigUInt(bigEndian: Base64URL.decode(qText) ?? []) + BigUInt(2)
        composite["p"] = .string(Base64URL.encode(p.bigEndianBytes()))
        composite["q"] = .string(Base64URL.encode(q.bigEndianBytes()))
        composite["n"] = .string(Base64URL.encode((p * q).bigEndianBytes()))
        try write("composite.jwk", JSON.object(composite).serialized())
        for name in ["garbage", "empty", "huge", "ec", "mismatched", "composite", "missing"] {
            #expect(files.load(name) == nil, "\(name)")
        }
        #expect(files.load("good") != nil)
    }

    @Test func namesOutsideTheStoresOwnAreNeitherReadNorWritten() throws {
        defer { cleanUp() }
        let key = PoolSigningKeys.shared.seededKey(ordinal: 44).privateKey
        for name in ["../escape", "a/b", "", ".hidden", String(repeating: "x", count: 101)] {
            files.save(key, as: name)
            #expect(files.load(name) == nil, "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("escape.jwk").path))
        try write("notes.txt", "x")
        try write(".seeded-v1-0.123.tmp", "x")
        #expect(files.names(withPrefix: "").isEmpty)
    }

    @Test func theFolderFollowsTheEnvironment() {
        #expect(PoolKeyFiles.userCache(environment: ["SAASLAB_CACHE_DIR": "/srv/cache", "HOME": "/home/a"])?.directory.path == "/srv/cache/pool-keys")
        #expect(PoolKeyFiles.userCache(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/home/a"])?.directory.path == "/x/saaslab/pool-keys")
        #expect(PoolKeyFiles.userCache(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/a"])?.directory.path == "/home/a/.cache/saaslab/pool-keys")
        #expect(PoolKeyFiles.userCache(environment: [:]) == nil)
    }

    @Test func anUnwritableFolderOnlyMeansKeysAreMadeAgain() {
        let keys = PoolSigningKeys(store: PoolKeyFiles(directory: URL(fileURLWithPath: "/proc/saaslab-cannot-write")))
        let key = keys.makeSecretKey()
        #expect(keys.secretKey(excluding: []).keyId == key.keyId)
    }
}
