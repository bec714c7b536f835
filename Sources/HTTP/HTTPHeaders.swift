import Core
/// An ordered, multi-valued list of HTTP header fields with case-insensitive names.
///
/// Order and duplicates are kept exactly as received or added, because SigV4 signs header
/// values in their original order and folds duplicates itself.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field: the name as written and its value.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init() { fields = [] }

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value for `name`, or nil; setting replaces every value for `name` (nil removes).
    public subscript(name: String) -> String? {
        get { fields.first { Self.same($0.name, name) }?.value }
        set {
            if let newValue { replaceOrAdd(name: name, value: newValue) } else { remove(name: name) }
        }
    }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.same($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { Self.same($0.name, name) }
    }

    /// Appends a field, keeping any existing values for the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces the first field named `name` and removes the others, or appends one.
    public mutating func replaceOrAdd(name: String, value: String) {
        if let index = fields.firstIndex(where: { Self.same($0.name, name) }) {
            fields[index].value = value
            var seen = false
            fields.removeAll { field in
                guard Self.same(field.name, name) else { return false }
                defer { seen = true }
                return seen
            }
        } else {
            fields.append(Field(name: name, value: value))
        }
    }

    public mutating func remove(name: String) {
        fields.removeAll { Self.same($0.name, name) }
    }

    /// Whether a comma-separated header (e.g. `Connection`) holds `token`, ignoring case.
    public func hasToken(_ token: String, in name: String) -> Bool {
        values(for: name).contains { value in
            value.split(separator: ",").contains {
                ASCII.lowercased($0.trimmingSpaces()) == ASCII.lowercased(token)
            }
        }
    }

    /// Whether two names are the same ignoring ASCII case. Names are ASCII in practice, and
    /// those are compared byte by byte without building lower-cased copies (every header
    /// lookup passes here once per field); anything else is compared as before, as strings.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var ascii = true
        let differs: Bool? = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in
                for index in 0..<left.count {
                    let x = left[index], y = right[index]
                    if (x | y) >= 0x80 { ascii = false; return false }
                    if x != y, ASCII.lowered(x) != ASCII.lowered(y) { return true }
                }
                return false
            }
        } ?? nil
        if let differs, ascii { return !differs }
        return ASCII.lowercased(a) == ASCII.lowercased(b)
    }
}

extension StringProtocol {
    /// Trims spaces and horizontal tabs, the optional whitespace around HTTP field values.
    func trimmingSpaces() -> Substring {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return slice
    }
}
