#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension IdentityStore {
    @discardableResult
    public func createUser(name: String, path: String = "/", tags: [String: String] = [:]) throws(IAMError) -> IAMUser {
        try IAMNames.check(name, member: "userName")
        try IAMNames.checkPath(path)
        let user = IAMUser(
            name: name, id: ids.uniqueId(prefix: "AIDA"), arn: arn("user", path: path, name: name), path: path,
            created: clock.now(), tags: tags, inlinePolicies: [], attachedPolicyARNs: []
        )
        return try state.withLock { state throws(IAMError) in
            guard state.users[name] == nil else { throw .alreadyExists("User with name \(name) already exists.") }
            state.users[name] = user
            return user
        }
    }

    public func user(named name: String) throws(IAMError) -> IAMUser {
        guard let user = state.withLock({ $0.users[name] }) else {
            throw .noSuchEntity("The user with name \(name) cannot be found.")
        }
        return user
    }

    /// CreateAccessKey: a new active `AKIA...` key; IAM allows two per user.
    public func createAccessKey(userName: String) throws(IAMError) -> AccessKey {
        let key = AccessKey(
            accessKeyId: ids.accessKeyId(temporary: false), secretAccessKey: ids.secretAccessKey(),
            userName: userName, created: clock.now(), active: true
        )
        return try state.withLock { state throws(IAMError) in
            guard state.users[userName] != nil else { throw .noSuchEntity("The user with name \(userName) cannot be found.") }
            guard state.accessKeys.values.filter({ $0.userName == userName }).count < 2 else {
                throw .limitExceeded("Cannot exceed quota for AccessKeysPerUser: 2")
            }
            state.accessKeys[key.accessKeyId] = key
            return key
        }
    }

    /// PutUserPolicy: adds or replaces the inline policy `policyName`, within the quota on
    /// all of the user's inline policies together.
    public func putUserPolicy(userName: String, policyName: String, document: String) throws(IAMError) {
        let parsed = try parseInline(document, policyName: policyName)
        try state.withLock { state throws(IAMError) in
            guard var user = state.users[userName] else { throw .noSuchEntity("The user with name \(userName) cannot be found.") }
            try PolicySizeQuotas.checkInline(
                document, named: policyName, among: user.inlinePolicies, limit: PolicySizeQuotas.userInlinePolicies, entity: "user \(userName)"
            )
            let policy = NamedPolicy(name: policyName, document: parsed)
            if let index = user.inlinePolicies.firstIndex(where: { $0.name == policyName }) {
                user.inlinePolicies[index] = policy
            } else {
                user.inlinePolicies.append(policy)
            }
            state.users[userName] = user
        }
    }

    public func attachUserPolicy(userName: String, policyARN: String) throws(IAMError) {
        _ = try managedPolicy(arn: policyARN)
        try state.withLock { state throws(IAMError) in
            guard var user = state.users[userName] else { throw .noSuchEntity("The user with name \(userName) cannot be found.") }
            if !user.attachedPolicyARNs.contains(policyARN) { user.attachedPolicyARNs.append(policyARN) }
            state.users[userName] = user
        }
    }
}

extension IdentityStore {
    /// ListUsers: users whose path starts with `pathPrefix`, sorted by name.
    public func users(pathPrefix: String = "/") -> [IAMUser] {
        state.withLock { $0.users.values.filter { $0.path.hasPrefix(pathPrefix) }.sorted { $0.name < $1.name } }
    }

    /// ListAccessKeys: the user's long-term keys, sorted by key id.
    public func accessKeys(userName: String) throws(IAMError) -> [AccessKey] {
        try state.withLock { state throws(IAMError) in
            guard state.users[userName] != nil else { throw .noSuchEntity("The user with name \(userName) cannot be found.") }
            return state.accessKeys.values.filter { $0.userName == userName }.sorted { $0.accessKeyId < $1.accessKeyId }
        }
    }
}
