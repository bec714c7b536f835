// Checking user attributes against a pool's schema, with the refusals Cognito gives on
// create (`Attributes did not conform to the schema: ...`) and on update (`user.<name>: ...`).

/// A user attribute as the API carries it: a name and a string value.
public struct UserAttribute: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension [UserAttribute] {
    /// The value of `name`, if the user has one.
    public func value(of name: String) -> String? {
        last { $0.name == name }?.value
    }

    /// Sets `name` to `value` in place, or appends it.
    mutating func set(_ name: String, to value: String) {
        if let index = firstIndex(where: { $0.name == name }) {
            self[index].value = value
        } else {
            append(UserAttribute(name: name, value: value))
        }
    }
}

enum UserAttributeRules {
    /// The attributes of a new user (without `sub`, which the engine assigns), checked and
    /// normalised: every name in the schema, every value of its type and length, every
    /// required attribute present. All schema problems are reported together, as Cognito does.
    static func forCreate(_ given: [UserAttribute], schema: [SchemaAttribute]) throws(CognitoError) -> [UserAttribute] {
        var result: [UserAttribute] = []
        var problems: [String] = []
        for attribute in given {
            guard let definition = schema.first(where: { $0.name == attribute.name }), attribute.name != "sub" else {
                problems.append("Type for attribute {\(attribute.name)} could not be determined")
                continue
            }
            switch normalised(attribute.value, for: definition) {
            case .success(let value): result.set(attribute.name, to: value)
            case .failure(let problem): problems.append("\(attribute.name): \(problem)")
            }
        }
        for definition in schema where definition.required && definition.name != "sub" {
            if result.value(of: definition.name)?.isEmpty ?? true {
                problems.append("\(definition.name): The attribute is required")
            }
        }
        guard problems.isEmpty else { throw .schemaViolation(problems) }
        try checkContacts(result)
        return result
    }

    /// `current` with `changes` applied, as `AdminUpdateUserAttributes` does: immutable
    /// attributes cannot change (even when the user has no value yet), and a new `email` or
    /// `phone_number` is unverified unless the same call verifies it.
    static func forUpdate(
        _ changes: [UserAttribute], of current: [UserAttribute], schema: [SchemaAttribute]
    ) throws(CognitoError) -> [UserAttribute] {
        var result = current
        for change in changes {
            guard let definition = schema.first(where: { $0.name == change.name }) else {
                throw .invalidParameter("user.\(change.name): Attribute does not exist in the schema.")
            }
            guard definition.mutable else {
                throw .invalidParameter("user.\(change.name): Attribute cannot be updated. (changing an immutable attribute)")
            }
            switch normalised(change.value, for: definition) {
            case .success(let value): result.set(change.name, to: value)
            case .failure(let problem): throw .schemaViolation(["\(change.name): \(problem)"])
            }
        }
        for (contact, flag) in [("email", "email_verified"), ("phone_number", "phone_number_verified")] {
            let changed = changes.contains { $0.name == contact } && current.value(of: contact) != result.value(of: contact)
            if changed && !changes.contains(where: { $0.name == flag }) {
                result.set(flag, to: "false")
            }
        }
        try checkContacts(result)
        return result
    }

    /// What a user (not an administrator) may write, before the schema rules of
    /// ``forUpdate(_:of:schema:)``: only attributes the app client may write
    /// (`WriteAttributes`; all but developer-only ones when the client names none), never a
    /// developer-only attribute or a verification flag (NotAuthorizedException "A client
    /// attempted to write unauthorized attribute"). For UpdateUserAttributes and the
    /// NEW_PASSWORD_REQUIRED challenge.
    static func checkClientWrites(_ changes: [UserAttribute], schema: [SchemaAttribute], writable: [String]?) throws(CognitoError) {
        for change in changes {
            let definition = schema.first { $0.name == change.name }
            let unauthorized = change.name.hasSuffix("_verified") || definition?.developerOnly == true
                || writable.map { !$0.contains(change.name) } == true
            if unauthorized { throw .notAuthorized("A client attempted to write unauthorized attribute") }
        }
    }

    /// What a user may write while answering NEW_PASSWORD_REQUIRED: what
    /// ``checkClientWrites(_:schema:writable:)`` allows, and a required attribute only while
    /// it has no value, as the Cognito guide says of this challenge (NotAuthorizedException
    /// "Cannot modify an already provided <name>").
    static func checkChallengeWrites(
        _ changes: [UserAttribute], current: [UserAttribute], schema: [SchemaAttribute], writable: [String]?
    ) throws(CognitoError) {
        try checkClientWrites(changes, schema: schema, writable: writable)
        for change in changes where schema.first(where: { $0.name == change.name })?.required == true {
            if !(current.value(of: change.name)?.isEmpty ?? true) {
                throw .notAuthorized("Cannot modify an already provided \(change.name)")
            }
        }
    }

    /// Addresses must look like addresses, and a verification flag needs the address it
    /// verifies.
    private static func checkContacts(_ attributes: [UserAttribute]) throws(CognitoError) {
        if let email = attributes.value(of: "email") {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !email.contains(" ") else {
                throw .invalidParameter("Invalid email address format.")
            }
        }
        if let phone = attributes.value(of: "phone_number") {
            guard phone.first == "+", phone.count > 2, phone.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalidParameter("Invalid phone number format.")
            }
        }
        if attributes.value(of: "email_verified") != nil && attributes.value(of: "email") == nil {
            throw .invalidParameter("Email is required to verify/un-verify an email")
        }
        if attributes.value(of: "phone_number_verified") != nil && attributes.value(of: "phone_number") == nil {
            throw .invalidParameter("Phone Number is required to verify/un-verify a phone number")
        }
    }

    /// The value as stored (Booleans lower-cased), or what is wrong with it.
    static func normalised(_ value: String, for definition: SchemaAttribute) -> Result<String, SchemaProblem> {
        guard value.count <= 2048 else { return .failure(SchemaProblem("String must be no longer than 2048 characters")) }
        switch definition.dataType {
        case .string:
            if let low = definition.minLength, value.count < low {
                return .failure(SchemaProblem("String must be at least \(low) characters"))
            }
            if let high = definition.maxLength, value.count > high {
                return .failure(SchemaProblem("String must be no longer than \(high) characters"))
            }
            return .success(value)
        case .number:
            guard let number = Int(value) else { return .failure(SchemaProblem("Number must be an integer")) }
            if let low = definition.minValue, number < low { return .failure(SchemaProblem("Number must be no less than \(low)")) }
            if let high = definition.maxValue, number > high { return .failure(SchemaProblem("Number must be no greater than \(high)")) }
            return .success(value)
        case .boolean:
            switch value.lowercased() {
            case "true": return .success("true")
            case "false": return .success("false")
            default: return .failure(SchemaProblem("Boolean must be true or false"))
            }
        case .dateTime:
            // Cognito keeps DateTime values as the strings it is given.
            return .success(value)
        }
    }

    /// What is wrong with one value, in Cognito's words.
    struct SchemaProblem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
