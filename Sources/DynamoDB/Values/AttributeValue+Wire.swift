import Core

/// Conversion between the JSON wire form (`{"S": "x"}`, `{"N": "1.5"}`, ...) and values.
extension AttributeValue {
    /// Reads a wire value; `path` names it in error messages (`Item.tenant_id`). It is built
    /// only when an error needs it, so reading a well-formed item builds no path strings.
    public init(wire json: JSON, path: @autoclosure () -> String) throws(DynamoDBError) {
        try self.init(wire: json, path: path(), depth: 1)
    }

    /// DynamoDB allows documents nested 32 levels deep.
    static let maximumNesting = 32

    private init(wire json: JSON, path: @autoclosure () -> String, depth: Int) throws(DynamoDBError) {
        guard depth <= Self.maximumNesting else {
            throw .validation("Nesting Levels have exceeded supported limits")
        }
        guard case .object(let object) = json, object.count == 1, let (type, payload) = object.first.map({ ($0.key, $0.value) }) else {
            throw .validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
        }
        func string() throws(DynamoDBError) -> String {
            guard case .string(let text) = payload else { throw .serialization("Unexpected value type in payload for \(type) at '\(path())'") }
            return text
        }
        func strings() throws(DynamoDBError) -> [String] {
            guard case .array(let items) = payload else { throw .serialization("Unexpected value type in payload for \(type) at '\(path())'") }
            var result: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw .serialization("Unexpected value type in payload for \(type) at '\(path())'") }
                result.append(text)
            }
            return result
        }
        switch type {
        case "S":
            self = .s(try string())
        case "N":
            self = .n(try Self.number(try string()))
        case "B":
            self = .b(try Self.binary(try string()))
        case "BOOL":
            guard case .bool(let flag) = payload else { throw .serialization("Unexpected value type in payload for BOOL at '\(path())'") }
            self = .bool(flag)
        case "NULL":
            guard case .bool(true) = payload else {
                throw .validation("One or more parameter values were invalid: Null attribute value types must have the value of true")
            }
            self = .null
        case "M":
            guard case .object(let members) = payload else { throw .serialization("Unexpected value type in payload for M at '\(path())'") }
            var map: [String: AttributeValue] = [:]
            for (name, value) in members { map[name] = try AttributeValue(wire: value, path: "\(path()).\(name)", depth: depth + 1) }
            self = .m(map)
        case "L":
            guard case .array(let items) = payload else { throw .serialization("Unexpected value type in payload for L at '\(path())'") }
            var list: [AttributeValue] = []
            for (index, item) in items.enumerated() { list.append(try AttributeValue(wire: item, path: "\(path())[\(index)]", depth: depth + 1)) }
            self = .l(list)
        case "SS":
            self = .ss(try Self.uniqueSet(try strings(), type: "SS"))
        case "NS":
            var numbers: [DynamoNumber] = []
            for text in try strings() { numbers.append(try Self.number(text)) }
            self = .ns(try Self.uniqueSet(numbers, type: "NS"))
        case "BS":
            var binaries: [[UInt8]] = []
            for text in try strings() { binaries.append(try Self.binary(text)) }
            self = .bs(try Self.uniqueSet(binaries, type: "BS"))
        default:
            throw .serialization("Unknown AttributeValue type '\(type)' at '\(path())'; expected one of S, N, B, BOOL, NULL, M, L, SS, NS, BS")
        }
    }

    /// The wire form.
    public var wire: JSON {
        switch self {
        case .s(let text): Self.tagged(WireTag.s, "S", .string(text))
        case .n(let number): Self.tagged(WireTag.n, "N", .string(number.description))
        case .b(let bytes): Self.tagged(WireTag.b, "B", .string(Base64.encode(bytes)))
        case .bool(let flag): ["BOOL": .bool(flag)]
        case .null: ["NULL": true]
        case .m(let map):
            ["M": Self.sortedWire(map)]
        case .l(let list): ["L": .array(list.map(\.wire))]
        case .ss(let strings): ["SS": .array(strings.map { .string($0) })]
        case .ns(let numbers): ["NS": .array(numbers.map { .string($0.description) })]
        case .bs(let binaries): ["BS": .array(binaries.map { .string(Base64.encode($0)) })]
        }
    }

    private static func sortedWire(_ map: [String: AttributeValue]) -> JSON {
        let sorted = map.sorted { $0.key < $1.key }
        return .object(JSONObject(uniqueKeys: sorted.map(\.key), values: sorted.map(\.value.wire)))
    }

    /// One-member objects for the scalar types, copied and filled in: the copy shares the
    /// template's key storage, so a scalar's wire form costs one allocation rather than
    /// three (responses carry one of these per attribute).
    private enum WireTag {
        static let s: JSONObject = ["S": .null]
        static let n: JSONObject = ["N": .null]
        static let b: JSONObject = ["B": .null]
    }

    private static func tagged(_ template: JSONObject, _ tag: String, _ payload: JSON) -> JSON {
        var object = template
        object[tag] = payload
        return .object(object)
    }

    static func number(_ text: String) throws(DynamoDBError) -> DynamoNumber {
        do {
            return try DynamoNumber(parsing: text)
        } catch .tooPrecise {
            throw .validation("Attempting to store more than 38 significant digits in a Number")
        } catch .outOfRange {
            throw .validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
        } catch {
            throw .validation("The parameter cannot be converted to a numeric value: \(text)")
        }
    }

    static func binary(_ text: String) throws(DynamoDBError) -> [UInt8] {
        guard let bytes = Base64.decode(text) else {
            throw .serialization("Base64 encoded length is expected a multiple of 4 bytes but found: \(text.utf8.count)")
        }
        return bytes
    }

    static func uniqueSet<T: Hashable>(_ elements: [T], type: String) throws(DynamoDBError) -> [T] {
        guard !elements.isEmpty else {
            throw .validation("One or more parameter values were invalid: An \(type) may not be empty")
        }
        guard Set(elements).count == elements.count else {
            throw .validation("One or more parameter values were invalid: Input collection contains duplicates")
        }
        return elements
    }
}

extension Item {
    /// Reads a wire item (`{"name": {"S": "x"}, ...}`); `member` names it in errors.
    public init(wire json: JSON, member: String) throws(DynamoDBError) {
        guard case .object(let object) = json else { throw .serialization("Expected a map of attributes at '\(member)'") }
        var item = Item(minimumCapacity: object.count)
        // Walking the key and value arrays directly is cheaper than JSONObject's own
        // element access, which goes through a call per member.
        for (name, value) in zip(object.keys, object.values) { item[name] = try AttributeValue(wire: value, path: "\(member).\(name)") }
        self = item
    }

    /// The wire form, attributes sorted by name.
    public var wire: JSON {
        let sorted = sorted { $0.key < $1.key }
        return .object(JSONObject(uniqueKeys: sorted.map(\.key), values: sorted.map(\.value.wire)))
    }
}
