import Core

/// A value a Hurl query produced or a predicate expects, with Hurl's types: `"1"` (string),
/// `1` (integer) and `1.0` (float) are three different values, though integers and floats
/// compare numerically with each other.
public enum HurlValue: Sendable, Hashable {
    /// The query matched nothing (a missing header, a definite JSONPath with no match).
    case none
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case boolean(Bool)
    /// An integer, kept as its exact text so that 64-bit-plus ids print as written.
    case integer(JSONNumber)
    /// A number written with a fraction or an exponent, kept as its exact text.
    case float(JSONNumber)
    /// Text (a body, a header, a JSON string).
    case string(String)
    /// A JSON array, an indefinite JSONPath's matches, or a repeated header.
    case list([HurlValue])
    /// A JSON object, members in document order.
    case object(JSONObject)
    /// Raw bytes (`bytes` and `sha256` queries, the `base64UrlSafeDecode` filter).
    case bytes([UInt8])

    /// An integer value.
    public static func integer(_ value: Int) -> HurlValue { .integer(JSONNumber(value)) }

    /// A float value; non-finite values become `null` (Hurl's literals cannot spell them).
    public static func float(_ value: Double) -> HurlValue {
        JSONNumber(value).map { .float(JSONNumber(unchecked: $0.text, float: value)) } ?? .null
    }

    /// Converts a JSON node: numbers without fraction or exponent are integers, the rest
    /// floats (as Hurl reads JSON); arrays become lists, objects stay objects.
    public init(_ json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .boolean(value)
        case .number(let number): self = number.isIntegerText ? .integer(number) : .float(number)
        case .string(let value): self = .string(value)
        case .array(let elements): self = .list(elements.map(HurlValue.init))
        case .object(let object): self = .object(object)
        }
    }

    /// Hurl's name for the type, used in explanations: `integer`, `float`, `string`, ...
    public var typeName: String {
        switch self {
        case .none: "none"
        case .null: "null"
        case .boolean: "boolean"
        case .integer: "integer"
        case .float: "float"
        case .string: "string"
        case .list: "list"
        case .object: "object"
        case .bytes: "bytes"
        }
    }

    /// The number for integers and floats; nil otherwise.
    public var number: JSONNumber? {
        switch self {
        case .integer(let number), .float(let number): number
        default: nil
        }
    }

    /// The value as JSON, for serialising lists and objects; nil for `none` and bytes
    /// (and lists holding them).
    ///
    /// Spelled with `Optional.none` on purpose: JSON is ExpressibleByNilLiteral, so a bare
    /// `nil` in some expression positions would become a JSON null.
    public var json: JSON? {
        switch self {
        case .none, .bytes: return JSON?.none
        case .null: return JSON.null
        case .boolean(let value): return JSON.bool(value)
        case .integer(let number), .float(let number): return JSON.number(number)
        case .string(let value): return JSON.string(value)
        case .list(let values):
            var elements: [JSON] = []
            for value in values {
                guard let element = value.json else { return JSON?.none }
                elements.append(element)
            }
            return JSON.array(elements)
        case .object(let object): return JSON.object(object)
        }
    }

    /// The text a `{{name}}` template substitutes: strings raw, numbers as written,
    /// `true`/`false`/`null`, lists and objects as compact JSON, bytes as lower-case hex,
    /// and nothing for `none`.
    public var templateText: String {
        switch self {
        case .none: ""
        case .string(let value): value
        case .bytes(let bytes): Hex.encode(bytes)
        default: json?.serialized() ?? ""
        }
    }

    /// A literal for reports: strings quoted with JSON escapes, numbers as written,
    /// lists and objects as compact JSON, bytes as `hex,...;` (Hurl's spelling).
    public var literal: String {
        switch self {
        case .none: "none"
        case .string(let value): JSON.string(value).serialized()
        case .bytes(let bytes): "hex,\(Hex.encode(bytes));"
        case .list(let values) where json == nil: "[" + values.map(\.literal).joined(separator: ",") + "]"
        default: json?.serialized() ?? ""
        }
    }
}

extension JSONNumber {
    /// The float spelling for `value` with a fraction, so that `HurlValue.float(2)` prints
    /// `2.0` and stays a float when parsed back.
    fileprivate init(unchecked text: String, float value: Double) {
        let spelled = text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
        self = JSONNumber(spelled) ?? JSONNumber(integerLiteral: 0)
    }
}

/// Numeric ordering of exact JSON numbers: exact when both fit `Int`, otherwise via
/// `Double` (equal canonical values still compare equal, so `1 == 1.0` holds).
enum NumericOrder {
    enum Result { case less, equal, greater }

    static func compare(_ a: JSONNumber, _ b: JSONNumber) -> Result {
        if a == b { return .equal }
        if let x = a.intValue, let y = b.intValue { return x < y ? .less : .greater }
        let x = a.doubleValue ?? (a.text.hasPrefix("-") ? -.infinity : .infinity)
        let y = b.doubleValue ?? (b.text.hasPrefix("-") ? -.infinity : .infinity)
        if x == y { return .equal }
        return x < y ? .less : .greater
    }
}
