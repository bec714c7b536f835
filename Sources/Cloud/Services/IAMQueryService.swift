import Core
import IAM
import SigV4
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// IAM over the Query protocol: roles, users, policies and policy simulation, each call
/// itself authorised by the caller's policies (`iam:CreateRole` on the role's ARN, ...).
public struct IAMQueryService: CloudService {
    public let store: IdentityStore
    let clock: any WallClock

    public init(store: IdentityStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    public var signingName: String { "iam" }
    public var awsProtocol: AWSProtocol { .query(apiVersion: "2010-05-08", xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/") }
    public var allowsAnonymous: Set<String> { [] }
    // Made once: the front door asks on every request.
    public var operations: Set<String> { Self.operationNames }
    private static let operationNames = Set(handlers.keys)

    typealias Handler = @Sendable (IAMQueryService, CloudMembers, IAMPrincipal) throws(AWSError) -> JSON

    /// Each operation: what it needs authorised, then what it does.
    static let handlers: [String: Handler] = roleHandlers
        .merging(policyHandlers) { $1 }
        .merging(userHandlers) { $1 }
        .merging(userListHandlers) { $1 }
        .merging(simulationHandlers) { $1 }

    public func handle(_ call: CloudCall) async throws -> JSON {
        let principal = try store.principal(for: call, at: clock.now())
        // GetSessionToken's credentials without MFA (which this platform does not have) may
        // not call IAM: AWS answers as if the token were unknown.
        if principal.isUserSession {
            throw CloudAuthenticator.error(for: SigV4Error.invalidClientTokenId, awsProtocol: call.awsProtocol)
        }
        guard let handler = Self.handlers[call.operation] else {
            throw AWSError.invalidAction(call.operation, version: "2010-05-08")
        }
        return try handler(self, call.members, principal)
    }

    /// Throws `AccessDenied` unless `principal` may perform `iam:<action>` on `resource`.
    func authorize(_ principal: IAMPrincipal, _ action: String, _ resource: String) throws(AWSError) {
        do {
            try store.requireAllowed(principal, action: "iam:\(action)", resource: resource)
        } catch {
            throw AWSError(error)
        }
    }

    /// Runs an identity-store operation, turning its errors into wire errors.
    func run<T>(_ body: () throws(IAMError) -> T) throws(AWSError) -> T {
        try AWSError.fromIAM(body)
    }

    func roleARN(_ name: String, path: String = "/") -> String { store.arn("role", path: path, name: name) }
    func userARN(_ name: String, path: String = "/") -> String { store.arn("user", path: path, name: name) }
}

/// IAM's output shapes, as JSON that the Query encoder writes as XML.
enum IAMShapes {
    static func date(_ date: Date) -> JSON { .string(AWSTimestamp.iso8601(date)) }

    /// Policy documents travel URL-encoded in IAM's XML, as AWS sends them (SDKs decode them).
    static func document(_ text: String) -> JSON { .string(URLEncoding.encode(text)) }

    static func role(_ role: IAMRole) -> JSON {
        var object: JSONObject = [
            "Path": .string(role.path), "RoleName": .string(role.name), "RoleId": .string(role.id),
            "Arn": .string(role.arn), "CreateDate": date(role.created),
            "AssumeRolePolicyDocument": document(role.trustPolicy.text),
        ]
        if !role.description.isEmpty { object["Description"] = .string(role.description) }
        object["MaxSessionDuration"] = .number(role.maxSessionDuration)
        if !role.tags.isEmpty { object["Tags"] = tags(role.tags) }
        return .object(object)
    }

    static func user(_ user: IAMUser) -> JSON {
        var object: JSONObject = [
            "Path": .string(user.path), "UserName": .string(user.name), "UserId": .string(user.id),
            "Arn": .string(user.arn), "CreateDate": date(user.created),
        ]
        if !user.tags.isEmpty { object["Tags"] = tags(user.tags) }
        return .object(object)
    }

    static func policy(_ policy: ManagedPolicy, attachments: Int) -> JSON {
        var object: JSONObject = [
            "PolicyName": .string(policy.name), "PolicyId": .string(policy.id), "Arn": .string(policy.arn),
            "Path": .string(policy.path), "DefaultVersionId": .string(policy.defaultVersionId),
            "AttachmentCount": .number(attachments), "PermissionsBoundaryUsageCount": 0, "IsAttachable": true,
        ]
        if !policy.description.isEmpty { object["Description"] = .string(policy.description) }
        object["CreateDate"] = date(policy.created)
        object["UpdateDate"] = date(policy.created)
        return .object(object)
    }

    /// A managed policy's version, as GetPolicyVersion (with its document) and
    /// ListPolicyVersions (without) return it.
    static func version(_ policy: ManagedPolicy, withDocument: Bool) -> JSON {
        var object: JSONObject = [:]
        if withDocument { object["Document"] = document(policy.document.text) }
        object["VersionId"] = .string(policy.defaultVersionId)
        object["IsDefaultVersion"] = true
        object["CreateDate"] = date(policy.created)
        return .object(object)
    }

    /// `VersionId`, held to IAM's pattern (`v1`, `v2`, ...).
    static func versionId(in members: CloudMembers) throws(AWSError) -> String {
        let id = try members.string("VersionId")
        let digits = id.dropFirst()
        let valid = id.hasPrefix("v") && digits.first.map { ("1"..."9").contains($0) } == true
            && digits.prefix { $0 != "." }.allSatisfy { $0.isASCII && $0.isNumber }
            && digits.drop { $0 != "." }.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard valid else {
            throw AWSError.validation(
                [AWSError.constraintFailure(
                    value: "'\(id)'", member: members.memberPath("VersionId"),
                    constraint: #"Member must satisfy regular expression pattern: v[1-9][0-9]*(\.[A-Za-z0-9-]*)?"#
                )],
                code: "ValidationError"
            )
        }
        return id
    }

    static func tags(_ tags: [String: String]) -> JSON {
        .array(tags.sorted { $0.key < $1.key }.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }

    /// `Tags.member.N.Key`/`.Value` as a dictionary.
    static func tags(in members: CloudMembers) throws(AWSError) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in try members.optionalStructureList("Tags") ?? [] {
            tags[try tag.string("Key")] = try tag.string("Value")
        }
        return tags
    }
}
