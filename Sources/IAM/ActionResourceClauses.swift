/// A statement's `Action` or `NotAction`, compiled.
///
/// Actions match case-insensitively (`DynamoDB:getitem` is `dynamodb:GetItem`), so patterns
/// are lowercased here and request actions once in ``AuthorizationRequest``; an exact
/// pattern is then one string comparison and `dynamodb:*` a prefix test.
final class ActionClause: Sendable {
    /// The patterns as written, for explanations.
    let written: [String]
    let patterns: [Wildcard]
    /// True for `NotAction`: the statement applies to every action except these.
    let negated: Bool

    init(_ written: [String], negated: Bool) {
        self.written = written
        self.patterns = written.map { Wildcard($0.lowercased()) }
        self.negated = negated
    }

    /// `Action` or `NotAction`.
    var elementName: String { negated ? "NotAction" : "Action" }

    @inline(__always)
    func matches(normalizedAction action: String) -> Bool {
        for index in patterns.indices where patterns[index].matches(action) {
            return !negated
        }
        return negated
    }
}

/// A statement's `Resource` or `NotResource`, compiled.
///
/// Resource matching is case-sensitive. Entries without variables are compiled once; an
/// entry with variables (`table/${aws:username}`) is assembled per request, and when a
/// variable has no value the entry matches nothing.
final class ResourceClause: Sendable {
    struct Entry: Sendable {
        let template: PolicyTemplate
        /// The compiled pattern when the entry has no variables.
        let compiled: Wildcard?
    }

    let written: [String]
    let entries: [Entry]
    /// True for `NotResource`.
    let negated: Bool

    init(_ written: [String], negated: Bool, substitutesVariables: Bool) {
        self.written = written
        self.negated = negated
        self.entries = written.map { text in
            let template = PolicyTemplate(text, substitutesVariables: substitutesVariables)
            return Entry(template: template, compiled: template.staticWildcard(mode: .resourceElement))
        }
    }

    /// `Resource` or `NotResource`.
    var elementName: String { negated ? "NotResource" : "Resource" }

    /// Whether the statement covers `resource`.
    ///
    /// An unresolved variable in a `NotResource` entry makes the statement cover nothing:
    /// AWS says an unresolvable variable may invalidate the statement, and ignoring the
    /// entry instead would silently widen an Allow to the very resources it excluded.
    @inline(__always)
    func matches(_ resource: String, context: AuthorizationContext) -> Bool {
        for index in entries.indices {
            if let compiled = entries[index].compiled {
                if compiled.matches(resource) { return !negated }
            } else if let pattern = entries[index].template.wildcard(in: context, mode: .resourceElement) {
                if pattern.matches(resource) { return !negated }
            } else if negated {
                return false
            }
        }
        return negated
    }

    /// The entries with variables resolved (or marked unresolved), for explanations.
    func rendered(in context: AuthorizationContext) -> [String] {
        entries.map { entry in
            if let value = entry.template.resolve(in: context) { return value }
            return "\(entry.template.source) (unresolved)"
        }
    }
}
