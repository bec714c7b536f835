import Core

/// Turns a policy's JSON into compiled statements, refusing what AWS refuses.
///
/// Element names and values are case-sensitive, as in AWS's policy grammar (`"effect"` and
/// `"allow"` are errors, each with a suggestion). Every refusal names the statement (index
/// and Sid) and the element.
struct PolicyParser {
    let kind: PolicyDocument.Kind

    struct Parsed {
        var version: PolicyDocument.Version
        var id: String?
        var statements: [PolicyStatement]
    }

    static let topLevelElements = ["Version", "Id", "Statement"]
    static let statementElements = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]

    func parse(_ json: JSON) throws(MalformedPolicyDocument) -> Parsed {
        let top = PolicyLocation.document
        guard case .object(let document) = json else {
            throw top.error("the document must be a JSON object, got \(json.typeName)")
        }
        for key in document.keys where !Self.topLevelElements.contains(key) {
            throw top.error("unknown top-level element \(quoted(key))" + Suggestion.hint(for: key, in: Self.topLevelElements))
        }
        var version = PolicyDocument.Version.v2008_10_17
        if let value = document["Version"] {
            guard let text = value.stringValue, let parsed = PolicyDocument.Version(rawValue: text) else {
                throw top.error("Version must be \"2012-10-17\" or \"2008-10-17\", got \(value.serialized())")
            }
            version = parsed
        }
        var id: String?
        if let value = document["Id"] {
            guard let text = value.stringValue else {
                throw top.error("Id must be a string, got \(value.typeName)")
            }
            id = text
        }
        guard let statementValue = document["Statement"] else {
            throw top.error("missing required element Statement")
        }
        let elements: [JSON]
        switch statementValue {
        case .object: elements = [statementValue]
        case .array(let array): elements = array
        default: throw top.error("Statement must be an object or an array of objects, got \(statementValue.typeName)")
        }
        var statements: [PolicyStatement] = []
        statements.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            statements.append(try parseStatement(element, index: index, version: version))
        }
        return Parsed(version: version, id: id, statements: statements)
    }

    private func parseStatement(_ json: JSON, index: Int, version: PolicyDocument.Version) throws(MalformedPolicyDocument) -> PolicyStatement {
        var location = PolicyLocation(statementIndex: index, sid: nil)
        guard case .object(let object) = json else {
            throw location.error("a statement must be an object, got \(json.typeName)")
        }
        // The Sid first, so that every later message can name it.
        var sid: String?
        if let value = object["Sid"] {
            guard let text = value.stringValue else {
                throw location.error("Sid must be a string, got \(value.typeName)")
            }
            sid = text
            location.sid = text
        }
        for key in object.keys where !Self.statementElements.contains(key) {
            throw location.error("unknown element \(quoted(key))" + Suggestion.hint(for: key, in: Self.statementElements))
        }
        guard let effectValue = object["Effect"] else {
            throw location.error("missing required element Effect")
        }
        guard let effectText = effectValue.stringValue, let effect = PolicyStatement.Effect(rawValue: effectText) else {
            throw location.error("Effect must be \"Allow\" or \"Deny\", got \(effectValue.serialized())")
        }
        let substitutes = version == .v2012_10_17
        let principal = try parsePrincipal(object, at: location)
        let actions = try parseActions(object, at: location)
        let resources = try parseResources(object, at: location, substitutesVariables: substitutes)
        var conditions: [ConditionEntry] = []
        if let condition = object["Condition"] {
            conditions = try ConditionParser.parse(condition, at: location, substitutesVariables: substitutes)
        }
        return PolicyStatement(
            index: index, sid: sid, effect: effect, start: nil, end: nil,
            rules: StatementRules(principal: principal, actions: actions, resources: resources, conditions: conditions)
        )
    }

    private func parseActions(_ object: JSONObject, at location: PolicyLocation) throws(MalformedPolicyDocument) -> ActionClause {
        let (name, value) = try exclusive("Action", "NotAction", in: object, at: location)
        guard let name, let value else {
            throw location.error("missing required element Action (or NotAction)")
        }
        let actions = try Self.strings(value, element: name, at: location)
        for action in actions where action != "*" {
            let parts = action.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw location.error("\(name) \(quoted(action)) must be \"*\" or \"<service>:<action>\", e.g. \"dynamodb:GetItem\"")
            }
        }
        return ActionClause(actions, negated: name == "NotAction")
    }

    private func parseResources(
        _ object: JSONObject, at location: PolicyLocation, substitutesVariables: Bool
    ) throws(MalformedPolicyDocument) -> ResourceClause? {
        let (name, value) = try exclusive("Resource", "NotResource", in: object, at: location)
        guard let name, let value else {
            if kind == .trust { return nil }
            throw location.error("missing required element Resource (or NotResource)")
        }
        if kind == .trust {
            throw location.error("\(name) is not allowed in a trust policy")
        }
        let resources = try Self.strings(value, element: name, at: location)
        for resource in resources where resource != "*" && !resource.hasPrefix("arn:") {
            throw location.error("\(name) \(quoted(resource)) must be \"*\" or an ARN (\"arn:...\")")
        }
        return ResourceClause(resources, negated: name == "NotResource", substitutesVariables: substitutesVariables)
    }

    private func parsePrincipal(_ object: JSONObject, at location: PolicyLocation) throws(MalformedPolicyDocument) -> PrincipalClause? {
        let (name, value) = try exclusive("Principal", "NotPrincipal", in: object, at: location)
        guard let name, let value else {
            if kind == .identity { return nil }
            throw location.error("missing required element Principal (or NotPrincipal)")
        }
        if kind == .identity {
            throw location.error("\(name) is not allowed in an identity-based policy")
        }
        return try PrincipalParser.parse(value, element: name, at: location)
    }

    /// The one of two mutually exclusive elements present, if any.
    private func exclusive(
        _ first: String, _ second: String, in object: JSONObject, at location: PolicyLocation
    ) throws(MalformedPolicyDocument) -> (String?, JSON?) {
        switch (object[first], object[second]) {
        case (let value?, nil): return (first, value)
        case (nil, let value?): return (second, value)
        case (nil, nil): return (nil, nil)
        case (_?, _?): throw location.error("has both \(first) and \(second); use one")
        }
    }

    /// A string, or an array of strings (what AWS allows wherever a list is expected).
    static func strings(_ value: JSON, element: String, at location: PolicyLocation) throws(MalformedPolicyDocument) -> [String] {
        switch value {
        case .string(let text):
            guard !text.isEmpty else { throw location.error("\(element) must not be an empty string") }
            return [text]
        case .array(let elements):
            var result: [String] = []
            for (position, item) in elements.enumerated() {
                guard let text = item.stringValue else {
                    throw location.error("\(element)[\(position)] must be a string, got \(item.typeName)")
                }
                guard !text.isEmpty else { throw location.error("\(element)[\(position)] must not be an empty string") }
                result.append(text)
            }
            return result
        default:
            throw location.error("\(element) must be a string or an array of strings, got \(value.typeName)")
        }
    }
}
