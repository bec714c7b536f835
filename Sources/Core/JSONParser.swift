/// Strict RFC 8259 parsing.
extension JSON {
    /// What the parser does when an object names the same key twice.
    public enum DuplicateKeyPolicy: Sendable, Hashable {
        /// Keep the key at its first position with its last value (JavaScript's behaviour).
        case lastWins
        /// Reject the document, pointing at the second occurrence.
        case reject
    }

    /// The nesting limit `parse` applies unless told otherwise.
    public static let defaultMaxDepth = 512

    /// Parses one JSON value from `text`.
    ///
    /// Strict RFC 8259: no comments, no trailing commas, no single quotes, no leading zeros,
    /// no `NaN`/`Infinity`, no raw control characters in strings, no lone surrogate
    /// escapes, whitespace only space/tab/CR/LF, nothing but whitespace after the value.
    /// A byte order mark is rejected too.
    ///
    /// - Parameters:
    ///   - maxDepth: the deepest nesting of arrays and objects accepted. Parsing itself never
    ///     recurses, but values are recursive, so comparing or serialising a value nested
    ///     tens of thousands deep could exhaust a thread's stack; keep this moderate.
    ///   - duplicateKeys: see ``DuplicateKeyPolicy``.
    /// - Throws: ``JSONError`` with the line, column and what was expected.
    public static func parse(
        _ text: String, maxDepth: Int = defaultMaxDepth, duplicateKeys: DuplicateKeyPolicy = .lastWins
    ) throws(JSONError) -> JSON {
        var text = text
        let result = text.withUTF8 { bytes in
            JSONParser.parse(bytes, maxDepth: maxDepth, duplicateKeys: duplicateKeys)
        }
        return try result.get()
    }

    /// Parses one JSON value from UTF-8 `bytes` (an HTTP body, a file); invalid UTF-8 is an
    /// error. Otherwise the same as ``parse(_:maxDepth:duplicateKeys:)``.
    public static func parse(
        bytes: [UInt8], maxDepth: Int = defaultMaxDepth, duplicateKeys: DuplicateKeyPolicy = .lastWins
    ) throws(JSONError) -> JSON {
        let result = bytes.withUnsafeBufferPointer { buffer in
            JSONParser.parse(buffer, maxDepth: maxDepth, duplicateKeys: duplicateKeys)
        }
        return try result.get()
    }
}

