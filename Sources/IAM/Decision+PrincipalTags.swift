extension Decision {
    /// The same request decided again as if the principal's tag `key` said `value`: what a
    /// principal of the same role with a forged tag would be told. The access probe asks it
    /// for a tag that a tenant could set itself (a user it creates carries any attribute the
    /// tag is mapped from).
    public func withPrincipalTag(_ key: String, _ value: String) -> Decision {
        var context = request.context
        context["aws:PrincipalTag/\(key)"] = [value]
        let forged = AuthorizationRequest(
            principal: request.principal, action: request.action, resource: request.resource, context: context,
            resourceAccount: request.resourceAccount
        )
        return policies.evaluate(forged)
    }

    /// The keys of the principal tags whose value is exactly `value`.
    public func principalTags(valued value: String) -> [String] {
        let prefix = "aws:principaltag/"
        return request.context.keys.filter { $0.hasPrefix(prefix) && request.context[$0] == [value] }.map { String($0.dropFirst(prefix.count)) }
    }
}
