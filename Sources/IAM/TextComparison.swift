#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// String comparisons as AWS makes them: by code point, not by Unicode canonical
/// equivalence (which Swift's `==` uses), and with `memcmp` over the UTF-8 storage.
enum TextComparison {
    @inline(__always)
    static func equal(_ a: String, _ b: String) -> Bool {
        let count = a.utf8.count
        guard count == b.utf8.count else { return false }
        return compareBytes(a, b, count)
    }

    @inline(__always)
    static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        let count = prefix.utf8.count
        guard count <= text.utf8.count else { return false }
        return compareBytes(text, prefix, count)
    }

    /// Whether the first `count` UTF-8 bytes of `a` and `b` agree (both have that many).
    @inline(__always)
    private static func compareBytes(_ a: String, _ b: String, _ count: Int) -> Bool {
        if count == 0 { return true }
        let result = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in
                memcmp(left.baseAddress!, right.baseAddress!, count) == 0
            }
        }
        if let result, let result { return result }
        // Bridged strings without contiguous UTF-8: compare the slow way.
        return a.utf8.prefix(count).elementsEqual(b.utf8.prefix(count))
    }

    /// Case-insensitive equality: ASCII folded byte by byte, anything else by lowercasing.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        let ascii = a.utf8.allSatisfy { $0 < 0x80 } && b.utf8.allSatisfy { $0 < 0x80 }
        guard ascii else { return equal(a.lowercased(), b.lowercased()) }
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).allSatisfy { lowerASCII($0) == lowerASCII($1) }
    }

    @inline(__always)
    private static func lowerASCII(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}
