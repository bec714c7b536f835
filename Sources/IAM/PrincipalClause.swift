/// A statement's `Principal` or `NotPrincipal` (resource-based and trust policies), compiled.
///
/// - `"*"` (or `{"AWS": "*"}`) is everyone.
/// - `{"AWS": "123456789012"}` or `arn:aws:iam::123456789012:root` is any principal of
///   that account.
/// - `{"AWS": "arn:aws:iam::123456789012:role/R"}` is the role and its sessions; any other
///   ARN is matched exactly.
/// - `{"Federated": "cognito-identity.amazonaws.com"}` is a caller federated through that
///   provider; `{"Service": "lambda.amazonaws.com"}` is that service.
/// - `CanonicalUser` is accepted (S3 uses it) but matches no caller here.
final class PrincipalClause: Sendable {
    /// The principal types AWS accepts as keys of a `Principal` object.
    static let types = ["AWS", "Federated", "Service", "CanonicalUser"]

    let negated: Bool
    let everyone: Bool
    let aws: [String]
    let federated: [String]
    let service: [String]
    let canonicalUser: [String]

    init(negated: Bool, everyone: Bool, aws: [String], federated: [String], service: [String], canonicalUser: [String]) {
        self.negated = negated
        self.everyone = everyone
        self.aws = aws
        self.federated = federated
        self.service = service
        self.canonicalUser = canonicalUser
    }

    /// `Principal` or `NotPrincipal`.
    var elementName: String { negated ? "NotPrincipal" : "Principal" }

    /// Whether the statement applies to `request`'s principal.
    func matches(_ request: AuthorizationRequest) -> Bool {
        matchesPositively(request) != negated
    }

    private func matchesPositively(_ request: AuthorizationRequest) -> Bool {
        if everyone { return true }
        let principal = request.principal
        for entry in aws {
            if entry == "*" { return true }
            if entry == principal.arn || entry == request.principalPolicyARN { return true }
            if let account = Self.account(named: entry), account == principal.account { return true }
        }
        if let provider = principal.federatedProvider,
           federated.contains(where: { $0.lowercased() == provider.lowercased() }) {
            return true
        }
        if let name = principal.service,
           service.contains(where: { $0.lowercased() == name.lowercased() }) {
            return true
        }
        return false
    }

    /// The account an entry names as a whole: a bare 12-digit id or the account's root ARN.
    private static func account(named entry: String) -> String? {
        if entry.utf8.count == 12, entry.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) {
            return entry
        }
        if let arn = ARN(entry), arn.service == "iam", arn.resource == "root" {
            return arn.account
        }
        return nil
    }

    /// The entries as written, for explanations: `AWS:arn:...`, `Federated:cognito-...`.
    var rendered: [String] {
        if everyone { return ["*"] }
        return aws.map { "AWS:\($0)" } + federated.map { "Federated:\($0)" }
            + service.map { "Service:\($0)" } + canonicalUser.map { "CanonicalUser:\($0)" }
    }
}
