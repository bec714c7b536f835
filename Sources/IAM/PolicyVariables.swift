/// A policy variable such as `${aws:PrincipalTag/tenant_id}` or `${aws:userid, 'anonymous'}`.
struct PolicyVariable: Sendable, Hashable {
    /// The key as written, for messages: `aws:PrincipalTag/tenant_id`.
    let name: String
    /// The key lowercased, for lookups (context keys are case-insensitive).
    let key: String
    /// The default after `, '...'`, used when the request has no value.
    let defaultValue: String?

    /// `${name}` or `${name, 'default'}`, as written.
    var source: String {
        if let defaultValue { return "${\(name), '\(defaultValue)'}" }
        return "${\(name)}"
    }

    /// The single value this variable stands for in `context`, or nil when it cannot be
    /// resolved.
    ///
    /// AWS documents that only single-valued context keys can serve as policy variables, so
    /// a key carrying several values resolves to nothing (and does not fall back to the
    /// default, which is for absent keys): every comparison against it fails, which can
    /// only make an Allow narrower, never wider.
    @inline(__always)
    func resolve(in context: AuthorizationContext) -> String? {
        if let values = context.values(normalizedKey: key), !values.isEmpty {
            return values.count == 1 ? values[0] : nil
        }
        return defaultValue
    }
}

/// A policy string split, once at parse time, into literal text and policy variables.
///
/// Variables exist only under `"Version": "2012-10-17"`; under 2008-10-17 (or no version)
/// `${...}` is plain text, as AWS does. `${*}`, `${?}` and `${$}` stand for a literal `*`,
/// `?` and `$`: in a wildcard context (`StringLike`, `Resource`) they match only that
/// character, never as a wildcard. Text that only looks like a variable (an unclosed
/// `${`) stays literal.
final class PolicyTemplate: Sendable {
    enum Part: Sendable {
        /// Policy text; `*` and `?` in it are wildcards where the context has wildcards.
        case text(String)
        /// A character from `${*}`, `${?}` or `${$}`: always literal.
        case escape(String)
        case variable(PolicyVariable)
    }

    /// The text as written in the policy.
    let source: String
    let parts: [Part]
    /// The whole value when it has no variables (escapes already applied).
    let literal: String?
    /// The variable when the value is exactly one variable: resolves without building text.
    let soleVariable: PolicyVariable?

    /// The variables this template mentions, in order.
    var variables: [PolicyVariable] {
        parts.compactMap { if case .variable(let variable) = $0 { variable } else { nil } }
    }

    init(_ source: String, substitutesVariables: Bool) {
        self.source = source
        let parts = substitutesVariables ? Self.split(source) : [.text(source)]
        self.parts = parts
        var literal: String? = ""
        for part in parts {
            switch part {
            case .text(let text), .escape(let text): literal? += text
            case .variable: literal = nil
            }
        }
        self.literal = literal
        if parts.count == 1, case .variable(let variable) = parts[0] {
            soleVariable = variable
        } else {
            soleVariable = nil
        }
    }

    /// The text with every variable replaced by its value, or nil when one cannot be
    /// resolved. Wildcard characters come out literally; use ``wildcard(in:mode:)`` for
    /// wildcard contexts.
    @inline(__always)
    func resolve(in context: AuthorizationContext) -> String? {
        if let literal { return literal }
        if let soleVariable { return soleVariable.resolve(in: context) }
        var text = ""
        for part in parts {
            switch part {
            case .text(let piece), .escape(let piece):
                text += piece
            case .variable(let variable):
                guard let value = variable.resolve(in: context) else { return nil }
                text += value
            }
        }
        return text
    }

