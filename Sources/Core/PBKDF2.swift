/// PBKDF2 (RFC 8018, section 5.2) with HMAC-SHA-256 as the pseudorandom function.
public enum PBKDF2 {
    /// Derives `keyLength` bytes from `password` and `salt` with `iterations` rounds.
    ///
    /// Each output block `T_i = U_1 ^ U_2 ^ ... ^ U_c`, where `U_1 = HMAC(P, S || INT(i))`
    /// and `U_j = HMAC(P, U_{j-1})`. The password's padded HMAC states are computed once,
    /// and the inner loop runs on two 32-byte stack buffers, so the cost is two SHA-256
    /// compressions per iteration and no allocation.
    ///
    /// - Precondition: `iterations >= 1` and `0 <= keyLength <= (2^32 - 1) * 32`.
    public static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int) -> [UInt8] {
        precondition(iterations >= 1, "PBKDF2 needs at least one iteration")
        precondition(keyLength >= 0, "PBKDF2 key length must not be negative")
        let blockLength = SHA256.digestByteCount
        let blockCount = (keyLength + blockLength - 1) / blockLength
        precondition(blockCount <= Int(UInt32.max), "PBKDF2 key length too large")
        guard keyLength > 0 else { return [] }

        let prf = HMACSHA256Key(key: password)
        var derived: [UInt8] = []
        derived.reserveCapacity(blockCount * blockLength)
        var firstInput = salt + [0, 0, 0, 0]

        for blockIndex in 1...blockCount {
            // INT(i): the block index as four big-endian bytes after the salt.
            let index = UInt32(blockIndex)
            firstInput[salt.count] = UInt8(truncatingIfNeeded: index >> 24)
            firstInput[salt.count + 1] = UInt8(truncatingIfNeeded: index >> 16)
            firstInput[salt.count + 2] = UInt8(truncatingIfNeeded: index >> 8)
            firstInput[salt.count + 3] = UInt8(truncatingIfNeeded: index)

            var u: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            var t: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &u) { uBytes in
                withUnsafeMutableBytes(of: &t) { tBytes in
                    let uBase = uBytes.baseAddress!
                    firstInput.withUnsafeBytes { prf.authenticate($0, into: uBase) }
                    tBytes.copyMemory(from: UnsafeRawBufferPointer(uBytes))
                    for _ in 1..<iterations {
                        prf.authenticate(UnsafeRawBufferPointer(uBytes), into: uBase)
                        // XOR a word at a time; both buffers are 8-byte aligned tuples.
                        for word in 0..<4 {
                            let offset = word * 8
                            let mixed = tBytes.load(fromByteOffset: offset, as: UInt64.self)
                                ^ uBytes.load(fromByteOffset: offset, as: UInt64.self)
                            tBytes.storeBytes(of: mixed, toByteOffset: offset, as: UInt64.self)
                        }
                    }
                }
            }
            withUnsafeBytes(of: t) { derived.append(contentsOf: $0) }
        }
        return Array(derived.prefix(keyLength))
    }

    /// Convenience for text passwords and salts, taken as UTF-8.
    public static func sha256(password: String, salt: String, iterations: Int, keyLength: Int) -> [UInt8] {
        sha256(password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, keyLength: keyLength)
    }
}
