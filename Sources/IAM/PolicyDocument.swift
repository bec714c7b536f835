import Core

/// A parsed, validated and compiled IAM policy document.
///
/// Parse once (when a policy is put or attached) and evaluate many times: every action
/// pattern, resource pattern, condition operator and policy variable is compiled here, so
/// that evaluation compares without parsing or allocating.
///
/// ```swift
/// let policy = try PolicyDocument(text, name: "TenantAdmin")
/// let decision = PolicyEvaluator.evaluate(request, identityPolicies: [policy])
/// ```
public struct PolicyDocument: Sendable {
    /// What a document is for, which decides the elements it must and must not have.
    public enum Kind: String, Sendable {
        /// Attached to a user or role (or a permissions boundary or session policy):
        /// `Resource` required, `Principal` prohibited.
        case identity
        /// Attached to a resource (a bucket, a queue): `Principal` and `Resource` required.
        case resource
        /// A role's trust policy (`AssumeRolePolicyDocument`): `Principal` required,
        /// `Resource` prohibited.
        case trust
    }

    /// The policy language version (the `Version` element).
    public enum Version: String, Sendable {
        /// The current language, with policy variables.
        case v2012_10_17 = "2012-10-17"
        /// The original language, and the default when `Version` is absent: `${...}` is
        /// literal text.
        case v2008_10_17 = "2008-10-17"
    }

    /// The document exactly as given, so that `GetRolePolicy` returns it unchanged.
    public let text: String
    /// The name explanations and `MatchedStatements` use for this policy (an inline
    /// policy's name, a managed policy's ARN, `PolicyInputList.1`, ...).
    public private(set) var name: String
    public let kind: Kind
    public let version: Version
    /// The `Id` element.
    public let id: String?
    /// The statements in document order.
    public let statements: [PolicyStatement]

    /// Parses and compiles `text`.
    ///
    /// - Throws: ``MalformedPolicyDocument`` naming the line and column of a JSON syntax
    ///   error, or the statement (index and Sid) and element of a semantic one.
    public init(_ text: String, name: String = "policy", kind: Kind = .identity) throws(MalformedPolicyDocument) {
        let json: JSON
        do {
            json = try JSON.parse(text)
        } catch {
            throw MalformedPolicyDocument(syntax: error)
        }
        let parsed = try PolicyParser(kind: kind).parse(json)
        let spans = StatementLocator.spans(in: text)
        self.text = text
        self.name = name
        self.kind = kind
        self.version = parsed.version
        self.id = parsed.id
        var statements = parsed.statements
        if spans.count == statements.count {
            for index in statements.indices {
                statements[index].start = spans[index].start
                statements[index].end = spans[index].end
            }
        }
        self.statements = statements
        self.denyRules = statements.filter { $0.effect == .deny }.map(\.rules)
        self.allowRules = statements.filter { $0.effect == .allow }.map(\.rules)
    }

    /// The same statements under another name (e.g. when a managed policy is attached).
    public func renamed(_ name: String) -> PolicyDocument {
        var copy = self
        copy.name = name
        return copy
    }

    // Split by effect once, so that evaluation looks for denies first without filtering.
    let denyRules: [StatementRules]
    let allowRules: [StatementRules]
}

/// One statement of a ``PolicyDocument``, compiled.
public struct PolicyStatement: Sendable {
    /// Allow or Deny.
    public enum Effect: String, Sendable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// The statement's position in `Statement` (0 when `Statement` is one object).
    public let index: Int
    public let sid: String?
    public let effect: Effect
    /// Where the statement's `{` is in the document text (1-based), when found.
    public internal(set) var start: SourcePosition?
    /// Where the statement's closing `}` is (1-based, inclusive), when found.
    public internal(set) var end: SourcePosition?

    /// The compiled elements, in a class so that evaluation walks references rather than
    /// copying (and retaining) every field of every statement.
    let rules: StatementRules

    /// `"ProductTable"` (the Sid, quoted) or `Statement[2]`, for messages.
    public var label: String {
        if let sid, !sid.isEmpty { return quoted(sid) }
        return "Statement[\(index)]"
    }
}

/// A statement's compiled Principal, Action, Resource and Condition.
final class StatementRules: Sendable {
    let principal: PrincipalClause?
    let actions: ActionClause
    let resources: ResourceClause?
    let conditions: [ConditionEntry]

    init(principal: PrincipalClause?, actions: ActionClause, resources: ResourceClause?, conditions: [ConditionEntry]) {
        self.principal = principal
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
    }
}

/// A 1-based line and column in a policy document (columns count Unicode scalars).
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
