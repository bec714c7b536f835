/// Binary-to-text encodings: hexadecimal and the two RFC 4648 Base64 alphabets.

/// Hexadecimal (RFC 4648 section 8, "base16").
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, two digits per byte: the form SigV4 and most AWS APIs use.
    public static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            var position = 0
            for byte in bytes {
                output[position] = digits[Int(byte >> 4)]
                output[position + 1] = digits[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }

    /// Decodes hex of either case; nil for an odd length or any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = text.utf8
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var high: UInt8?
        for character in utf8 {
            guard let value = ASCII.hexValue(character) else { return nil }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }
}

/// Base64 with the standard alphabet (RFC 4648 section 4), always padded.
public enum Base64 {
    /// Padded standard Base64.
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64Codec.standard.encode(bytes, padded: true)
    }

    /// Strict decoding: only the standard alphabet, length a multiple of 4, `=` only as the
    /// final one or two characters, no whitespace, and unused bits of the last character
    /// zero (so every byte string has exactly one accepted encoding). Otherwise nil.
    public static func decode(_ text: String) -> [UInt8]? {
        Base64Codec.standard.decode(Array(text.utf8)[...], padding: .required)
    }
}

/// Base64 with the URL- and filename-safe alphabet (RFC 4648 section 5: `-` and `_`).
public enum Base64URL {
    /// Unpadded URL-safe Base64, as JWTs and most URL uses expect.
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64Codec.url.encode(bytes, padded: false)
    }

    /// Decodes with or without `=` padding (if present, it must be complete); otherwise as
    /// strict as ``Base64/decode(_:)``.
    public static func decode(_ text: String) -> [UInt8]? {
        Base64Codec.url.decode(Array(text.utf8)[...], padding: .optional)
    }

    /// ``decode(_:)`` of text given as its UTF-8 bytes (a slice of a token, say).
    public static func decode(bytes: ArraySlice<UInt8>) -> [UInt8]? {
        Base64Codec.url.decode(bytes, padding: .optional)
    }
}

/// The shared engine behind ``Base64`` and ``Base64URL``; only the alphabet differs.
struct Base64Codec: Sendable {
    enum Padding { case required, optional }

    static let standard = Base64Codec(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    static let url = Base64Codec(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    private static let invalid: UInt8 = 0xFF
    private let alphabet: [UInt8]
    /// Maps a character to its 6-bit value, or `invalid`.
    private let values: [UInt8]

    private init(alphabet: String) {
        self.alphabet = Array(alphabet.utf8)
        var values = [UInt8](repeating: Self.invalid, count: 256)
        for (value, character) in self.alphabet.enumerated() {
            values[Int(character)] = UInt8(value)
        }
        self.values = values
    }

    func encode(_ bytes: [UInt8], padded: Bool) -> String {
        let fullGroups = bytes.count / 3
        let tail = bytes.count % 3
        let length = fullGroups * 4 + (tail == 0 ? 0 : (padded ? 4 : tail + 1))
        return String(unsafeUninitializedCapacity: length) { output in
            var out = 0
            var index = 0
            for _ in 0..<fullGroups {
                let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                output[out] = alphabet[Int(group >> 18)]
                output[out + 1] = alphabet[Int((group >> 12) & 0x3F)]
                output[out + 2] = alphabet[Int((group >> 6) & 0x3F)]
                output[out + 3] = alphabet[Int(group & 0x3F)]
                out += 4
                index += 3
            }
            if tail > 0 {
                let second = tail == 2 ? UInt32(bytes[index + 1]) : 0
                let group = UInt32(bytes[index]) << 16 | second << 8
                let characters = tail + 1
                output[out] = alphabet[Int(group >> 18)]
                output[out + 1] = alphabet[Int((group >> 12) & 0x3F)]
                if characters == 3 { output[out + 2] = alphabet[Int((group >> 6) & 0x3F)] }
                out += characters
                if padded {
                    for _ in characters..<4 {
                        output[out] = UInt8(ascii: "=")
                        out += 1
                    }
                }
            }
            return out
        }
    }

    func decode(_ text: ArraySlice<UInt8>, padding: Padding) -> [UInt8]? {
        var characters = text
        // Strip padding, checking it is complete: a padded text is a whole number of quads.
        var padCount = 0
        while characters.last == UInt8(ascii: "=") {
            characters.removeLast()
            padCount += 1
        }
        if padCount > 0 || padding == .required {
            guard (characters.count + padCount) % 4 == 0, padCount <= 2 else { return nil }
        }
        let tail = characters.count % 4
        guard tail != 1 else { return nil }
        if padCount > 0 && padCount != (4 - tail) % 4 { return nil }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for character in characters {
            let value = values[Int(character)]
            guard value != Self.invalid else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        // Leftover bits (2 or 4) must be zero, or two texts would decode to the same bytes.
        guard accumulator == 0 else { return nil }
        return bytes
    }
}
