// Typed access to an operation's input, failing with the errors AWS sends for missing or
// mistyped members.
import Core

/// The members of one input structure, read with the types the operation expects.
///
/// Missing required members fail as AWS's request validation does:
/// `ValidationError` (Query) or `ValidationException` (JSON), `1 validation error detected:
/// Value null at 'roleName' failed to satisfy constraint: Member must not be null`.
/// A JSON `null` counts as missing, as it does in AWS.
///
/// Type mismatches depend on the protocol. JSON bodies carry types, and AWS rejects a wrong
/// one before validation, with coral's `SerializationException` (`NUMBER_VALUE can not be
/// converted to a String`; here followed by the member's path). Query parameters are all
/// strings, so the numeric and boolean accessors parse them (`"10"`, `"true"`) and a
/// string that does not parse is a validation error.
public struct CloudMembers: Sendable {
    /// The structure's members, in the order sent.
    public let object: JSONObject
    /// Where this structure sits in the input, in AWS's message spelling (`""` at the top,
    /// `provisionedThroughput`, `tags.1.member`); member names in messages get their first
    /// letter lower-cased, as AWS prints them.
    public let path: String
    /// The protocol whose errors to raise.
    public let awsProtocol: AWSProtocol

    /// The members of `object`, found at `path`, raising errors in `awsProtocol`'s dialect.
    public init(_ object: JSONObject, path: String, awsProtocol: AWSProtocol) {
        self.object = object
        self.path = path
        self.awsProtocol = awsProtocol
    }

    /// The raw value of `name`, nil when absent or `null`.
    public subscript(name: String) -> JSON? {
        guard let value = object[name], !value.isNull else { return nil }
        return value
    }

    /// Whether `name` is present and not `null`.
    public func has(_ name: String) -> Bool { self[name] != nil }

    /// `name` as AWS prints it in messages: `roleName`, `provisionedThroughput.readCapacityUnits`.
    public func memberPath(_ name: String) -> String {
        let member = name.prefix(1).lowercased() + name.dropFirst()
        return path.isEmpty ? member : "\(path).\(member)"
    }

    /// The value of a required member, or the `Member must not be null` validation error.
    public func required(_ name: String) throws(AWSError) -> JSON {
        guard let value = self[name] else {
            throw AWSError.validation(
                [AWSError.constraintFailure(value: "null", member: memberPath(name), constraint: "Member must not be null")],
                code: awsProtocol.validationErrorCode
            )
        }
        return value
    }

    // MARK: - Scalars

    /// A required string member.
    public func string(_ name: String) throws(AWSError) -> String {
        try asString(name, try required(name))
    }

    /// An optional string member.
    public func optionalString(_ name: String) throws(AWSError) -> String? {
        guard let value = self[name] else { return nil }
        return try asString(name, value)
    }

    /// A required integer member: a whole JSON number, or for Query a decimal string.
    public func int(_ name: String) throws(AWSError) -> Int {
        try asInt(name, try required(name))
    }

    /// An optional integer member.
    public func optionalInt(_ name: String) throws(AWSError) -> Int? {
        guard let value = self[name] else { return nil }
        return try asInt(name, value)
    }

    /// A required boolean member: JSON `true`/`false`, or for Query `"true"`/`"false"` in
    /// any case.
    public func bool(_ name: String) throws(AWSError) -> Bool {
        try asBool(name, try required(name))
    }

    /// An optional boolean member.
    public func optionalBool(_ name: String) throws(AWSError) -> Bool? {
        guard let value = self[name] else { return nil }
        return try asBool(name, value)
    }

    /// A required enum member: its text must be one of `E`'s raw values, else the protocol's
    /// validation error listing them (`Member must satisfy enum value set: [All, AWS, Local]`).
    public func enumeration<E: RawRepresentable & CaseIterable>(_ name: String) throws(AWSError) -> E where E.RawValue == String {
        let text = try string(name)
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw invalidText(name, text, constraint: "Member must satisfy enum value set: [\(allowed)]")
        }
        return value
    }

    /// An optional enum member (see ``enumeration(_:)``).
    public func optionalEnumeration<E: RawRepresentable & CaseIterable>(_ name: String) throws(AWSError) -> E? where E.RawValue == String {
        has(name) ? try enumeration(name) as E : nil
    }

    // MARK: - Conversions

    func asString(_ name: String, _ value: JSON) throws(AWSError) -> String {
        if case .string(let text) = value { return text }
        throw mistyped(name, value, expected: "a String")
    }

    func asInt(_ name: String, _ value: JSON) throws(AWSError) -> Int {
        switch value {
        case .number(let number):
            if let int = number.intValue { return int }
        case .string(let text) where !awsProtocol.isJSON:
            if let int = Int(text) { return int }
            throw invalidText(name, text, constraint: "Member must be an integer")
        default:
            break
        }
        throw mistyped(name, value, expected: "an Integer")
    }

    func asBool(_ name: String, _ value: JSON) throws(AWSError) -> Bool {
        switch value {
        case .bool(let flag):
            return flag
        case .string(let text) where !awsProtocol.isJSON:
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: throw invalidText(name, text, constraint: "Member must be a boolean (true or false)")
            }
        default:
            throw mistyped(name, value, expected: "a Boolean")
        }
    }

    /// A member whose JSON type is wrong, in coral's words (JSON) or as a validation
    /// failure (Query, where only structure-versus-string mismatches can occur).
    func mistyped(_ name: String, _ value: JSON, expected: String) -> AWSError {
        guard awsProtocol.isJSON else {
            let shown = value.stringValue.map { "'\($0)'" } ?? value.typeName
            return AWSError.validation(
                [AWSError.constraintFailure(value: shown, member: memberPath(name), constraint: "Member must be \(expected.lowercased())")],
                code: awsProtocol.validationErrorCode
            )
        }
        let found: String
        switch value {
        case .object: found = "Start of structure or map found where not expected"
        case .array: found = "Start of list found where not expected"
        case .string: found = "STRING_VALUE can not be converted to \(expected)"
        case .number: found = "NUMBER_VALUE can not be converted to \(expected)"
        case .bool(let flag): found = "\(flag ? "TRUE" : "FALSE")_VALUE can not be converted to \(expected)"
        case .null: found = "null can not be converted to \(expected)"
        }
        return AWSError.serialization("\(found) (at '\(memberPath(name))')")
    }

    /// A Query string that does not parse as the member's type.
    func invalidText(_ name: String, _ text: String, constraint: String) -> AWSError {
        AWSError.validation(
            [AWSError.constraintFailure(value: "'\(text)'", member: memberPath(name), constraint: constraint)],
            code: awsProtocol.validationErrorCode
        )
    }
}
