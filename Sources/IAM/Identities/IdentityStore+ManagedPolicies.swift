#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension IdentityStore {
    /// CreatePolicy: a customer managed policy, `arn:aws:iam::<acct>:policy<path><name>`,
    /// its document within the managed policy quota.
    @discardableResult
    public func createPolicy(name: String, path: String = "/", document: String, description: String = "") throws(IAMError) -> ManagedPolicy {
        try IAMNames.check(name, member: "policyName", maxLength: 128)
        try IAMNames.checkPath(path)
        try PolicySizeQuotas.checkLength(document, member: "policyDocument")
        let parsed = try parse(document, name: name, kind: .identity)
        try PolicySizeQuotas.checkManagedPolicy(document)
        let policy = ManagedPolicy(
            name: name, id: ids.uniqueId(prefix: "ANPA"), arn: arn("policy", path: path, name: name), path: path,
            description: description, created: clock.now(), document: parsed, defaultVersionId: "v1"
        )
        return try state.withLock { state throws(IAMError) in
            guard state.policies[policy.arn] == nil else {
                throw .alreadyExists("A policy called \(name) already exists. Duplicate names are not allowed.")
            }
            state.policies[policy.arn] = policy
            return policy
        }
    }

    public func managedPolicy(arn: String) throws(IAMError) -> ManagedPolicy {
        guard let policy = state.withLock({ $0.policies[arn] }) else {
            throw .noSuchEntity("Policy \(arn) does not exist or is not attachable.")
        }
        return policy
    }

    /// How many users and roles have `arn` attached.
    public func attachmentCount(policyARN arn: String) -> Int {
        state.withLock { state in
            state.users.values.filter { $0.attachedPolicyARNs.contains(arn) }.count
                + state.roles.values.filter { $0.attachedPolicyARNs.contains(arn) }.count
        }
    }
}

/// ListPolicies' `Scope`: AWS managed policies, the account's own, or both.
public enum PolicyScope: String, Sendable, CaseIterable {
    case all = "All"
    case aws = "AWS"
    case local = "Local"
}

/// ListPolicies' `PolicyUsageFilter`: policies used to grant permissions, or used as
/// permissions boundaries.
public enum PolicyUsage: String, Sendable, CaseIterable {
    case permissionsPolicy = "PermissionsPolicy"
    case permissionsBoundary = "PermissionsBoundary"
}

/// A managed policy with how many users and roles it is attached to, as listings report it.
public struct ListedPolicy: Sendable {
    public let policy: ManagedPolicy
    public let attachments: Int
}

extension IdentityStore {
    /// ListPolicies: the managed policies that pass every filter, sorted by ARN. AWS managed
    /// policies (`arn:aws:iam::aws:policy/...`) are `Scope=AWS`, the account's own `Local`.
    /// This platform sets no permissions boundaries, so `PermissionsBoundary` finds none and
    /// `PermissionsPolicy` every policy (with `onlyAttached`, every attached one).
    public func listPolicies(scope: PolicyScope = .all, onlyAttached: Bool = false, pathPrefix: String = "/", usage: PolicyUsage? = nil) -> [ListedPolicy] {
        guard usage != .permissionsBoundary else { return [] }
        return state.withLock { state in
            // One pass over the principals for every count, rather than one per policy.
            var counts: [String: Int] = [:]
            for arns in state.users.values.map(\.attachedPolicyARNs) + state.roles.values.map(\.attachedPolicyARNs) {
                for arn in arns { counts[arn, default: 0] += 1 }
            }
            return state.policies.values
                .filter { policy in
                    let awsManaged = policy.arn.hasPrefix("arn:aws:iam::aws:policy/")
                    let inScope = scope == .all || (scope == .aws) == awsManaged
                    return inScope && policy.path.hasPrefix(pathPrefix) && (!onlyAttached || counts[policy.arn, default: 0] > 0)
                }
                .sorted { $0.arn < $1.arn }
                .map { ListedPolicy(policy: $0, attachments: counts[$0.arn, default: 0]) }
        }
    }

    /// GetPolicyVersion: the policy's version `versionId`. This store keeps one version per
    /// policy, its default, so any other id is `NoSuchEntity` in IAM's words.
    public func policyVersion(arn: String, versionId: String) throws(IAMError) -> ManagedPolicy {
        let policy = try managedPolicy(arn: arn)
        guard versionId == policy.defaultVersionId else {
            throw .noSuchEntity("Policy \(arn) version \(versionId) does not exist or is not attachable.")
        }
        return policy
    }
}