/// A byte-level parser over borrowed UTF-8.
///
/// Nesting is handled with explicit stacks rather than recursion, so no input can overflow
/// the call stack: an open array or object pushes a frame, and its elements collect on a
/// shared value stack until the closing bracket turns them into one value.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    let duplicateKeys: JSON.DuplicateKeyPolicy
    var index = 0
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, duplicateKeys: JSON.DuplicateKeyPolicy) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.duplicateKeys = duplicateKeys
    }

    /// Parses a whole document; a `Result` because `withUTF8` and friends only rethrow untyped.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, duplicateKeys: JSON.DuplicateKeyPolicy) -> Result<JSON, JSONError> {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth, duplicateKeys: duplicateKeys)
        return Result { () throws(JSONError) in try parser.parseDocument() }
    }

    /// An open array or object.
    private struct Frame {
        let isObject: Bool
        /// Where this container's elements start on the value stack.
        let valueStart: Int
        /// Where this object's keys start on the key stack.
        let keyStart: Int
    }

    mutating func parseDocument() throws(JSONError) -> JSON {
        var frames: [Frame] = []
        var values: [JSON] = []
        var keys: [(name: String, offset: Int)] = []
        skipWhitespace()
        readValue: while true {
            guard index < bytes.count else { throw fail(index, "expected a value") }
            var value: JSON
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard frames.count < maxDepth else {
                    throw fail(index, "expected at most \(maxDepth) nested arrays and objects")
                }
                let isObject = bytes[index] == UInt8(ascii: "{")
                index += 1
                skipWhitespace()
                if isObject {
                    if at(UInt8(ascii: "}")) {
                        index += 1
                        value = .object(JSONObject())
                    } else {
                        frames.append(Frame(isObject: true, valueStart: values.count, keyStart: keys.count))
                        try readKey(into: &keys, expected: "expected a string key or '}'")
                        continue readValue
                    }
                } else if at(UInt8(ascii: "]")) {
                    index += 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, valueStart: values.count, keyStart: keys.count))
                    continue readValue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                value = try parseLiteral()
            }

            // A value is complete: add it to the open container, closing containers for as
            // long as closing brackets follow.
            while let frame = frames.last {
                values.append(value)
                skipWhitespace()
                if at(UInt8(ascii: ",")) {
                    index += 1
                    skipWhitespace()
                    if frame.isObject {
                        try readKey(into: &keys, expected: "expected a string key after ','")
                    }
                    continue readValue
                }
                if frame.isObject && at(UInt8(ascii: "}")) {
                    index += 1
                    value = .object(try makeObject(keys: keys[frame.keyStart...], values: values[frame.valueStart...]))
                    keys.removeSubrange(frame.keyStart...)
                } else if !frame.isObject && at(UInt8(ascii: "]")) {
                    index += 1
                    value = .array(Array(values[frame.valueStart...]))
                } else {
                    throw fail(index, (frame.isObject
                        ? "expected ',' or '}' after an object member"
                        : "expected ',' or ']' after an array element") + commonMistakeHint(at: index))
                }
                values.removeSubrange(frame.valueStart...)
                frames.removeLast()
            }
            skipWhitespace()
            guard index == bytes.count else {
                throw fail(index, "expected end of input after the value" + commonMistakeHint(at: index))
            }
            return value
        }
    }

    /// Reads `"key"`, the `:` after it and any whitespace, leaving `index` at the value.
    private mutating func readKey(into keys: inout [(name: String, offset: Int)], expected: String) throws(JSONError) {
        guard at(UInt8(ascii: "\"")) else { throw fail(index, expected + keyHint(at: index)) }
        let offset = index
        keys.append((try parseString(), offset))
        skipWhitespace()
        guard at(UInt8(ascii: ":")) else {
            throw fail(index, "expected ':' after an object key" + commonMistakeHint(at: index))
        }
        index += 1
        skipWhitespace()
    }

    /// Builds an object, applying the duplicate-key policy.
    private func makeObject(keys: ArraySlice<(name: String, offset: Int)>, values: ArraySlice<JSON>) throws(JSONError) -> JSONObject {
        let names = keys.map(\.name)
        guard let duplicate = firstDuplicate(names) else {
            return JSONObject(uniqueKeys: names, values: Array(values))
        }
        if duplicateKeys == .reject {
            throw fail(keys[keys.startIndex + duplicate].offset,
                       "expected each key once in an object, but \(JSON.string(names[duplicate])) appears again")
        }
        return JSONObject(zip(names, values))
    }

    /// The position of the first key that repeats an earlier one.
    private func firstDuplicate(_ names: [String]) -> Int? {
        if names.count <= JSONObject.indexThreshold {
            for later in names.indices.dropFirst() where names[..<later].contains(names[later]) {
                return later
            }
            return nil
        }
        var seen = Set<String>(minimumCapacity: names.count)
        return names.indices.first { !seen.insert(names[$0]).inserted }
    }

    private mutating func parseNumber() throws(JSONError) -> JSONNumber {
        switch JSONNumber.scan(bytes, from: index) {
        case .number(let end):
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
            index = end
            return JSONNumber(unchecked: text)
        case .failure(let offset, let message):
            throw fail(offset, message)
        }
    }

    /// `true`, `false` or `null`; anything else at a value position is an error whose message
    /// names the common mistakes (unquoted strings, `True`, `NaN`, trailing commas, ...).
    private mutating func parseLiteral() throws(JSONError) -> JSON {
        let start = index
        while index < bytes.count, Self.isWordByte(bytes[index]) {
            index += 1
        }
        switch String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: throw fail(start, "expected a value" + valueHint(at: start))
        }
    }

    /// Letters, digits and `_`: what an unquoted word someone meant as a literal consists of.
    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    @inline(__always)
    func at(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                index += 1
            default:
                return
            }
        }
    }

    /// The error for `offset`; line and column are computed only now.
    func fail(_ offset: Int, _ message: String) -> JSONError {
        JSONError(in: bytes, offset: offset, expected: message)
    }
}
