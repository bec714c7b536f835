/// Why a JSON text was rejected, and where.
///
/// Messages say what the parser expected at that point, so that a participant can fix a
/// policy or lab file from the message alone, e.g.
/// `line 7, column 3: expected ',' or '}' after an object member`.
///
/// Positions are 1-based. A new line starts after LF, after CR LF, and after a lone CR.
/// The column counts Unicode scalars (code points) from the start of the line, not bytes
/// and not grapheme clusters; a tab counts as one column. An error at the end of the
/// input points just past the last character and its message begins
/// `unexpected end of input; `.
public struct JSONError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The 1-based line of the offending character.
    public let line: Int
    /// The 1-based column of the offending character, counted in Unicode scalars.
    public let column: Int
    /// What was expected there, without the position.
    public let message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String {
        "line \(line), column \(column): \(message)"
    }

    /// An error at byte `offset` of `bytes`; offsets at or past the end mean the input ran out.
    ///
    /// The position is worked out only here, on failure, so that parsing never pays for
    /// line and column bookkeeping.
    init(in bytes: UnsafeBufferPointer<UInt8>, offset: Int, expected message: String) {
        let end = min(offset, bytes.count)
        var line = 1
        var column = 1
        var index = 0
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte == UInt8(ascii: "\r") {
                // CR LF is one line break; the LF that follows does the counting.
                if index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                }
            } else if byte & 0xC0 != 0x80 {
                // Continuation bytes belong to the scalar their lead byte already counted.
                column += 1
            }
            index += 1
        }
        self.line = line
        self.column = column
        self.message = offset >= bytes.count ? "unexpected end of input; " + message : message
    }
}
