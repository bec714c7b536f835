/// EMSA-PKCS1-v1_5 with SHA-256 (RFC 8017 section 9.2): the block that RS256 signs.

/// Builds the encoded message that an RSASSA-PKCS1-v1_5 SHA-256 signature is the RSA image of:
///
///     EM = 0x00 || 0x01 || 0xFF ... 0xFF || 0x00 || DigestInfo(SHA-256) || H(message)
///
/// Verification builds this block for the message and compares it with the whole block the
/// signature opens to, rather than parsing the block: a parser that accepts slack in the
/// padding or in the DER is what signature-forgery attacks on small exponents exploit.
enum RSASignatureEncoding {
    /// The DER encoding of a SHA-256 `DigestInfo` up to the digest itself (RFC 8017 section
    /// 9.2, note 1): SEQUENCE { SEQUENCE { OID 2.16.840.1.101.3.4.2.1, NULL }, OCTET STRING (32) }.
    static let sha256DigestInfoPrefix: [UInt8] = [
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
    ]

    /// The shortest block: the DigestInfo and digest, the two fixed bytes, the zero separator
    /// and at least eight bytes of 0xFF padding.
    static let minimumLength = sha256DigestInfoPrefix.count + SHA256.digestByteCount + 11

    /// The `length`-byte block for a message whose SHA-256 digest is `digest`.
    ///
    /// - Precondition: `length >= minimumLength` and `digest` has 32 bytes.
    static func encode(digest: [UInt8], length: Int) -> [UInt8] {
        precondition(digest.count == SHA256.digestByteCount, "a SHA-256 digest has 32 bytes")
        precondition(length >= minimumLength, "an RSA modulus this short cannot hold a SHA-256 PKCS#1 v1.5 block")
        let tail = sha256DigestInfoPrefix + digest
        var block = [UInt8](repeating: 0xFF, count: length)
        block[0] = 0x00
        block[1] = 0x01
        block[length - tail.count - 1] = 0x00
        block.replaceSubrange((length - tail.count)..., with: tail)
        return block
    }
}
