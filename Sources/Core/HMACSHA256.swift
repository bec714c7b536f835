/// HMAC-SHA-256 (RFC 2104, FIPS 198-1) and constant-time comparison of MACs.

/// One-shot HMAC-SHA-256.
public enum HMACSHA256 {
    /// Length of a tag in bytes.
    public static let tagByteCount = SHA256.digestByteCount

    /// The 32-byte HMAC-SHA-256 of `message` under `key`.
    ///
    /// When one key signs many messages (PBKDF2, SigV4 signing keys), build an
    /// ``HMACSHA256Key`` once instead: it hashes the padded key only once.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        HMACSHA256Key(key: key).authenticate(message)
    }
}

/// An HMAC-SHA-256 key with its inner and outer padded blocks already absorbed.
///
/// HMAC is `H((K ^ opad) || H((K ^ ipad) || m))`. The two keyed prefixes are exactly one
/// block each, so this keeps two SHA-256 states that have consumed them; authenticating
/// a message copies those states (plain value copies) and hashes only the message and the
/// inner digest. That halves the work for short messages such as PBKDF2's 32-byte blocks.
public struct HMACSHA256Key: Sendable {
    private let inner: SHA256
    private let outer: SHA256

    /// Prepares `key`; keys longer than a SHA-256 block are first hashed, as RFC 2104 says.
    public init(key: [UInt8]) {
        let blockSize = SHA256.blockByteCount
        var padded = key.count > blockSize ? SHA256.hash(key) : key
        padded += [UInt8](repeating: 0, count: blockSize - padded.count)

        var inner = SHA256()
        inner.update(padded.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(padded.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    /// Prepares the UTF-8 encoding of `key` (SigV4 starts from `"AWS4" + secret`).
    public init(key: String) {
        self.init(key: Array(key.utf8))
    }

    /// The 32-byte tag of `message`.
    public func authenticate(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { authenticate($0) }
    }

    /// The 32-byte tag of the UTF-8 encoding of `text`.
    public func authenticate(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { authenticate(UnsafeRawBufferPointer($0)) }
    }

    /// The 32-byte tag of the bytes in `message`.
    public func authenticate(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: SHA256.digestByteCount) { buffer, count in
            authenticate(message, into: UnsafeMutableRawPointer(buffer.baseAddress!))
            count = SHA256.digestByteCount
        }
    }

    /// Writes the tag of `message` to the 32 bytes at `output` without allocating.
    ///
    /// `output` may overlap `message`: the message is fully absorbed before anything is
    /// written, which lets PBKDF2 iterate `U = HMAC(U)` in place.
    func authenticate(_ message: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) {
        var innerHash = inner
        if let base = message.baseAddress, message.count > 0 {
            innerHash.update(base, count: message.count)
        }
        var innerDigest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &innerDigest) { digest in
            innerHash.finalize(into: digest.baseAddress!)
            var outerHash = outer
            outerHash.update(UnsafeRawPointer(digest.baseAddress!), count: SHA256.digestByteCount)
            outerHash.finalize(into: output)
        }
    }
}

/// Comparison whose running time does not depend on where two byte strings differ.
///
/// Use it for MACs and signatures: an early-exit `==` lets an attacker learn, byte by
/// byte, how much of a forged tag is right by timing the rejections.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes.
    ///
    /// Arrays of different lengths return `false` at once: the length of a tag is public
    /// (SHA-256 tags are always 32 bytes), so that exit leaks nothing secret. For equal
    /// lengths every byte is examined, with no branch on their contents.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
