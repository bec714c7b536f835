import Core

/// Typed reads of an item operation's request members, failing as DynamoDB's front end does:
/// a member of the wrong JSON type is a `SerializationException`, a broken constraint a
/// `ValidationException` naming the member by its camel-case path.
///
/// `path` prefixes every member path, so the same reader serves a top-level request
/// (`key`) and an element of a batch or transaction (`transactItems.2.member.put.item`).
struct OperationRequest {
    /// The request's members.
    let object: JSONObject
    let path: String

    /// `input` names the structure in the error for a body that is not a JSON object.
    init(_ json: JSON, input: String, path: String = "") throws(DynamoDBError) {
        guard case .object(let object) = json else { throw TableRequestReader.mismatch(json, expected: "structure", member: input) }
        self.object = object
        self.path = path
    }

    /// `tableName` (or `<prefix>.tableName`): the member path as DynamoDB names it.
    func memberPath(_ camelCase: String) -> String {
        path.isEmpty ? camelCase : "\(path).\(camelCase)"
    }

    /// Whether the member is there and not `null`.
    func has(_ name: String) -> Bool {
        present(name) != nil
    }

    /// The member's value; absent and JSON `null` both read as nil.
    func present(_ name: String) -> JSON? {
        guard let value = object[name], !value.isNull else { return nil }
        return value
    }

    /// The wrong-type error for member `name` (paths are built only when failing, so reading
    /// a well-formed request allocates no message text).
    func mismatch(_ value: JSON, expected: String, _ name: String) -> DynamoDBError {
        TableRequestReader.mismatch(value, expected: expected, member: memberPath(Self.camelCase(name)))
    }

    func string(_ name: String) throws(DynamoDBError) -> String? {
        guard let value = present(name) else { return nil }
        guard case .string(let text) = value else { throw mismatch(value, expected: "a String", name) }
        return text
    }

    func integer(_ name: String) throws(DynamoDBError) -> Int? {
        guard let value = present(name) else { return nil }
        guard case .number(let number) = value else { throw mismatch(value, expected: "an Integer", name) }
        guard let integer = number.intValue else {
            throw .serialization("NUMBER_VALUE can not be converted to an Integer: \(number.text)")
        }
        return integer
    }

    func bool(_ name: String) throws(DynamoDBError) -> Bool? {
        guard let value = present(name) else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(value, expected: "a Boolean", name) }
        return flag
    }

    /// A string that must be one of `allowed`, listed in the order DynamoDB lists them.
    func enumeration(_ name: String, allowed: [String]) throws(DynamoDBError) -> String? {
        guard let text = try string(name) else { return nil }
        guard allowed.contains(text) else {
            throw TableRequestReader.constraint(
                "'\(text)'", at: memberPath(Self.camelCase(name)), "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]"
            )
        }
        return text
    }

    /// The validated table name (3-255 characters of `[a-zA-Z0-9_.-]`).
    func tableName() throws(DynamoDBError) -> String {
        guard let name = try string("TableName") else { throw TableRequestReader.notNull(memberPath("tableName")) }
        try TableName.check(name, member: memberPath("tableName"))
        return name
    }

    /// An attribute map member (`Item`, `Key`, `ExclusiveStartKey`), or nil when absent.
    func item(_ name: String) throws(DynamoDBError) -> Item? {
        guard let value = present(name) else { return nil }
        return try Item(wire: value, member: name)
    }

    func requiredItem(_ name: String) throws(DynamoDBError) -> Item {
        guard let item = try item(name) else { throw TableRequestReader.notNull(memberPath(Self.camelCase(name))) }
        return item
    }

    /// `ExpressionAttributeNames`, or nil when absent.
    func expressionNames() throws(DynamoDBError) -> [String: String]? {
        guard let members = try members("ExpressionAttributeNames") else { return nil }
        var names: [String: String] = [:]
        for (placeholder, name) in members {
            guard case .string(let text) = name else {
                throw mismatch(name, expected: "a String", "ExpressionAttributeNames")
            }
            names[placeholder] = text
        }
        return names
    }

    /// `ExpressionAttributeValues`, or nil when absent. A value DynamoDB would refuse in an
    /// item is refused here with the message naming the placeholder.
    func expressionValues() throws(DynamoDBError) -> [String: AttributeValue]? {
        guard let members = try members("ExpressionAttributeValues") else { return nil }
        var values: [String: AttributeValue] = [:]
        for (placeholder, wire) in members {
            do {
                values[placeholder] = try AttributeValue(wire: wire, path: placeholder)
            } catch where error.code == "ValidationException" {
                throw .validation("ExpressionAttributeValues contains invalid value: \(error.message) for key \(placeholder)")
            }
        }
        return values
    }

    /// An array member, or nil when absent.
    func array(_ name: String) throws(DynamoDBError) -> [JSON]? {
        guard let value = present(name) else { return nil }
        guard case .array(let elements) = value else { throw mismatch(value, expected: "a List", name) }
        return elements
    }

    /// An object member, or nil when absent.
    func members(_ name: String) throws(DynamoDBError) -> JSONObject? {
        guard let value = present(name) else { return nil }
        guard case .object(let members) = value else { throw mismatch(value, expected: "a Map", name) }
        return members
    }

    /// The member's camel-case name as DynamoDB's messages spell it (`ReturnValues` →
    /// `returnValues`).
    static func camelCase(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.lowercased() + name.dropFirst()
    }
}
