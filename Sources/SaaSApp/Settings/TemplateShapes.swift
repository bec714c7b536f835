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
