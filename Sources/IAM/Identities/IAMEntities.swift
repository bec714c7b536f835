import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An IAM user: long-term access keys, inline and attached policies.
public struct IAMUser: Sendable, Equatable {
    public let name: String
    public let id: String
    public let arn: String
    public let path: String
    public let created: Date
    public var tags: [String: String]
    /// Inline policies by name, in the order they were put.
    public var inlinePolicies: [NamedPolicy]
    /// ARNs of attached managed policies, in attachment order.
    public var attachedPolicyARNs: [String]
}

/// An IAM role: a trust policy saying who may assume it, and its permissions.
public struct IAMRole: Sendable, Equatable {
    public let name: String
    public let id: String
    public let arn: String
    public let path: String
    public let created: Date
    public var description: String
    /// The trust policy (`AssumeRolePolicyDocument`), parsed as a resource-based policy.
    public var trustPolicy: PolicyDocument
    public var maxSessionDuration: Int
    public var tags: [String: String]
    public var inlinePolicies: [NamedPolicy]
    public var attachedPolicyARNs: [String]

    public static func == (lhs: IAMRole, rhs: IAMRole) -> Bool {
        lhs.arn == rhs.arn && lhs.trustPolicy.text == rhs.trustPolicy.text && lhs.inlinePolicies == rhs.inlinePolicies
            && lhs.attachedPolicyARNs == rhs.attachedPolicyARNs && lhs.tags == rhs.tags && lhs.description == rhs.description
    }
}

/// An inline policy: a name and the document exactly as it was put.
public struct NamedPolicy: Sendable, Equatable {
    public let name: String
    public let document: PolicyDocument

    public static func == (lhs: NamedPolicy, rhs: NamedPolicy) -> Bool {
        lhs.name == rhs.name && lhs.document.text == rhs.document.text
    }
}

/// A managed policy (customer or AWS managed), with its default version's document.
public struct ManagedPolicy: Sendable {
    public let name: String
    public let id: String
    public let arn: String
    public let path: String
    public let description: String
    public let created: Date
    public let document: PolicyDocument
    /// `v1`: this store keeps one version per policy.
    public let defaultVersionId: String
}

/// A long-term access key of a user (`AKIA...`).
public struct AccessKey: Sendable, Equatable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let userName: String
    public let created: Date
    public var active: Bool
}

/// Temporary credentials issued by STS (`ASIA...`), and who they stand for.
public struct RoleSession: Sendable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let sessionToken: String
    public let expiration: Date
    /// The role assumed.
    public let roleARN: String
    public let roleName: String
    public let roleId: String
    public let sessionName: String
    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
    public let assumedRoleARN: String
    /// `<roleId>:<session>`, what `aws:userid` and GetCallerIdentity's UserId show.
    public let assumedRoleId: String
    /// Session tags: they become `aws:PrincipalTag/<key>` and override the role's own tags.
    public let tags: [String: String]
    /// Context keys the session carries into every request, e.g. the web identity's
    /// `cognito-identity.amazonaws.com:sub` for policy variables.
    public let contextKeys: [String: [String]]
    /// Session policies passed to AssumeRole: they cap the role's permissions.
    public let sessionPolicies: [PolicyDocument]
}

/// Temporary credentials GetSessionToken issued to a user (`ASIA...`): they act as the user,
/// with the user's policies, until they expire or the user is gone.
public struct UserSession: Sendable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let sessionToken: String
    public let expiration: Date
    public let userName: String
    /// The user's id, so a session outlives neither its user nor one re-created under the name.
    public let userId: String
}

/// A set of temporary credentials as STS returns them.
public struct TemporaryCredentials: Sendable, Equatable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let sessionToken: String
    public let expiration: Date
}
