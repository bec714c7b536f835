/// A JSON value (RFC 8259), as parsed from API bodies, policy documents and lab files.
///
/// Numbers keep their exact text (see ``JSONNumber``) and objects keep their key order
/// (see ``JSONObject``), so a document that is parsed and serialised again comes back with
/// the same keys in the same order and the same digits.
///
/// Equality is by value: object key order does not matter and numbers compare numerically
/// (`1.0 == 1`); compare ``serialized(pretty:sortedKeys:)`` output to check spelling.
///
/// Literals build values directly:
/// ```swift
/// let policy: JSON = ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Resource": "*"]]]
/// ```
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    /// An integer number, written in plain decimal.
    public static func number(_ value: Int) -> JSON {
        .number(JSONNumber(value))
    }

    /// A floating-point number spelt as `JSONNumber.init?(_: Double)` does
    /// (`3.0` → `3`, `0.1` → `0.1`); infinities and NaN become `null`, as JSON has no
    /// spelling for them (the same choice JavaScript's `JSON.stringify` makes).
    public static func number(_ value: Double) -> JSON {
        JSONNumber(value).map(JSON.number) ?? .null
    }

    /// `.number(value)`.
    public init(_ value: Int) {
        self = .number(value)
    }

    /// `.number(value)`; infinities and NaN become `null`.
    public init(_ value: Double) {
        self = .number(value)
    }

    /// `.string(value)`.
    public init(_ value: String) {
        self = .string(value)
    }

    /// `.bool(value)`.
    public init(_ value: Bool) {
        self = .bool(value)
    }

    /// The JSON name of this value's type, for messages: `null`, `boolean`, `number`,
    /// `string`, `array` or `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSON: CustomStringConvertible {
    /// The compact serialisation, so that values print as the JSON they stand for.
    public var description: String {
        serialized()
    }
}

extension JSON: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSON: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSON: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        self = .number(JSONNumber(value))
    }
}

extension JSON: ExpressibleByFloatLiteral {
    /// Goes through `Double`, so the literal `1.50` is stored as `1.5`.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }
}

extension JSON: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSON: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSON...) {
        self = .array(elements)
    }
}

extension JSON: ExpressibleByDictionaryLiteral {
    /// Keys keep the literal's order; a repeated key keeps its first position and last value.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(JSONObject(elements))
    }
}

/// Optional-returning accessors, so that callers can dig into untrusted bodies with `?.`
/// chains and `guard let` instead of switching on every level.
extension JSON {
    /// The member `key` of an object; nil when this is not an object or has no such key.
    public subscript(key: String) -> JSON? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` of an array; nil when this is not an array or `index` is out
    /// of bounds (negative included).
    public subscript(index: Int) -> JSON? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// True for `null`.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    /// The string, when this is a string (numbers are not converted).
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The number, when this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { value } else { nil }
    }

    /// The number's exact text as written (e.g. `1.50`), when this is a number.
    public var numberText: String? {
        numberValue?.text
    }

    /// The number as an `Int` when it is a whole number that fits (`42`, `1e3`, `4.0`);
    /// nil for fractions, out-of-range values and non-numbers.
    public var intValue: Int? {
        numberValue?.intValue
    }

    /// The number as the nearest `Double`; nil for non-numbers and magnitudes beyond
    /// `Double`'s range.
    public var doubleValue: Double? {
        numberValue?.doubleValue
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSON]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// The members, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { value } else { nil }
    }
}
