/// Percent-encoding and `application/x-www-form-urlencoded` parsing.
///
/// `encode` follows RFC 3986 as SigV4 requires: every byte except the unreserved set
/// `A-Z a-z 0-9 - . _ ~` becomes `%XX` with upper-case hex.
public enum URLEncoding {
    /// Percent-encodes `text`'s UTF-8, leaving unreserved characters and any in `keep` as they are.
    public static func encode(_ text: some StringProtocol, keep: Set<UInt8> = []) -> String {
        encode(bytes: text.utf8, keep: keep)
    }

    /// Percent-encodes raw bytes, leaving unreserved characters and any in `keep` as they are.
    public static func encode(bytes: some Sequence<UInt8>, keep: Set<UInt8> = []) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount)
        for byte in bytes {
            if isUnreserved(byte) || keep.contains(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`); malformed escapes stay literal.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "%")) || (plusAsSpace && bytes.contains(UInt8(ascii: "+"))) else {
            return String(text)
        }
        return String(decoding: decode(bytes: bytes[...], plusAsSpace: plusAsSpace), as: UTF8.self)
    }

    /// Decodes `%XX` escapes to bytes, not to a String, so escapes of invalid UTF-8 (`%FF`)
    /// survive re-encoding unchanged, as SigV4 needs. Malformed escapes stay literal.
    public static func decode(bytes: ArraySlice<UInt8>, plusAsSpace: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
               let high = ASCII.hexValue(bytes[index + 1]), let low = ASCII.hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return out
    }

    /// Parses `a=1&b=two+words` into ordered, decoded pairs; a name without `=` has an empty value.
    public static func parseForm(_ text: some StringProtocol) -> [(name: String, value: String)] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (decode(pair[..<equals], plusAsSpace: true), decode(pair[pair.index(after: equals)...], plusAsSpace: true))
            }
            return (decode(pair, plusAsSpace: true), "")
        }
    }

    /// Encodes pairs as a form body or query string, in the given order.
    public static func formEncode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    @inline(__always)
    public static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
