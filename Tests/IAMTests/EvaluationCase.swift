import Foundation
import IAM
import Testing

/// One row of the evaluation tables: policies, a request, and the decision AWS documents.
struct EvaluationCase: Sendable, CustomTestStringConvertible {
    let name: String
    var identity: [String]
    var request: Req
    var expected: Decision.Outcome
    var boundary: String?
    var session: [String] = []
    var resourcePolicy: String?
    var resourceKind: PolicyDocument.Kind = .resource

    var testDescription: String { name }

    init(_ name: String, _ policy: String, _ request: Req, _ expected: Decision.Outcome) {
        self.name = name
        self.identity = [policy]
        self.request = request
        self.expected = expected
    }

    init(_ name: String, policies: [String], _ request: Req, _ expected: Decision.Outcome) {
        self.name = name
        self.identity = policies
        self.request = request
        self.expected = expected
    }

    /// Parses everything (a parse failure is a test failure with the message) and evaluates.
    func decide() throws -> Decision {
        let identity = try self.identity.enumerated().map { try PolicyDocument($1, name: "Policy\($0 + 1)") }
        let boundary = try self.boundary.map { try PolicyDocument($0, name: "Boundary") }
        let session = try self.session.map { try PolicyDocument($0, name: "Session") }
        let resource = try resourcePolicy.map { try PolicyDocument($0, name: "ResourcePolicy", kind: resourceKind) }
        let set = PolicySet(identityPolicies: identity, permissionsBoundary: boundary, sessionPolicies: session, resourcePolicy: resource)
        return set.evaluate(request.build())
    }
}

/// A request, with defaults that keep the tables short.
struct Req: Sendable {
    var action: String
    var resource = "arn:aws:s3:::bucket"
    var context: [String: [String]] = [:]
    var tags: [String: String] = [:]
    var principal = "arn:aws:iam::111122223333:user/johndoe"
    var federatedProvider: String?
    var time: Date?
    var resourceAccount: String?

    init(
        _ action: String, _ resource: String = "arn:aws:s3:::bucket", context: [String: [String]] = [:],
        tags: [String: String] = [:], principal: String = "arn:aws:iam::111122223333:user/johndoe",
        federatedProvider: String? = nil, time: Date? = nil, resourceAccount: String? = nil
    ) {
        self.action = action
        self.resource = resource
        self.context = context
        self.tags = tags
        self.principal = principal
        self.federatedProvider = federatedProvider
        self.time = time
        self.resourceAccount = resourceAccount
    }

    func build() -> AuthorizationRequest {
        AuthorizationRequest(
            principal: .init(arn: principal, federatedProvider: federatedProvider),
            action: action, resource: resource, context: AuthorizationContext(context),
            principalTags: tags, currentTime: time, resourceAccount: resourceAccount
        )
    }
}

/// `{"Version": "2012-10-17", "Statement": [...]}` around statement texts.
func doc(_ statements: String...) -> String {
    #"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ", ") + "]}"
}

/// The same without variables: Version 2008-10-17.
func doc2008(_ statements: String...) -> String {
    #"{"Version": "2008-10-17", "Statement": ["# + statements.joined(separator: ", ") + "]}"
}

/// An Allow statement on `action` and `resource` with a condition block (JSON text).
func allow(_ action: String, _ resource: String = "*", _ condition: String? = nil) -> String {
    statement("Allow", action, resource, condition)
}

/// A Deny statement.
func deny(_ action: String, _ resource: String = "*", _ condition: String? = nil) -> String {
    statement("Deny", action, resource, condition)
}

private func statement(_ effect: String, _ action: String, _ resource: String, _ condition: String?) -> String {
    let conditionText = condition.map { #", "Condition": "# + $0 } ?? ""
    return #"{"Effect": "\#(effect)", "Action": "\#(action)", "Resource": "\#(resource)"\#(conditionText)}"#
}

/// One condition: `{"<op>": {"<key>": <values JSON>}}`.
func cond(_ op: String, _ key: String, _ values: String) -> String {
    #"{"\#(op)": {"\#(key)": \#(values)}}"#
}

/// A date from ISO 8601 text, for `currentTime`.
func date(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}

/// Runs a table row.
func check(_ row: EvaluationCase) throws {
    let decision = try row.decide()
    #expect(decision.outcome == row.expected, "\(row.name)\n\(decision.explanation.report)")
}
