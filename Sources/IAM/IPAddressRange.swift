/// An IPv4 or IPv6 address with a prefix length, for `IpAddress` / `NotIpAddress`
/// (`203.0.113.0/24`, `2001:DB8:1234:5678::/64`; a bare address means /32 or /128).
struct IPAddressRange: Sendable, Hashable {
    /// 4 bytes for IPv4, 16 for IPv6.
    let bytes: [UInt8]
    let prefixLength: Int

    init?(_ text: String) {
        let pieces = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.address(pieces[0]) else { return nil }
        let maximum = address.count * 8
        if pieces.count == 2 {
            guard !pieces[1].isEmpty, pieces[1].allSatisfy(\.isASCII), let length = Int(pieces[1]),
                  (0...maximum).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        bytes = address
    }

    /// Whether `address` (a request's `aws:SourceIp`) lies in this range. An IPv4 range
    /// never contains an IPv6 address and vice versa.
    func contains(_ address: IPAddressRange) -> Bool {
        guard address.bytes.count == bytes.count else { return false }
        var remaining = prefixLength
        for index in bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if bytes[index] & mask != address.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    private static func address(_ text: Substring) -> [UInt8]? {
        text.contains(":") ? ipv6(text) : ipv4(text)
    }

    private static func ipv4(_ text: Substring) -> [UInt8]? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var result: [UInt8] = []
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = UInt8(octet) else { return nil }
            result.append(value)
        }
        return result
    }

    private static func ipv6(_ text: Substring) -> [UInt8]? {
        // Split around "::" (at most one), then read 16-bit groups; an IPv4 tail counts
        // as two groups.
        var halves = [text]
        if let gap = text.firstRange(of: "::") {
            halves = [text[text.startIndex..<gap.lowerBound], text[gap.upperBound...]]
            guard halves[1].firstRange(of: "::") == nil else { return nil }
        }
        func groups(_ part: Substring) -> [UInt8]? {
            if part.isEmpty { return [] }
            var result: [UInt8] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (position, field) in fields.enumerated() {
                if position == fields.count - 1, field.contains(".") {
                    guard let tail = ipv4(field) else { return nil }
                    result += tail
                    continue
                }
                guard (1...4).contains(field.count), let value = UInt16(field, radix: 16) else { return nil }
                result += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 {
            return head.count == 16 ? head : nil
        }
        guard let tail = groups(halves[1]), head.count + tail.count < 16 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}
