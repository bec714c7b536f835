import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One request to authorise: who asks, to do what, to which resource, in what context.
///
/// Build it once per API call; everything the evaluator compares is normalised here
/// (the action lowercased, context keys lowercased), so that evaluating it against any
/// number of policies allocates nothing.
public struct AuthorizationRequest: Sendable {
    /// Who makes the request.
    public struct Principal: Sendable, Hashable {
        /// The caller's ARN: a user, a role, an assumed-role session
        /// (`arn:aws:sts::123456789012:assumed-role/TenantAdmin/session`), or an account root.
        public var arn: String {
            didSet { knownPolicyARN = nil }
        }
        /// ``policyARN`` when whoever built the principal already knew it (a session's role).
        private var knownPolicyARN: String?
        /// The caller's account id.
        public var account: String
        /// For web-identity and SAML callers (trust policies), the provider the identity
        /// comes from, e.g. `cognito-identity.amazonaws.com`; matched against
        /// `"Principal": {"Federated": ...}`.
        public var federatedProvider: String?
        /// For AWS services calling on their own behalf, e.g. `lambda.amazonaws.com`;
        /// matched against `"Principal": {"Service": ...}`.
        public var service: String?

        /// A principal; `account` defaults to the account in `arn`.
        public init(arn: String, account: String? = nil, federatedProvider: String? = nil, service: String? = nil) {
            self.arn = arn
            self.account = account ?? ARN(arn)?.account ?? ""
            self.federatedProvider = federatedProvider
            self.service = service
        }

        /// A principal whose ``policyARN`` is known, so it need not be parsed out of `arn`.
        init(arn: String, account: String, policyARN: String) {
            self.init(arn: arn, account: account)
            knownPolicyARN = policyARN
        }

        /// The ARN policies use to name this principal: the role for an assumed-role
        /// session, otherwise ``arn``.
        public var policyARN: String {
            knownPolicyARN ?? ARN(arn)?.assumedRoleARN?.description ?? arn
        }

        /// Principals are equal by what they say, not by whether ``policyARN`` was handed in.
        public static func == (lhs: Principal, rhs: Principal) -> Bool {
            lhs.arn == rhs.arn && lhs.account == rhs.account && lhs.federatedProvider == rhs.federatedProvider
                && lhs.service == rhs.service
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(arn)
            hasher.combine(account)
            hasher.combine(federatedProvider)
            hasher.combine(service)
        }
    }

    /// The request's fields, shared: a decision keeps the request it decided, and copying
    /// one reference is cheaper than retaining every string and dictionary in it.
    final class Storage: Sendable {
        let principal: Principal
        let action: String
        let resource: String
        let context: AuthorizationContext
        let resourceAccount: String?
        /// ``action`` lowercased: actions match case-insensitively.
        let normalizedAction: String
        /// ``Principal/policyARN``, computed once.
        let principalPolicyARN: String

        init(principal: Principal, action: String, resource: String, context: AuthorizationContext, resourceAccount: String?, principalPolicyARN: String) {
            self.principal = principal
            self.action = action
            self.resource = resource
            self.context = context
            self.resourceAccount = resourceAccount
            self.normalizedAction = ASCII.unicodeLowercased(action)
            self.principalPolicyARN = principalPolicyARN
        }
    }

    let storage: Storage

    public var principal: Principal { storage.principal }
    /// The action as the caller wrote it, e.g. `dynamodb:Query`.
    public var action: String { storage.action }
    /// The resource ARN, e.g. `arn:aws:dynamodb:us-east-1:123456789012:table/Product`;
    /// `*` for actions that name no resource.
    public var resource: String { storage.resource }
    /// The condition keys and their values.
    public var context: AuthorizationContext { storage.context }
    /// The account that owns ``resource``, when it matters (cross-account requests need
    /// both an identity-based and a resource-based Allow); nil means the caller's account.
    public var resourceAccount: String? { storage.resourceAccount }

    /// A request.
    ///
    /// - Parameters:
    ///   - context: condition keys and values (`dynamodb:LeadingKeys`, `aws:username`,
    ///     `cognito-identity.amazonaws.com:sub`, ...), keys in any case.
    ///   - principalTags: the caller's tags, added as `aws:PrincipalTag/<key>`.
    ///   - currentTime: the request time, added as `aws:CurrentTime` (ISO 8601) and
    ///     `aws:EpochTime` unless `context` already has them. Injected, never read from
    ///     the system clock, so that runs are reproducible.
    ///
    /// `aws:PrincipalArn` (the role for assumed-role sessions) and `aws:PrincipalAccount`
    /// are filled from `principal` unless `context` has them.
    public init(
        principal: Principal,
        action: String,
        resource: String,
        context: AuthorizationContext = AuthorizationContext(),
        principalTags: [String: String] = [:],
        currentTime: Date? = nil,
        resourceAccount: String? = nil
    ) {
        let principalPolicyARN = principal.policyARN
        var context = context
        for key in principalTags.keys.sorted() {
            context.setDefault([principalTags[key] ?? ""], forKey: "aws:PrincipalTag/\(key)")
        }
        // The fixed keys, already lowercased: this runs once per authorised call.
        context.setDefault([principalPolicyARN], forNormalizedKey: "aws:principalarn")
        if !principal.account.isEmpty {
            context.setDefault([principal.account], forNormalizedKey: "aws:principalaccount")
        }
        if let currentTime {
            context.setDefault([AWSTimestamp.iso8601(currentTime)], forNormalizedKey: "aws:currenttime")
            context.setDefault([String(Int64(currentTime.timeIntervalSince1970.rounded(.down)))], forNormalizedKey: "aws:epochtime")
        }
        storage = Storage(
            principal: principal, action: action, resource: resource, context: context,
            resourceAccount: resourceAccount, principalPolicyARN: principalPolicyARN
        )
    }

    /// ``action`` lowercased.
    var normalizedAction: String { storage.normalizedAction }
    /// The ARN policies name the principal by (the role for a session).
    var principalPolicyARN: String { storage.principalPolicyARN }

    /// Whether the resource lives in another account than the caller's.
    var isCrossAccount: Bool {
        guard let resourceAccount, !resourceAccount.isEmpty else { return false }
        return resourceAccount != principal.account
    }
}
