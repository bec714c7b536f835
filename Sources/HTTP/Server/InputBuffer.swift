/// Bytes received on a connection and not yet consumed by the request parser.
///
/// Consuming only moves `start`; the storage is compacted lazily, so a burst of small pipelined
/// requests doesn't shift the array once per request.
struct InputBuffer {
    private var bytes: [UInt8] = []
    private var start = 0

    init() {}

    /// A buffer holding `bytes`, for tests and for feeding the parser directly.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var count: Int { bytes.count - start }
    var isEmpty: Bool { start == bytes.count }

    /// The unread byte at `offset` from the read position.
    subscript(offset: Int) -> UInt8 { bytes[start + offset] }

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        if start >= 4096 { compact() }
        bytes.append(contentsOf: chunk)
    }

    mutating func append(_ chunk: [UInt8]) {
        if start >= 4096 { compact() }
        bytes.append(contentsOf: chunk)
    }

    /// Marks the first `count` unread bytes as consumed.
    mutating func consume(_ count: Int) {
        start += count
        if start == bytes.count {
            // Keep room for the next head, but not what a body needed: thousands of idle
            // connections each pinning a recv's worth (64 KiB) would add up to hundreds of MiB.
            if bytes.capacity > 16 * 1024 { bytes = [] } else { bytes.removeAll(keepingCapacity: true) }
            start = 0
        }
    }

    /// Copies the first `count` unread bytes onto the end of `target`, then consumes them.
    mutating func move(_ count: Int, into target: inout [UInt8]) {
        target.append(contentsOf: bytes[start..<(start + count)])
        consume(count)
    }

    /// The offset of the first line feed at or after `offset`, or nil.
    func firstLineFeed(from offset: Int = 0) -> Int? {
        var index = start + offset
        while index < bytes.count {
            if bytes[index] == HTTPASCII.lf { return index - start }
            index += 1
        }
        return nil
    }

    /// Calls `body` with the unread bytes.
    func withUnreadBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[start...]))
        }
    }

    private mutating func compact() {
        bytes.removeSubrange(0..<start)
        start = 0
    }
}

/// The handful of ASCII bytes HTTP framing is made of (named apart from any other `ASCII` helper in the module).
enum HTTPASCII {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58
    static let semicolon: UInt8 = 59
    static let comma: UInt8 = 44

    /// `tchar` from RFC 9110 §5.6.2: what methods and header names are made of.
    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
