// Structures, lists and maps inside an operation's input.
import Core

extension CloudMembers {
    // MARK: - Structures

    /// A required nested structure, whose own accessors report paths under this member.
    public func structure(_ name: String) throws(AWSError) -> CloudMembers {
        try asStructure(name, try required(name), path: memberPath(name))
    }

    /// An optional nested structure.
    public func optionalStructure(_ name: String) throws(AWSError) -> CloudMembers? {
        guard let value = self[name] else { return nil }
        return try asStructure(name, value, path: memberPath(name))
    }

    // MARK: - Lists

    /// A required list. For Query, an empty parameter (`Tags=`) is AWS's spelling of an
    /// empty list.
    public func list(_ name: String) throws(AWSError) -> [JSON] {
        try asList(name, try required(name))
    }

    /// An optional list; nil when absent.
    public func optionalList(_ name: String) throws(AWSError) -> [JSON]? {
        guard let value = self[name] else { return nil }
        return try asList(name, value)
    }

    /// A required list of strings.
    public func stringList(_ name: String) throws(AWSError) -> [String] {
        try strings(name, try list(name))
    }

    /// An optional list of strings.
    public func optionalStringList(_ name: String) throws(AWSError) -> [String]? {
        guard let elements = try optionalList(name) else { return nil }
        return try strings(name, elements)
    }

    /// A required list of structures, each reporting paths as AWS does
    /// (`tags.1.member.key`).
    public func structureList(_ name: String) throws(AWSError) -> [CloudMembers] {
        try structures(name, try list(name))
    }

    /// An optional list of structures.
    public func optionalStructureList(_ name: String) throws(AWSError) -> [CloudMembers]? {
        guard let elements = try optionalList(name) else { return nil }
        return try structures(name, elements)
    }

    // MARK: - Maps

    /// A required map of strings to strings. For Query, `Name.entry.N.key`/`.value`
    /// parameters arrive already as an object.
    public func stringMap(_ name: String) throws(AWSError) -> [String: String] {
        try asStringMap(name, try required(name))
    }

    /// An optional map of strings to strings.
    public func optionalStringMap(_ name: String) throws(AWSError) -> [String: String]? {
        guard let value = self[name] else { return nil }
        return try asStringMap(name, value)
    }

    // MARK: - Conversions

    private func asStructure(_ name: String, _ value: JSON, path: String) throws(AWSError) -> CloudMembers {
        if case .object(let members) = value { return CloudMembers(members, path: path, awsProtocol: awsProtocol) }
        throw mistyped(name, value, expected: "a Structure")
    }

    private func asList(_ name: String, _ value: JSON) throws(AWSError) -> [JSON] {
        switch value {
        case .array(let elements): return elements
        case .string("") where !awsProtocol.isJSON: return []
        default: throw mistyped(name, value, expected: "a List")
        }
    }

    private func strings(_ name: String, _ elements: [JSON]) throws(AWSError) -> [String] {
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw mistyped(elementName(name, index), element, expected: "a String")
            }
            result.append(text)
        }
        return result
    }

    private func structures(_ name: String, _ elements: [JSON]) throws(AWSError) -> [CloudMembers] {
        var result: [CloudMembers] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let element = try asStructure(elementName(name, index), element, path: memberPath(elementName(name, index)))
            result.append(element)
        }
        return result
    }

    private func asStringMap(_ name: String, _ value: JSON) throws(AWSError) -> [String: String] {
        switch value {
        case .object(let members):
            var map: [String: String] = [:]
            for (key, element) in members {
                guard case .string(let text) = element else {
                    throw mistyped("\(name).\(key)", element, expected: "a String")
                }
                map[key] = text
            }
            return map
        case .string("") where !awsProtocol.isJSON:
            return [:]
        default:
            throw mistyped(name, value, expected: "a Map")
        }
    }

    /// AWS's name for a list element: `<list>.<1-based index>.member`.
    private func elementName(_ name: String, _ index: Int) -> String {
        "\(name).\(index + 1).member"
    }
}
