/// Byte-level ASCII helpers shared by the HTTP parser, SigV4 and URL encoding. Protocol text
/// (header names, tokens, hex digits) is ASCII, so these avoid Unicode tables on hot paths.
public enum ASCII {
    /// The value of one hex digit (either case), or nil.
    @inline(__always)
    public static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `byte` lower-cased if it is an ASCII capital letter.
    @inline(__always)
    public static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }

    /// `text` with its ASCII capitals lower-cased; every other byte unchanged.
    public static func lowercased(_ text: some StringProtocol) -> String {
        // Most protocol text is already lower case: then no new string is built.
        guard text.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return String(text) }
        return String(decoding: text.utf8.map(lowered), as: UTF8.self)
    }

    /// Exactly `text.lowercased()` (Unicode rules), but ASCII text is handled byte by byte
    /// and returned as is, without a new string, when it has no capitals: context keys and
    /// actions are normalised per authorisation, and they are almost always lower case.
    public static func unicodeLowercased(_ text: String) -> String {
        var capitals = false
        for byte in text.utf8 {
            if byte >= 0x80 { return text.lowercased() }
            if byte >= 65 && byte <= 90 { capitals = true }
        }
        return capitals ? String(decoding: text.utf8.map(lowered), as: UTF8.self) : text
    }

    /// Whether `lowercased(text) == lowercase`, without building the lower-cased copy: that
    /// changes only the bytes A-Z, so comparing byte by byte is the same.
    public static func lowercased(_ text: String, equals lowercase: String) -> Bool {
        // Most pairs differ in length, which a native string knows without a scan.
        guard text.utf8.count == lowercase.utf8.count else { return false }
        var left = text.utf8.makeIterator(), right = lowercase.utf8.makeIterator()
        while let byte = left.next() {
            guard let other = right.next(), lowered(byte) == other else { return false }
        }
        return right.next() == nil
    }

    /// The same for a `String`, specialised: header names pass through here per request.
    public static func lowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return text }
        return String(decoding: text.utf8.map(lowered), as: UTF8.self)
    }
}
