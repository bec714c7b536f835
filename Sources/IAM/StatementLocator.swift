import Core

/// Finds where each statement sits in a policy's text, for `SimulateCustomPolicy`'s
/// `MatchedStatements` (`StartPosition` / `EndPosition`).
///
/// The JSON value has no positions, so this makes a second, shallow pass over text the
/// parser has already accepted: it walks the top-level object to the (last) `Statement`
/// member and records the first and last byte of each statement object. Text it cannot
/// follow yields no spans, and the positions are then simply left out.
enum StatementLocator {
    static func spans(in text: String) -> [(start: SourcePosition, end: SourcePosition)] {
        let bytes = Array(text.utf8)
        var scanner = Scanner(bytes: bytes)
        guard let offsets = scanner.statementOffsets() else { return [] }
        let positions = Positions(bytes)
        return offsets.map { (positions.at($0.start), positions.at($0.end)) }
    }

    /// Byte offset → line and column, counted as `JSONError` counts them (1-based; columns
    /// in Unicode scalars; CR LF, LF and lone CR each end a line).
    private struct Positions {
        let bytes: [UInt8]

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        func at(_ offset: Int) -> SourcePosition {
            var line = 1, column = 1
            var index = 0
            while index < offset {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
                    line += 1
                    column = 1
                } else if byte != UInt8(ascii: "\r"), byte & 0xC0 != 0x80 {
                    column += 1
                }
                index += 1
            }
            return SourcePosition(line: line, column: column)
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// The first and last byte of each statement object, or nil.
        mutating func statementOffsets() -> [(start: Int, end: Int)]? {
            skipSpace()
            guard consume(UInt8(ascii: "{")) else { return nil }
            var result: [(start: Int, end: Int)]?
            while true {
                skipSpace()
                if consume(UInt8(ascii: "}")) { return result }
                guard let key = readString() else { return nil }
                skipSpace()
                guard consume(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                if key == "Statement" {
                    // A repeated member replaces the earlier one, as the parser's last-wins does.
                    guard let spans = statementSpans() else { return nil }
                    result = spans
                } else {
                    guard skipValue() else { return nil }
                }
                skipSpace()
                _ = consume(UInt8(ascii: ","))
            }
        }

        private mutating func statementSpans() -> [(start: Int, end: Int)]? {
            if peek() == UInt8(ascii: "{") {
                let start = index
                guard skipValue() else { return nil }
                return [(start, index - 1)]
            }
            guard consume(UInt8(ascii: "[")) else { return nil }
            var spans: [(start: Int, end: Int)] = []
            while true {
                skipSpace()
                if consume(UInt8(ascii: "]")) { return spans }
                let start = index
                guard skipValue() else { return nil }
                spans.append((start, index - 1))
                skipSpace()
                _ = consume(UInt8(ascii: ","))
            }
        }

        private func peek() -> UInt8? {
            index < bytes.count ? bytes[index] : nil
        }

        private mutating func consume(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipSpace() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            }
        }

        /// A string's decoded text (escapes and all, via the JSON parser when needed).
        private mutating func readString() -> String? {
            let start = index
            guard skipString() else { return nil }
            let raw = Array(bytes[start..<index])
            if !raw.contains(UInt8(ascii: "\\")) {
                return String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
            }
            return (try? JSON.parse(bytes: raw))?.stringValue
        }

        private mutating func skipString() -> Bool {
            guard consume(UInt8(ascii: "\"")) else { return false }
            while let byte = peek() {
                index += 1
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    return true
                }
            }
            return false
        }

        /// Skips one value; nested containers are tracked by depth, strings skipped whole.
        private mutating func skipValue() -> Bool {
            guard let first = peek() else { return false }
            if first == UInt8(ascii: "\"") { return skipString() }
            guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
                while let byte = peek(), !(byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                    || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
                    index += 1
                }
                return true
            }
            var depth = 0
            while let byte = peek() {
                switch byte {
                case UInt8(ascii: "\""):
                    guard skipString() else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                default:
                    break
                }
                index += 1
                if depth == 0 { return true }
            }
            return false
        }
    }
}
