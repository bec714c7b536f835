import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension IdentityStore {
    /// CreateRole: the trust policy is parsed (and refused as `MalformedPolicyDocument`)
    /// and held to its size quota before anything is stored.
    @discardableResult
    public func createRole(
        name: String, path: String = "/", trustPolicy: String, description: String = "",
        maxSessionDuration: Int = 3600, tags: [String: String] = [:]
    ) throws(IAMError) -> IAMRole {
        try IAMNames.check(name, member: "roleName")
        try IAMNames.checkPath(path)
        guard (3600...43200).contains(maxSessionDuration) else {
            throw .validation("1 validation error detected: Value '\(maxSessionDuration)' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200")
        }
        let trust = try parseTrustPolicy(trustPolicy, roleName: name, member: "assumeRolePolicyDocument")
        let role = IAMRole(
            name: name, id: ids.uniqueId(prefix: "AROA"), arn: arn("role", path: path, name: name), path: path,
            created: clock.now(), description: description, trustPolicy: trust, maxSessionDuration: maxSessionDuration,
            tags: tags, inlinePolicies: [], attachedPolicyARNs: []
        )
        return try state.withLock { state throws(IAMError) in
            guard state.roles[name] == nil else { throw .alreadyExists("Role with name \(name) already exists.") }
            state.roles[name] = role
            return role
        }
    }

    public func role(named name: String) throws(IAMError) -> IAMRole {
        guard let role = state.withLock({ $0.roles[name] }) else {
            throw .noSuchEntity("The role with name \(name) cannot be found.")
        }
        return role
    }

    /// Roles whose path starts with `pathPrefix`, sorted by name.
    public func roles(pathPrefix: String = "/") -> [IAMRole] {
        state.withLock { $0.roles.values.filter { $0.path.hasPrefix(pathPrefix) }.sorted { $0.name < $1.name } }
    }

    /// DeleteRole: refused while policies are attached or inline, as IAM does.
    /// - Parameter roleId: when given, the role must still be that one (see ``mutateRole``).
    public func deleteRole(named name: String, roleId: String? = nil) throws(IAMError) {
        try state.withLock { state throws(IAMError) in
            guard let role = state.roles[name], roleId == nil || role.id == roleId else {
                throw .noSuchEntity("The role with name \(name) cannot be found.")
            }
            guard role.inlinePolicies.isEmpty, role.attachedPolicyARNs.isEmpty else {
                throw .deleteConflict("Cannot delete entity, must remove policies first.")
            }
            state.roles[name] = nil
        }
    }

    public func updateTrustPolicy(roleName: String, document: String, roleId: String? = nil) throws(IAMError) {
        let trust = try parseTrustPolicy(document, roleName: roleName, member: "policyDocument")
        try mutateRole(roleName, roleId: roleId) { $0.trustPolicy = trust }
    }

    private func parseTrustPolicy(_ document: String, roleName: String, member: String) throws(IAMError) -> PolicyDocument {
        try PolicySizeQuotas.checkLength(document, member: member)
        let trust = try parse(document, name: "\(roleName) trust policy", kind: .trust)
        try PolicySizeQuotas.checkTrustPolicy(document)
        return trust
    }

    /// PutRolePolicy: adds or replaces the inline policy `policyName`, within the quota on
    /// all of the role's inline policies together.
    public func putRolePolicy(roleName: String, policyName: String, document: String, roleId: String? = nil) throws(IAMError) {
        let parsed = try parseInline(document, policyName: policyName)
        try mutateRole(roleName, roleId: roleId) { role throws(IAMError) in
            try PolicySizeQuotas.checkInline(
                document, named: policyName, among: role.inlinePolicies, limit: PolicySizeQuotas.roleInlinePolicies, entity: "role \(role.name)"
            )
            let policy = NamedPolicy(name: policyName, document: parsed)
            if let index = role.inlinePolicies.firstIndex(where: { $0.name == policyName }) {
                role.inlinePolicies[index] = policy
            } else {
                role.inlinePolicies.append(policy)
            }
        }
    }

    public func rolePolicy(roleName: String, policyName: String) throws(IAMError) -> NamedPolicy {
        guard let policy = try role(named: roleName).inlinePolicies.first(where: { $0.name == policyName }) else {
            throw .noSuchEntity("The role policy with name \(policyName) cannot be found.")
        }
        return policy
    }

    public func deleteRolePolicy(roleName: String, policyName: String, roleId: String? = nil) throws(IAMError) {
        try mutateRole(roleName, roleId: roleId) { role throws(IAMError) in
            guard let index = role.inlinePolicies.firstIndex(where: { $0.name == policyName }) else {
                throw .noSuchEntity("The role policy with name \(policyName) cannot be found.")
            }
            role.inlinePolicies.remove(at: index)
        }
    }

    public func attachRolePolicy(roleName: String, policyARN: String, roleId: String? = nil) throws(IAMError) {
        _ = try managedPolicy(arn: policyARN)
        try mutateRole(roleName, roleId: roleId) { role in
            if !role.attachedPolicyARNs.contains(policyARN) { role.attachedPolicyARNs.append(policyARN) }
        }
    }

    public func detachRolePolicy(roleName: String, policyARN: String, roleId: String? = nil) throws(IAMError) {
        try mutateRole(roleName, roleId: roleId) { role throws(IAMError) in
            guard let index = role.attachedPolicyARNs.firstIndex(of: policyARN) else {
                throw .noSuchEntity("Policy \(policyARN) was not found.")
            }
            role.attachedPolicyARNs.remove(at: index)
        }
    }

    /// Changes the role `name` under the lock. With `roleId`, the role must still be the one
    /// the caller was authorised against: a role deleted and re-created (perhaps under another
    /// path) between authorisation and change is not the role that was authorised.
    private func mutateRole(_ name: String, roleId: String?, _ change: (inout IAMRole) throws(IAMError) -> Void) throws(IAMError) {
        try state.withLock { state throws(IAMError) in
            guard var role = state.roles[name], roleId == nil || role.id == roleId else {
                throw .noSuchEntity("The role with name \(name) cannot be found.")
            }
            try change(&role)
            state.roles[name] = role
        }
    }

    /// PutRolePolicy's and PutUserPolicy's checks of the name and document on their own.
    func parseInline(_ document: String, policyName: String) throws(IAMError) -> PolicyDocument {
        try IAMNames.check(policyName, member: "policyName", maxLength: 128)
        try PolicySizeQuotas.checkLength(document, member: "policyDocument")
        return try parse(document, name: policyName, kind: .identity)
    }

    /// Parses a policy document, turning syntax and grammar errors into `MalformedPolicyDocument`.
    func parse(_ text: String, name: String, kind: PolicyDocument.Kind) throws(IAMError) -> PolicyDocument {
        try ParsedPolicies.shared.document(text, name: name, kind: kind)
    }
}

/// Recently parsed documents by kind and text, shared by every store in the process:
/// a document depends on nothing else, so registration's three roles with one trust policy,
/// a template put on many roles, and the same seeded class graded against many backends
/// all reuse one parse. Only successes are kept; a malformed document is parsed each time.
final class ParsedPolicies: Sendable {
    static let shared = ParsedPolicies()
    /// Bounded: when full the cache simply starts over.
    private static let capacity = 1024
    private let documents = Mutex<[String: PolicyDocument]>([:])

    func document(_ text: String, name: String, kind: PolicyDocument.Kind) throws(IAMError) -> PolicyDocument {
        // Keyed without the name: the name only labels explanations, so a document parsed
        // under one name (one role's trust policy) serves another, renamed.
        let key = "\(kind.rawValue)\u{0}\(text)"
        if let known = documents.withLock({ $0[key] }) { return known.name == name ? known : known.renamed(name) }
        let document: PolicyDocument
        do {
            document = try PolicyDocument(text, name: name, kind: kind)
        } catch {
            throw .malformedPolicy(error)
        }
        documents.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll() }
            cache[key] = document
        }
        return document
    }
}
