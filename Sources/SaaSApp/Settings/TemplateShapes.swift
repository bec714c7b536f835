import Core

/// Checks of a template's shape that would otherwise only surface when a tenant registers:
/// the enumerated values of a role mapping. A wrong one is refused when the template is put,
/// with the values it may take.
enum TemplateShapes {
    static func checkRoleMappings(_ document: JSON) throws(AppError) {
        for (key, mapping) in document["RoleMappings"]?.objectValue ?? [:] {
            try check(mapping["Type"], "RoleMappings[\"\(key)\"].Type", among: ["Token", "Rules"], required: true)
            try check(mapping["AmbiguousRoleResolution"], "RoleMappings[\"\(key)\"].AmbiguousRoleResolution",
                      among: ["AuthenticatedRole", "Deny"], required: false)
            let rules = mapping["RulesConfiguration"]?["Rules"]?.arrayValue ?? []
            for (index, rule) in rules.enumerated() {
                let path = "RoleMappings[\"\(key)\"].RulesConfiguration.Rules[\(index)]"
                try check(rule["MatchType"], path + ".MatchType", among: ["Equals", "NotEqual", "StartsWith", "Contains"], required: true)
                for field in ["Claim", "Value", "RoleARN"] where rule[field]?.stringValue == nil {
                    throw AppError.badRequest("template role-mappings: \(path).\(field) must be a string")
                }
            }
        }
    }

    private static func check(_ value: JSON?, _ path: String, among allowed: [String], required: Bool) throws(AppError) {
        guard let value else {
            if required { throw AppError.badRequest("template role-mappings: \(path) is required: one of \(allowed.joined(separator: ", "))") }
            return
        }
        guard let text = value.stringValue, allowed.contains(text) else {
            var message = "template role-mappings: \(path) must be one of \(allowed.joined(separator: ", ")), not \(value)"
            if let text = value.stringValue, let close = Suggestion.closest(to: text, among: allowed) { message += "; did you mean '\(close)'?" }
            throw AppError.badRequest(message)
        }
    }
}

extension TemplateShapes {
    /// What IAM accepts in a policy template but will not do as it reads: policy variables
    /// (`${aws:PrincipalTag/tenant_id}`) in a policy whose `Version` is not `2012-10-17`, which
    /// IAM compares as the literal text `${...}`. Not an error (AWS accepts such a policy, and
    /// the labs let a participant meet the refusal it causes), but worth saying when it is put.
    static func policyWarnings(_ document: JSON) -> [String] {
        let version = document["Version"]?.stringValue
        guard version != "2012-10-17" else { return [] }
        var variables: [String] = []
        TemplateRendering.visitStrings(document["Statement"] ?? .null) { text in
            for variable in policyVariables(in: text) where !variables.contains(variable) && variables.count < 10 {
                variables.append(variable)
            }
        }
        guard !variables.isEmpty else { return [] }
        let written = version.map { "has \"Version\": \"\($0)\"" } ?? "has no \"Version\""
        return ["the policy \(written), so IAM will leave \(variables.joined(separator: ", ")) as written and compare the text itself: "
            + "policy variables are substituted only under \"Version\": \"2012-10-17\""]
    }

    /// The `${prefix:name}` policy variables in `text`, as IAM would read them under 2012-10-17
    /// (`${*}`, `${?}` and `${$}` are escapes, not variables).
    static func policyVariables(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "}") else { break }
            let body = after[after.startIndex..<close]
            if let colon = body.firstIndex(of: ":"), colon != body.startIndex, !body.contains("{") {
                found.append("${\(body)}")
                rest = after[after.index(after: close)...]
            } else {
                rest = after
            }
        }
        return found
    }
}
