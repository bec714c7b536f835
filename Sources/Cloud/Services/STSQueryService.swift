import Core
import IAM
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// STS over the Query protocol: GetCallerIdentity, AssumeRole, GetSessionToken, and the unsigned
/// AssumeRoleWithWebIdentity that trades an identity pool's token for a role session.
public struct STSQueryService: CloudService {
    public let sts: SecurityTokenService
    let clock: any WallClock

    public init(sts: SecurityTokenService, clock: any WallClock) {
        self.sts = sts
        self.clock = clock
    }

    public var signingName: String { "sts" }
    public var awsProtocol: AWSProtocol { .query(apiVersion: "2011-06-15", xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/") }
    // Made once: the front door asks on every request.
    public var operations: Set<String> { Self.operationNames }
    public var allowsAnonymous: Set<String> { Self.anonymousOperations }
    private static let operationNames: Set<String> = ["GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity", "GetSessionToken"]
    private static let anonymousOperations: Set<String> = ["AssumeRoleWithWebIdentity"]

    public func handle(_ call: CloudCall) async throws -> JSON {
        let input = call.members
        switch call.operation {
        case "GetCallerIdentity":
            let identity = sts.callerIdentity(try sts.store.principal(for: call, at: clock.now()))
            return ["UserId": .string(identity.userId), "Account": .string(identity.account), "Arn": .string(identity.arn)]
        case "AssumeRole":
            let caller = try sts.store.principal(for: call, at: clock.now())
            let roleARN = try input.string("RoleArn")
            let sessionName = try input.string("RoleSessionName")
            let duration = try input.optionalInt("DurationSeconds")
            let tags = try IAMShapes.tags(in: input)
            let policy = try input.optionalString("Policy")
            let assumed = try run { () throws(IAMError) in
                try sts.assumeRole(caller: caller, roleARN: roleARN, sessionName: sessionName, durationSeconds: duration, tags: tags, sessionPolicy: policy)
            }
            return Self.output(assumed)
        case "GetSessionToken":
            let caller = try sts.store.principal(for: call, at: clock.now())
            let duration = try input.optionalInt("DurationSeconds")
            let credentials = try run { () throws(IAMError) in try sts.sessionToken(caller: caller, durationSeconds: duration) }
            return ["Credentials": Self.credentials(credentials)]
        case "AssumeRoleWithWebIdentity":
            let roleARN = try input.string("RoleArn")
            let sessionName = try input.string("RoleSessionName")
            let token = try input.string("WebIdentityToken")
            let duration = try input.optionalInt("DurationSeconds")
            let policy = try input.optionalString("Policy")
            let (assumed, identity) = try run { () throws(IAMError) in
                try sts.assumeRoleWithWebIdentity(
                    roleARN: roleARN, sessionName: sessionName, webIdentityToken: token, durationSeconds: duration, sessionPolicy: policy
                )
            }
            guard case .object(var object) = Self.output(assumed) else { return Self.output(assumed) }
            object["SubjectFromWebIdentityToken"] = .string(identity.subject)
            object["Provider"] = .string(identity.provider)
            object["Audience"] = .string(identity.audience)
            return .object(object)
        default:
            throw AWSError.invalidAction(call.operation, version: "2011-06-15")
        }
    }

    private func run<T>(_ body: () throws(IAMError) -> T) throws(AWSError) -> T {
        try AWSError.fromIAM(body)
    }

    static func output(_ assumed: SecurityTokenService.AssumedRole) -> JSON {
        [
            "Credentials": credentials(assumed.credentials),
            "AssumedRoleUser": ["AssumedRoleId": .string(assumed.assumedRoleId), "Arn": .string(assumed.assumedRoleARN)],
            "PackedPolicySize": 0,
        ]
    }

    /// STS's `Credentials` element.
    static func credentials(_ credentials: TemporaryCredentials) -> JSON {
        [
            "AccessKeyId": .string(credentials.accessKeyId), "SecretAccessKey": .string(credentials.secretAccessKey),
            "SessionToken": .string(credentials.sessionToken), "Expiration": .string(AWSTimestamp.iso8601(credentials.expiration)),
        ]
    }
}
