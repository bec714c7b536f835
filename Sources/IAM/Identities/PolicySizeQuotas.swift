/// IAM's limits on the size of policy documents, counted and refused as AWS does.
///
/// Two kinds of limit apply. Every document parameter is at most 131,072 characters long,
/// whitespace included (an API constraint: `ValidationError`). Within that, quotas count the
/// characters that are not whitespace: a managed policy 6,144, a role's trust policy 2,048,
/// all of a role's inline policies together 10,240, all of a user's 2,048 (`LimitExceeded`,
/// 409, in IAM's words). An inline session policy passed to AssumeRole is at most 2,048
/// characters, whitespace included. A document is refused before anything is stored.
public enum PolicySizeQuotas {
    /// The longest document any IAM parameter takes, whitespace included.
    public static let documentLength = 131_072
    /// A customer managed policy's document.
    static let managedPolicy = 6_144
    /// A role's trust policy (`AssumeRolePolicyDocument`).
    static let trustPolicy = 2_048
    /// All of a role's inline policies together.
    static let roleInlinePolicies = 10_240
    /// All of a user's inline policies together.
    static let userInlinePolicies = 2_048
    /// An inline session policy passed to AssumeRole, whitespace included.
    static let sessionPolicyLength = 2_048

    /// The characters a quota counts: every one but whitespace (space, tab, line feed,
    /// carriage return, the only whitespace a policy document may hold).
    static func size(of document: String) -> Int {
        var count = 0
        for scalar in document.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r": continue
            default: count += 1
            }
        }
        return count
    }

    /// Refuses a parameter longer than `limit` characters with AWS's constraint message; the
    /// value itself is not repeated, as AWS leaves out long ones.
    static func checkLength(_ document: String, member: String, limit: Int = documentLength) throws(IAMError) {
        guard document.unicodeScalars.count > limit else { return }
        throw .validation("1 validation error detected: Value at '\(member)' failed to satisfy constraint: Member must have length less than or equal to \(limit)")
    }

    /// CreatePolicy's quota.
    static func checkManagedPolicy(_ document: String) throws(IAMError) {
        guard size(of: document) > managedPolicy else { return }
        throw .limitExceeded("Cannot exceed quota for PolicySize: \(managedPolicy)")
    }

    /// CreateRole's and UpdateAssumeRolePolicy's quota.
    static func checkTrustPolicy(_ document: String) throws(IAMError) {
        guard size(of: document) > trustPolicy else { return }
        throw .limitExceeded("Cannot exceed quota for ACLSizePerRole: \(trustPolicy)")
    }

    /// PutRolePolicy's and PutUserPolicy's quota on an entity's inline policies once
    /// `document` is put as `name` (replacing any policy of that name).
    static func checkInline(
        _ document: String, named name: String, among existing: [NamedPolicy], limit: Int, entity: String
    ) throws(IAMError) {
        var total = size(of: document)
        for policy in existing where policy.name != name {
            total += size(of: policy.document.text)
        }
        guard total > limit else { return }
        throw .limitExceeded("Maximum policy size of \(limit) bytes exceeded for \(entity)")
    }
}
