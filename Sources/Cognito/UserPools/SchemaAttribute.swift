// A user pool's attribute schema: the standard OpenID Connect attributes every pool has, and
// the `custom:` attributes a pool declares when it is created.

/// The type of a schema attribute's values. Cognito stores every value as a string; the type
/// decides which strings are accepted.
public enum AttributeDataType: String, Sendable, Hashable, CaseIterable {
    case string = "String"
    case number = "Number"
    case dateTime = "DateTime"
    case boolean = "Boolean"
}

/// One attribute of a pool's schema, as `DescribeUserPool` reports it in `SchemaAttributes`.
public struct SchemaAttribute: Sendable, Hashable {
    /// The full name: `email`, `given_name`, `custom:tenant_id`.
    public var name: String
    public var dataType: AttributeDataType
    /// Whether a value may change after the user is created.
    public var mutable: Bool
    /// Whether every user must have a value (standard attributes only: Cognito refuses
    /// required custom attributes).
    public var required: Bool
    public var developerOnly: Bool
    /// String length bounds (`StringAttributeConstraints`), for `String` attributes.
    public var minLength: Int?
    public var maxLength: Int?
    /// Value bounds (`NumberAttributeConstraints`), for `Number` attributes.
    public var minValue: Int?
    public var maxValue: Int?

    public init(
        name: String, dataType: AttributeDataType, mutable: Bool = true, required: Bool = false, developerOnly: Bool = false,
        minLength: Int? = nil, maxLength: Int? = nil, minValue: Int? = nil, maxValue: Int? = nil
    ) {
        self.name = name
        self.dataType = dataType
        self.mutable = mutable
        self.required = required
        self.developerOnly = developerOnly
        self.minLength = minLength
        self.maxLength = maxLength
        self.minValue = minValue
        self.maxValue = maxValue
    }

    /// Whether this is one of the pool's own `custom:` attributes.
    public var isCustom: Bool { name.hasPrefix("custom:") }

    /// The standard attributes, in the order Cognito lists them. `sub` is the user's
    /// immutable id; the `_verified` flags are Booleans; `birthdate` is `YYYY-MM-DD`.
    public static let standard: [SchemaAttribute] = {
        func text(_ name: String, min: Int = 0, max: Int = 2048) -> SchemaAttribute {
            SchemaAttribute(name: name, dataType: .string, minLength: min, maxLength: max)
        }
        var sub = text("sub", min: 1)
        sub.mutable = false
        sub.required = true
        return [
            sub, text("name"), text("given_name"), text("family_name"), text("middle_name"), text("nickname"),
            text("preferred_username"), text("profile"), text("picture"), text("website"), text("email"),
            SchemaAttribute(name: "email_verified", dataType: .boolean), text("gender"), text("birthdate", min: 10, max: 10),
            text("zoneinfo"), text("locale"), text("phone_number"), SchemaAttribute(name: "phone_number_verified", dataType: .boolean),
            text("address"), SchemaAttribute(name: "updated_at", dataType: .number, minValue: 0),
        ]
    }()
}

/// An entry of `CreateUserPool`'s `Schema`, before defaults are applied. `name` is as sent:
/// a standard attribute's name, or a custom attribute's name without `custom:`.
public struct SchemaAttributeInput: Sendable, Hashable {
    public var name: String
    public var dataType: AttributeDataType?
    public var mutable: Bool?
    public var required: Bool?
    public var developerOnly: Bool?
    public var minLength: Int?
    public var maxLength: Int?
    public var minValue: Int?
    public var maxValue: Int?

    public init(
        name: String, dataType: AttributeDataType? = nil, mutable: Bool? = nil, required: Bool? = nil, developerOnly: Bool? = nil,
        minLength: Int? = nil, maxLength: Int? = nil, minValue: Int? = nil, maxValue: Int? = nil
    ) {
        self.name = name
        self.dataType = dataType
        self.mutable = mutable
        self.required = required
        self.developerOnly = developerOnly
        self.minLength = minLength
        self.maxLength = maxLength
        self.minValue = minValue
        self.maxValue = maxValue
    }
}

extension SchemaAttribute {
    /// The pool's full schema: the standard attributes with any overrides from `inputs`,
    /// then the custom ones in the order given. As in Cognito, a name that is not standard
    /// always becomes `custom:<name>` (so `custom:x` would become `custom:custom:x`).
    static func schema(from inputs: [SchemaAttributeInput]) throws(CognitoError) -> [SchemaAttribute] {
        var schema = standard
        var seen: Set<String> = []
        for (index, input) in inputs.enumerated() {
            guard seen.insert(input.name).inserted else {
                throw .invalidParameter("Duplicate schema attribute name: \(input.name)")
            }
            if let position = schema.firstIndex(where: { $0.name == input.name && !$0.isCustom }) {
                schema[position] = try overriding(schema[position], with: input)
            } else {
                schema.append(try custom(input, index: index))
            }
        }
        return schema
    }

    private static func overriding(_ attribute: SchemaAttribute, with input: SchemaAttributeInput) throws(CognitoError) -> SchemaAttribute {
        if let type = input.dataType, type != attribute.dataType {
            throw .invalidParameter("\(attribute.name) is a standard attribute of AttributeDataType \(attribute.dataType.rawValue), not \(type.rawValue).")
        }
        guard attribute.name != "sub" else {
            throw .invalidParameter("The sub attribute cannot be changed.")
        }
        var result = attribute
        result.mutable = input.mutable ?? attribute.mutable
        result.required = input.required ?? attribute.required
        try result.constrain(with: input)
        return result
    }

    private static func custom(_ input: SchemaAttributeInput, index: Int) throws(CognitoError) -> SchemaAttribute {
        guard (1...20).contains(input.name.count) else {
            throw .invalidParameter("1 validation error detected: Value '\(input.name)' at 'schema.\(index + 1).member.name' failed to satisfy constraint: Member must have length between 1 and 20")
        }
        if input.required == true {
            throw .invalidParameter("Required custom attributes are not supported currently.")
        }
        var result = SchemaAttribute(
            name: "custom:" + input.name, dataType: input.dataType ?? .string, mutable: input.mutable ?? true,
            developerOnly: input.developerOnly ?? false
        )
        try result.constrain(with: input)
        return result
    }

    /// Applies the input's length or value bounds, checking they make sense.
    private mutating func constrain(with input: SchemaAttributeInput) throws(CognitoError) {
        switch dataType {
        case .string:
            let low = input.minLength ?? minLength ?? 0, high = input.maxLength ?? maxLength ?? 2048
            guard low >= 0, high <= 2048, low <= high else {
                throw .invalidParameter("Invalid StringAttributeConstraints for \(name): MinLength \(low) and MaxLength \(high) must satisfy 0 <= MinLength <= MaxLength <= 2048.")
            }
            if input.minLength != nil || input.maxLength != nil || !isCustom { (minLength, maxLength) = (low, high) }
        case .number:
            if let low = input.minValue ?? minValue, let high = input.maxValue ?? maxValue, low > high {
                throw .invalidParameter("Invalid NumberAttributeConstraints for \(name): MinValue \(low) is greater than MaxValue \(high).")
            }
            minValue = input.minValue ?? minValue
            maxValue = input.maxValue ?? maxValue
        case .dateTime, .boolean:
            break
        }
    }
}
