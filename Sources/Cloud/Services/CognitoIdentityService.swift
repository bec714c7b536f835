import Cognito
import Core
import IAM
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Cognito identity pools over JSON 1.1 (`X-Amz-Target: AWSCognitoIdentityService.<Op>`,
/// bare error `__type`s). GetId, GetCredentialsForIdentity and GetOpenIdToken are anonymous,
/// as in AWS: the logins are the proof. Management calls are authorised by the caller's IAM
/// policies as `cognito-identity:<Operation>` on the pool's ARN (`*` for CreateIdentityPool
/// and ListIdentityPools, which name no pool, as AWS's service authorization reference lists
/// them); SetIdentityPoolRoles also needs `iam:PassRole` on every role it names.
public struct CognitoIdentityService: CloudService {
    public let pools: IdentityPools
    public let store: IdentityStore
    let clock: any WallClock

    public init(pools: IdentityPools, store: IdentityStore, clock: any WallClock) {
        self.pools = pools
        self.store = store
        self.clock = clock
    }

    public var signingName: String { "cognito-identity" }
    public var awsProtocol: AWSProtocol { .json(version: "1.1", targetPrefix: "AWSCognitoIdentityService", errorNamespace: nil) }
    // Made once: the front door asks on every request.
    public var allowsAnonymous: Set<String> { Self.anonymousOperations }
    public var operations: Set<String> { Self.operationNames }
    private static let anonymousOperations: Set<String> = ["GetId", "GetCredentialsForIdentity", "GetOpenIdToken"]
    private static let operationNames: Set<String> = anonymousOperations.union([
        "CreateIdentityPool", "DescribeIdentityPool", "ListIdentityPools", "UpdateIdentityPool", "DeleteIdentityPool",
        "SetIdentityPoolRoles", "GetIdentityPoolRoles", "SetPrincipalTagAttributeMap", "GetPrincipalTagAttributeMap",
        "ListIdentities", "DescribeIdentity",
    ])

    public func handle(_ call: CloudCall) async throws(AWSError) -> JSON {
        let input = call.members
        switch call.operation {
        case "GetId":
            let poolId = try input.string("IdentityPoolId")
            let logins = try input.optionalStringMap("Logins") ?? [:]
            return ["IdentityId": .string(try run { () throws(CognitoError) in try pools.getId(poolId: poolId, logins: logins) })]
        case "GetCredentialsForIdentity":
            let identityId = try input.string("IdentityId")
            let logins = try input.optionalStringMap("Logins") ?? [:]
            let custom = try input.optionalString("CustomRoleArn")
            let issued = try run { () throws(CognitoError) in try pools.credentials(identityId: identityId, logins: logins, customRoleARN: custom) }
            return CognitoIdentityShapes.credentials(issued)
        case "GetOpenIdToken":
            let identityId = try input.string("IdentityId")
            let logins = try input.optionalStringMap("Logins") ?? [:]
            let token = try run { () throws(CognitoError) in try pools.openIdToken(identityId: identityId, logins: logins) }
            return ["IdentityId": .string(identityId), "Token": .string(token)]
        default:
            return try manage(call, input)
        }
    }

    /// The signed management operations.
    private func manage(_ call: CloudCall, _ input: CloudMembers) throws(AWSError) -> JSON {
        switch call.operation {
        case "CreateIdentityPool":
            let settings = try CognitoIdentityShapes.settings(input)
            try authorize(call, "CreateIdentityPool", resource: "*")
            return CognitoIdentityShapes.pool(try run { () throws(CognitoError) in try pools.createIdentityPool(settings) })
        case "ListIdentityPools":
            let maxResults = try input.int("MaxResults")
            let nextToken = try input.optionalString("NextToken")
            try authorize(call, "ListIdentityPools", resource: "*")
            let page = try run { () throws(CognitoError) in try pools.listIdentityPools(maxResults: maxResults, nextToken: nextToken) }
            return CognitoIdentityShapes.list(page.pools, nextToken: page.nextToken)
        case "DescribeIdentity":
            // Authorised on the identity's pool; an identity that does not exist, on every
            // pool, so only a caller allowed them all learns that it does not.
            let identityId = try input.string("IdentityId")
            let pool = pools.poolId(ofIdentity: identityId)
            try authorize(call, "DescribeIdentity", resource: pools.arn(poolId: pool ?? "*"))
            return CognitoIdentityShapes.identity(try run { () throws(CognitoError) in try pools.describeIdentity(id: identityId) })
        default:
            break
        }
        let poolId = try input.string("IdentityPoolId")
        let principal = try authorize(call, call.operation, resource: pools.arn(poolId: poolId))
        switch call.operation {
        case "DescribeIdentityPool":
            return CognitoIdentityShapes.pool(try run { () throws(CognitoError) in try pools.identityPool(id: poolId) })
        case "UpdateIdentityPool":
            let settings = try CognitoIdentityShapes.settings(input)
            return CognitoIdentityShapes.pool(try run { () throws(CognitoError) in try pools.updateIdentityPool(id: poolId, settings: settings) })
        case "DeleteIdentityPool":
            try run { () throws(CognitoError) in try pools.deleteIdentityPool(id: poolId) }
            return [:]
        case "SetIdentityPoolRoles":
            let (roles, mappings) = try CognitoIdentityShapes.roles(input)
            try requirePassRole(principal, roles: roles, mappings: mappings)
            try run { () throws(CognitoError) in try pools.setRoles(poolId: poolId, roles: roles, roleMappings: mappings) }
            return [:]
        case "ListIdentities":
            let maxResults = try input.int("MaxResults")
            let nextToken = try input.optionalString("NextToken")
            let hideDisabled = try input.optionalBool("HideDisabled") ?? false
            let page = try run { () throws(CognitoError) in
                try pools.listIdentities(poolId: poolId, maxResults: maxResults, nextToken: nextToken, hideDisabled: hideDisabled)
            }
            var object: JSONObject = ["IdentityPoolId": .string(poolId), "Identities": .array(page.identities.map(CognitoIdentityShapes.identity))]
            if let token = page.nextToken { object["NextToken"] = .string(token) }
            return .object(object)
        case "GetIdentityPoolRoles":
            let (roles, mappings) = try run { () throws(CognitoError) in try pools.roles(poolId: poolId) }
            return CognitoIdentityShapes.roles(poolId: poolId, roles: roles, mappings: mappings)
        case "SetPrincipalTagAttributeMap":
            let provider = try input.string("IdentityProviderName")
            let useDefaults = try input.optionalBool("UseDefaults") ?? false
            let tags = try input.optionalStringMap("PrincipalTags") ?? [:]
            let map = try run { () throws(CognitoError) in
                try pools.setPrincipalTagMap(poolId: poolId, providerName: provider, useDefaults: useDefaults, tags: tags)
            }
            return CognitoIdentityShapes.tagMap(map, poolId: poolId, providerName: provider)
        case "GetPrincipalTagAttributeMap":
            let provider = try input.string("IdentityProviderName")
            let map = try run { () throws(CognitoError) in try pools.principalTagMap(poolId: poolId, providerName: provider) }
            return CognitoIdentityShapes.tagMap(map, poolId: poolId, providerName: provider)
        default:
            throw AWSError.unknownOperation("AWSCognitoIdentityService.\(call.operation)")
        }
    }

    /// The caller, if its policies allow `cognito-identity:<action>` on `resource`; AWS's
    /// authoriser refuses with a bare `AccessDeniedException` and a capital `Message`.
    @discardableResult
    private func authorize(_ call: CloudCall, _ action: String, resource: String) throws(AWSError) -> IAMPrincipal {
        let principal = try store.principal(for: call, at: clock.now())
        let decision = store.authorize(principal, action: "cognito-identity:\(action)", resource: resource)
        guard decision.isAllowed else { throw AWSError.coralAccessDenied(decision.accessDeniedMessage) }
        return principal
    }

    /// Setting a role on a pool hands it to anyone who can log in, so the caller must be
    /// allowed to pass it (Cognito's guide: "Granting pass role permission").
    private func requirePassRole(_ principal: IAMPrincipal, roles: IdentityPoolRoles, mappings: [String: RoleMapping]) throws(AWSError) {
        let named = [roles.authenticated, roles.unauthenticated].compactMap { $0 } + mappings.values.flatMap { $0.rules.map(\.roleARN) }
        for arn in Set(named).sorted() where !store.authorize(principal, action: "iam:PassRole", resource: arn).isAllowed {
            throw AWSError.notAuthorized("Access to Role '\(arn)' is forbidden.")
        }
    }

    /// Runs an engine operation, turning its errors into wire errors.
    @discardableResult
    private func run<T>(_ body: () throws(CognitoError) -> T) throws(AWSError) -> T {
        do {
            return try body()
        } catch {
            throw AWSError(code: error.code, message: error.message, status: error.status)
        }
    }
}