    /// A pattern in which the policy's own `*` and `?` are wildcards and everything
    /// substituted (variable values, escapes) is literal; nil when a variable is unresolved.
    ///
    /// Values from the request are never wildcards, so a tenant cannot widen a policy by
    /// putting `*` in its own tag.
    func wildcard(in context: AuthorizationContext, mode: Wildcard.Mode) -> Wildcard? {
        var builder = Wildcard.Builder()
        for part in parts {
            switch part {
            case .text(let text): builder.appendPattern(text)
            case .escape(let text): builder.appendLiteral(text)
            case .variable(let variable):
                guard let value = variable.resolve(in: context) else { return nil }
                builder.appendLiteral(value)
            }
        }
        return Wildcard(builder, mode: mode)
    }

    /// The pattern when the template has no variables (compiled once at parse time).
    func staticWildcard(mode: Wildcard.Mode) -> Wildcard? {
        guard literal != nil else { return nil }
        var builder = Wildcard.Builder()
        for part in parts {
            switch part {
            case .text(let text): builder.appendPattern(text)
            case .escape(let text): builder.appendLiteral(text)
            case .variable: return nil
            }
        }
        return Wildcard(builder, mode: mode)
    }

    /// The variables, as written (`${aws:PrincipalTag/tenant_id}`), that `text` would hold
    /// under `"Version": "2012-10-17"`: what a policy of an older version leaves as plain text.
    static func variableSources(in text: String) -> [String] {
        split(text).compactMap { if case .variable(let variable) = $0 { variable.source } else { nil } }
    }

    /// Splits `${...}` occurrences out of `source`.
    private static func split(_ source: String) -> [Part] {
        guard source.firstRange(of: "${") != nil else { return [.text(source)] }
        var parts: [Part] = []
        var pending = ""
        var rest = Substring(source)
        while let open = rest.firstRange(of: "${") {
            pending += rest[rest.startIndex..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let (part, remainder) = parseVariable(afterOpen) else {
                // Not a variable after all: keep "${" as text and carry on after it.
                pending += "${"
                rest = afterOpen
                continue
            }
            if !pending.isEmpty {
                parts.append(.text(pending))
                pending = ""
            }
            parts.append(part)
            rest = remainder
        }
        pending += rest
        if !pending.isEmpty { parts.append(.text(pending)) }
        return parts
    }

    /// Reads `name}` or `name, 'default'}` after `${`.
    private static func parseVariable(_ text: Substring) -> (Part, Substring)? {
        guard let close = text.firstIndex(of: "}") else { return nil }
        let body = text[text.startIndex..<close]
        switch body {
        case "*", "?", "$":
            return (.escape(String(body)), text[text.index(after: close)...])
        default:
            break
        }
        guard let comma = body.firstIndex(of: ",") else {
            let name = String(body)
            guard isVariableName(name) else { return nil }
            return (.variable(PolicyVariable(name: name, key: name.lowercased(), defaultValue: nil)), text[text.index(after: close)...])
        }
        // A default: `, 'value'` with the value running to the next quote, which may come
        // after a `}` inside the default, so search from the comma rather than the brace.
        let name = String(body[body.startIndex..<comma])
        var cursor = text[text.index(after: comma)...].drop { $0 == " " }
        guard isVariableName(name), cursor.first == "'" else { return nil }
        cursor = cursor.dropFirst()
        guard let endQuote = cursor.firstIndex(of: "'") else { return nil }
        let defaultValue = String(cursor[cursor.startIndex..<endQuote])
        let tail = cursor[cursor.index(after: endQuote)...].drop { $0 == " " }
        guard tail.first == "}" else { return nil }
        let variable = PolicyVariable(name: name, key: name.lowercased(), defaultValue: defaultValue)
        return (.variable(variable), tail.dropFirst())
    }

    /// Keys look like `prefix:name` (`aws:username`, `aws:PrincipalTag/cost center`: tag
    /// keys may contain spaces).
    private static func isVariableName(_ name: String) -> Bool {
        guard let colon = name.firstIndex(of: ":"), colon != name.startIndex,
              name.index(after: colon) != name.endIndex else { return false }
        return !name.contains("{") && !name.contains("'") && name.first != " " && name.last != " "
    }
}
