import Core

/// Parses a statement's `Condition` block into flat, compiled entries.
enum ConditionParser {
    static func parse(
        _ json: JSON, at location: PolicyLocation, substitutesVariables: Bool
    ) throws(MalformedPolicyDocument) -> [ConditionEntry] {
        guard case .object(let block) = json else {
            throw location.error("Condition must be an object, got \(json.typeName)")
        }
        var entries: [ConditionEntry] = []
        for (name, body) in block {
            let op = try parseOperator(name, at: location)
            guard case .object(let keys) = body else {
                throw location.error("Condition operator \(name) must map condition keys to values, got \(body.typeName)")
            }
            for (key, value) in keys {
                guard hasServicePrefix(key) else {
                    throw location.error(
                        "condition key \(quoted(key)) under \(name) must be prefixed by a service, e.g. \"aws:username\" or \"dynamodb:LeadingKeys\""
                    )
                }
                let values = try conditionValues(value, key: key, operator: name, at: location)
                entries.append(ConditionEntry(op: op, key: key, values: values, substitutesVariables: substitutesVariables))
            }
        }
        return entries
    }

    private static func parseOperator(_ name: String, at location: PolicyLocation) throws(MalformedPolicyDocument) -> ConditionOperator {
        if let op = ConditionOperator(name) { return op }
        if name.hasSuffix("IfExists"), ConditionOperator(String(name.dropLast("IfExists".count)))?.base == .null {
            throw location.error("unknown condition operator \(quoted(name)): Null takes no IfExists")
        }
        let hint = ConditionOperator.suggestion(for: name).map { "; did you mean \(quoted($0))?" } ?? ""
        throw location.error("unknown condition operator \(quoted(name))\(hint)")
    }

    /// `aws:username`, `dynamodb:LeadingKeys`, `cognito-identity.amazonaws.com:aud`.
    private static func hasServicePrefix(_ key: String) -> Bool {
        guard let colon = key.firstIndex(of: ":") else { return false }
        return colon != key.startIndex && key.index(after: colon) != key.endIndex
    }

    /// A condition value: a string, number or boolean, or an array of them; numbers and
    /// booleans become their JSON text, as AWS compares them as text.
    private static func conditionValues(
        _ value: JSON, key: String, operator name: String, at location: PolicyLocation
    ) throws(MalformedPolicyDocument) -> [String] {
        func scalar(_ value: JSON) -> String? {
            switch value {
            case .string(let text): text
            case .number(let number): number.text
            case .bool(let flag): flag ? "true" : "false"
            default: nil
            }
        }
        let what = "condition value for \(quoted(key)) under \(name)"
        if let text = scalar(value) { return [text] }
        guard case .array(let elements) = value else {
            throw location.error("\(what) must be a string, number, boolean or an array of them, got \(value.typeName)")
        }
        var values: [String] = []
        for element in elements {
            guard let text = scalar(element) else {
                throw location.error("\(what) must be a string, number, boolean or an array of them, got \(element.typeName) in the array")
            }
            values.append(text)
        }
        return values
    }
}

/// Parses `Principal` / `NotPrincipal`: `"*"` or an object of principal types, each a
/// string or an array of strings.
enum PrincipalParser {
    static func parse(_ json: JSON, element: String, at location: PolicyLocation) throws(MalformedPolicyDocument) -> PrincipalClause {
        let negated = element == "NotPrincipal"
        if json.stringValue == "*" {
            return PrincipalClause(negated: negated, everyone: true, aws: [], federated: [], service: [], canonicalUser: [])
        }
        guard case .object(let object) = json else {
            throw location.error(
                "\(element) must be \"*\" or an object of AWS, Federated, Service or CanonicalUser, got \(json.serialized())"
            )
        }
        var lists: [String: [String]] = [:]
        for (type, value) in object {
            guard PrincipalClause.types.contains(type) else {
                throw location.error(
                    "unknown principal type \(quoted(type)) in \(element)" + Suggestion.hint(for: type, in: PrincipalClause.types)
                )
            }
            lists[type] = try PolicyParser.strings(value, element: "\(element).\(type)", at: location)
        }
        let aws = lists["AWS"] ?? []
        return PrincipalClause(
            negated: negated, everyone: false,
            aws: aws, federated: lists["Federated"] ?? [], service: lists["Service"] ?? [],
            canonicalUser: lists["CanonicalUser"] ?? []
        )
    }
}
