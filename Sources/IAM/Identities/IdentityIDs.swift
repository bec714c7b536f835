import Core

/// Makes the identifiers IAM and STS hand out, in AWS's formats, from an injected random
/// source: a seeded run gives the same keys, ids and tokens every time.
struct IdentityIDs: Sendable {
    let random: any RandomSource

    private static let upperBase32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    private static let upperAlphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    private static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// `AKIA` (long-term) or `ASIA` (temporary) and 16 base32 characters.
    func accessKeyId(temporary: Bool) -> String {
        (temporary ? "ASIA" : "AKIA") + string(16, from: Self.upperBase32)
    }

    /// 40 characters, like AWS secret access keys.
    func secretAccessKey() -> String {
        string(40, from: Self.secretAlphabet)
    }

    /// A unique id with AWS's prefix for the kind: `AIDA` users, `AROA` roles, `ANPA` policies.
    func uniqueId(prefix: String) -> String {
        prefix + string(17, from: Self.upperAlphanumeric)
    }

    /// An opaque session token, long like STS's.
    func sessionToken() -> String {
        "IQoJb3JpZ2luX2Vj" + Base64.encode(random.bytes(180))
    }

    private func string(_ count: Int, from alphabet: [Character]) -> String {
        String((0..<count).map { _ in alphabet[random.int(in: 0..<alphabet.count)] })
    }
}

/// Validation of names and paths, with the messages IAM gives.
enum IAMNames {
    /// Role, user and policy names: `[\w+=,.@-]+`, 1 to `maxLength` characters.
    static func check(_ name: String, member: String, maxLength: Int = 64) throws(IAMError) {
        guard !name.isEmpty, name.count <= maxLength else {
            throw .validation("1 validation error detected: Value '\(name)' at '\(member)' failed to satisfy constraint: Member must have length between 1 and \(maxLength)")
        }
        // ASCII letters and digits and `_+=,.@-`, byte by byte: every CreateRole and
        // PutRolePolicy passes here, and Unicode property lookups cost more than the check.
        let allowed = name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "@"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        guard allowed else {
            throw .validation("1 validation error detected: Value '\(name)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")
        }
    }

    /// Paths start and end with `/`; `/` alone is the default.
    static func checkPath(_ path: String) throws(IAMError) {
        let printable = path.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
        guard path.hasPrefix("/"), path.hasSuffix("/"), path.count <= 512, !path.contains("//"), printable else {
            throw .validation("1 validation error detected: Value '\(path)' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)")
        }
    }
}
