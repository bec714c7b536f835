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
