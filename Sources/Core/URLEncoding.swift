/// Percent-encoding and `application/x-www-form-urlencoded` parsing.
///
/// `encode` follows RFC 3986 as SigV4 requires: every byte except the unreserved set
/// `A-Z a-z 0-9 - . _ ~` becomes `%XX` with upper-case hex.
public enum URLEncoding {
    /// Percent-encodes `text`'s UTF-8, leaving unreserved characters and any in `keep` as they are.
    public static func encode(_ text: some StringProtocol, keep: Set<UInt8> = []) -> String {
        var text = String(text)
        return text.withUTF8 { encode(buffer: $0, keep: keep) }
    }

    /// Percent-encodes raw bytes, leaving unreserved characters and any in `keep` as they are.
    public static func encode(bytes: some Sequence<UInt8>, keep: Set<UInt8> = []) -> String {
        // The loop runs on a buffer: through the generic `Sequence`, each byte cost a call
        // through the conformance (IAM answers encode every policy document they carry).
        if let encoded = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0, keep: keep) }) { return encoded }
        return Array(bytes).withUnsafeBufferPointer { encode(buffer: $0, keep: keep) }
    }

    private static func encode(buffer bytes: UnsafeBufferPointer<UInt8>, keep: Set<UInt8>) -> String {
        // `keep` as a 256-bit map: hashing every reserved byte into the set was most of the
        // cost of encoding a policy document (every IAM call the app makes sends one).
        var kept: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for byte in keep {
            let bit = UInt64(1) << UInt64(byte & 63)
            switch byte >> 6 {
            case 0: kept.0 |= bit
            case 1: kept.1 |= bit
            case 2: kept.2 |= bit
            default: kept.3 |= bit
            }
        }
        func isKept(_ byte: UInt8) -> Bool {
            let word = switch byte >> 6 {
            case 0: kept.0
            case 1: kept.1
            case 2: kept.2
            default: kept.3
            }
            return word & (UInt64(1) << UInt64(byte & 63)) != 0
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount)
        for byte in bytes {
            if isUnreserved(byte) || isKept(byte) {
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
        // Copied out through `String`, whose bytes copy in one go, not one by one through the
        // generic conformance.
        let bytes = Array(String(text).utf8)
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
        // Byte-level: every Query-protocol request (IAM, STS) is a form, and Character-level
        // splitting was a measurable share of each call. `&` and `=` are ASCII, so the
        // pieces never split a multi-byte character. Copied through `String`, as in `decode`.
        let bytes = Array(String(text).utf8)
        var pairs: [(name: String, value: String)] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            if end > start {
                let pair = bytes[start..<end]
                if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                    pairs.append((decodedText(pair[..<equals]), decodedText(pair[(equals + 1)...])))
                } else {
                    pairs.append((decodedText(pair), ""))
                }
            }
            start = end + 1
        }
        return pairs
    }

    /// A form component's bytes, `+` and escapes decoded, as text.
    private static func decodedText(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(decoding: decode(bytes: bytes, plusAsSpace: true), as: UTF8.self)
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
