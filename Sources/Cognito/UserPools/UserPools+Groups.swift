// Groups: CreateGroup, GetGroup, ListGroups, DeleteGroup, AdminAddUserToGroup,
// AdminRemoveUserFromGroup, AdminListGroupsForUser. A user's groups appear in both tokens
// as `cognito:groups`.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A group of a pool, as `GetGroup` describes it.
public struct UserGroup: Sendable, Hashable {
    public var groupName: String
    public var userPoolId: String
    public var description: String?
    /// Lower values come first in `cognito:groups`.
    public var precedence: Int?
    public var roleArn: String?
    public var created: Date
    public var lastModified: Date

    public init(
        groupName: String, userPoolId: String, description: String? = nil, precedence: Int? = nil, roleArn: String? = nil,
        created: Date, lastModified: Date
    ) {
        self.groupName = groupName
        self.userPoolId = userPoolId
        self.description = description
        self.precedence = precedence
        self.roleArn = roleArn
        self.created = created
        self.lastModified = lastModified
    }
}

extension UserPools {
    /// `CreateGroup`.
    @discardableResult
    public func createGroup(
        poolId: String, name: String, description: String? = nil, precedence: Int? = nil, roleArn: String? = nil
    ) throws(CognitoError) -> UserGroup {
        guard (1...128).contains(name.count), !name.contains(where: \.isWhitespace) else {
            throw .invalidParameter(#"1 validation error detected: Value at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+"#)
        }
        if let precedence, precedence < 0 {
            throw .invalidParameter("1 validation error detected: Value '\(precedence)' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0")
        }
        let now = clock.now()
        return try withPool(poolId) { record throws(CognitoError) in
            guard record.groups[name] == nil else {
                throw CognitoError(code: "GroupExistsException", message: "A group with the name \(name) already exists.")
            }
            let group = UserGroup(
                groupName: name, userPoolId: poolId, description: description, precedence: precedence, roleArn: roleArn,
                created: now, lastModified: now
            )
            record.groups[name] = (group, record.takeSequence())
            return group
        }
    }

    /// `GetGroup`.
    public func getGroup(poolId: String, name: String) throws(CognitoError) -> UserGroup {
        try withPool(poolId) { record throws(CognitoError) in try record.requireGroup(name) }
    }

    /// `ListGroups`: up to `limit` (1-60, default 60) groups in creation order.
    public func listGroups(poolId: String, limit: Int? = nil, nextToken: String? = nil) throws(CognitoError) -> (groups: [UserGroup], nextToken: String?) {
        let limit = limit ?? 60
        guard (1...60).contains(limit) else {
            throw .invalidParameter("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value between 1 and 60")
        }
        let start = try PageToken.decode(nextToken, message: "Invalid NextToken.")
        let all = try withPool(poolId) { record throws(CognitoError) in
            record.groups.values.map { (sequence: $0.sequence, item: $0.group) }.sorted { $0.sequence < $1.sequence }
        }
        let page = PageToken.page(all, after: start, limit: limit)
        return (page.items, page.next)
    }

    /// `DeleteGroup`: its members leave it.
    public func deleteGroup(poolId: String, name: String) throws(CognitoError) {
        try withPool(poolId) { record throws(CognitoError) in
            _ = try record.requireGroup(name)
            record.groups[name] = nil
            for key in record.users.keys { record.users[key]!.groups.removeAll { $0 == name } }
        }
    }

    /// `AdminAddUserToGroup`; adding a member again changes nothing.
    public func adminAddUserToGroup(poolId: String, username: String, groupName: String) throws(CognitoError) {
        try withPool(poolId) { record throws(CognitoError) in
            let key = try record.requireUserKey(username)
            _ = try record.requireGroup(groupName)
            if !record.users[key]!.groups.contains(groupName) { record.users[key]!.groups.append(groupName) }
        }
    }

    /// `AdminRemoveUserFromGroup`.
    public func adminRemoveUserFromGroup(poolId: String, username: String, groupName: String) throws(CognitoError) {
        try withPool(poolId) { record throws(CognitoError) in
            let key = try record.requireUserKey(username)
            _ = try record.requireGroup(groupName)
            record.users[key]!.groups.removeAll { $0 == groupName }
        }
    }

    /// `AdminListGroupsForUser`, in the order `cognito:groups` lists them.
    public func adminListGroupsForUser(poolId: String, username: String) throws(CognitoError) -> [UserGroup] {
        try withPool(poolId) { record throws(CognitoError) in
            let key = try record.requireUserKey(username)
            return record.orderedGroups(of: record.users[key]!).compactMap { record.groups[$0]?.group }
        }
    }
}

extension UserPools.PoolRecord {
    func requireGroup(_ name: String) throws(CognitoError) -> UserGroup {
        guard let group = groups[name]?.group else { throw .resourceNotFound("Group not found.") }
        return group
    }

    /// The user's group names by precedence (groups without one last), then in the order
    /// they were joined.
    func orderedGroups(of user: StoredUser) -> [String] {
        user.groups.enumerated().sorted { lhs, rhs in
            let (left, right) = (groups[lhs.element]?.group.precedence ?? .max, groups[rhs.element]?.group.precedence ?? .max)
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// `cognito:roles` and `cognito:preferred_role` for the ID token: the role ARNs of the
    /// user's groups (in `cognito:groups` order, each once), and the role of the group with
    /// the lowest precedence value among those with a role, groups without a precedence
    /// coming last. As the Cognito guide says, when two such groups tie for first with
    /// different roles, neither is preferred and the claim is left out.
    func groupRoles(of user: StoredUser) -> (roles: [String], preferred: String?) {
        let withRoles = orderedGroups(of: user).compactMap { groups[$0]?.group }.filter { $0.roleArn != nil }
        var roles: [String] = []
        for group in withRoles where !roles.contains(group.roleArn!) { roles.append(group.roleArn!) }
        guard let first = withRoles.first else { return (roles, nil) }
        let tied = withRoles.contains { $0.precedence == first.precedence && $0.roleArn != first.roleArn }
        return (roles, tied ? nil : first.roleArn)
    }
}
