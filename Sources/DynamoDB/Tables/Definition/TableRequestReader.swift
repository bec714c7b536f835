import Core

/// Typed reads of a table-management request's members, failing as DynamoDB's front end
/// does: a member of the wrong JSON type is a `SerializationException`; a broken constraint
/// is a `ValidationException` naming the member by its camel-case path
/// (`keySchema.1.member.keyType`).
struct TableRequestReader {
    let object: JSONObject

    init(_ json: JSON, member: String) throws(DynamoDBError) {
        guard case .object(let object) = json else {
            throw Self.mismatch(json, expected: "structure", member: member)
        }
        self.object = object
    }

    /// `1 validation error detected: Value <value> at '<path>' failed to satisfy constraint: <constraint>`.
    static func constraint(_ value: String, at path: String, _ constraint: String) -> DynamoDBError {
        .validation("1 validation error detected: Value \(value) at '\(path)' failed to satisfy constraint: \(constraint)")
    }

    static func notNull(_ path: String) -> DynamoDBError {
        constraint("null", at: path, "Member must not be null")
    }

    /// The wording AWS's JSON deserialiser uses for a value of the wrong type.
    static func mismatch(_ json: JSON, expected: String, member: String) -> DynamoDBError {
        switch json {
        case .object: .serialization("Start of structure or map found where not expected.")
        case .array: .serialization("Start of list found where not expected")
        case .string: .serialization("STRING_VALUE can not be converted to \(expected)")
        case .number: .serialization("NUMBER_VALUE can not be converted to \(expected)")
        case .bool(let flag): .serialization("\(flag ? "TRUE" : "FALSE")_VALUE can not be converted to \(expected)")
        case .null: .serialization("Unexpected null for \(member)")
        }
    }

    /// A member that is absent or JSON `null` reads as nil.
    private func present(_ name: String) -> JSON? {
        guard let value = object[name], !value.isNull else { return nil }
        return value
    }

    func string(_ name: String, path: String) throws(DynamoDBError) -> String? {
        guard let value = present(name) else { return nil }
        guard case .string(let text) = value else { throw Self.mismatch(value, expected: "a String", member: path) }
        return text
    }

    func requiredString(_ name: String, path: String) throws(DynamoDBError) -> String {
        guard let text = try string(name, path: path) else { throw Self.notNull(path) }
        return text
    }

    /// A string that must be one of `allowed` (listed in the message as AWS lists them).
    func enumeration(_ name: String, path: String, allowed: [String], required: Bool) throws(DynamoDBError) -> String? {
        guard let text = try string(name, path: path) else {
            if required { throw Self.notNull(path) }
            return nil
        }
        guard allowed.contains(text) else {
            throw Self.constraint("'\(text)'", at: path, "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }
        return text
    }

    func integer(_ name: String, path: String) throws(DynamoDBError) -> Int? {
        guard let value = present(name) else { return nil }
        guard case .number(let number) = value else { throw Self.mismatch(value, expected: "a Long", member: path) }
        guard let integer = number.intValue else {
            throw .serialization("NUMBER_VALUE can not be converted to a Long: \(number.text)")
        }
        return integer
    }

    func array(_ name: String, path: String) throws(DynamoDBError) -> [JSON]? {
        guard let value = present(name) else { return nil }
        guard case .array(let elements) = value else { throw Self.mismatch(value, expected: "a List", member: path) }
        return elements
    }

    func reader(_ name: String, path: String) throws(DynamoDBError) -> TableRequestReader? {
        guard let value = present(name) else { return nil }
        return try TableRequestReader(value, member: path)
    }

    func strings(_ name: String, path: String) throws(DynamoDBError) -> [String]? {
        guard let elements = try array(name, path: path) else { return nil }
        var result: [String] = []
        for element in elements {
            guard case .string(let text) = element else { throw Self.mismatch(element, expected: "a String", member: path) }
            result.append(text)
        }
        return result
    }
}
