import Backend
import Cognito
import Core
import Foundation
import HTTP
import IAM
import SigV4
import Testing

/// A user pool stand-in for the backend: ID tokens under a test key, checked for signature,
/// issuer and expiry.
struct PlatformUserPools: LoginTokenVerifier {
    static let provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_TenantOne"
    let key = HS256Key(keyId: "platform-user-pool", secret: Array("the platform tests' user pool key".utf8))

    func idToken(sub: String, clientId: String = "client1", claims: JSONObject = [:]) -> String {
        var all: JSONObject = [
            "sub": .string(sub), "aud": .string(clientId), "iss": .string("https://\(Self.provider)"), "token_use": "id",
            "exp": .number(1_764_000_000 + 3600),
        ]
        for (name, value) in claims { all[name] = value }
        return JWT.sign(all, with: key)
    }

    func verifyIDToken(_ token: String, providerName: String, at date: Date) throws(CognitoError) -> JSONObject {
        guard let claims = try? JWT.verify(token, key: { $0 == key.keyId ? key : nil }),
              claims["iss"] == .string("https://\(providerName)"), let exp = claims["exp"]?.intValue,
              Double(exp) > date.timeIntervalSince1970 else {
            throw .notAuthorized("Invalid login token. Token signature invalid.")
        }
        return claims
    }
}

/// Calls the assembled backend as an AWS SDK does, with ``PlatformUserPools`` standing in for
/// the user pools so the tests mint the ID tokens identity pools are given.
struct IdentityPoolPlatform {
    let users = PlatformUserPools()
    var client: PlatformClient

    /// - Parameter realUserPools: use the backend's own user pools instead of the stand-in.
    init(seed: UInt64 = 1, realUserPools: Bool = false) {
        client = PlatformClient(seed: seed, verifier: realUserPools ? nil : PlatformUserPools())
    }

    var backend: Backend { client.backend }
    var clock: ManualClock { client.clock }
    var credentials: AWSCredentials {
        get { client.credentials }
        set { client.credentials = newValue }
    }

    /// A JSON 1.1 call to `AWSCognitoIdentityService.<operation>`: the status and the body.
    func cognito(_ operation: String, _ input: JSON, signed: Bool = true) async throws -> (status: Int, body: JSON) {
        let (status, body, response) = try await client.json(
            "cognito-identity", target: "AWSCognitoIdentityService", version: "1.1", operation, input, signed: signed
        )
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.1")
        return (status, body)
    }

    /// A signed Query call to IAM or STS; the response text.
    func query(_ service: String, _ action: String, _ parameters: [(String, String)] = []) async throws -> String {
        try await client.query(service, action, parameters).bodyText
    }

    /// A pool with tenant one's user pool and `client1`; its id.
    func createPool(allowGuests: Bool = false, classicFlow: Bool = false) async throws -> String {
        let created = try await cognito("CreateIdentityPool", [
            "IdentityPoolName": "tenant_one", "AllowUnauthenticatedIdentities": .bool(allowGuests), "AllowClassicFlow": .bool(classicFlow),
            "CognitoIdentityProviders": [["ProviderName": .string(PlatformUserPools.provider), "ClientId": "client1", "ServerSideTokenCheck": true]],
        ])
        #expect(created.status == 200, "\(created.body)")
        return try #require(created.body["IdentityPoolId"]?.stringValue)
    }

    /// The bootcamp's trust policy for roles of `poolId`.
    static func trust(poolId: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":""#
            + poolId + #""},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}}]}"#
    }

    /// Switches to a session of a role allowed only `policy`, assumed by the operator.
    mutating func become(role name: String, policy: String) throws {
        let store = backend.identities
        try store.createRole(name: name, trustPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#)
        try store.putRolePolicy(roleName: name, policyName: "only", document: policy)
        guard case .found(_, _, let operatorPrincipal) = store.resolve(accessKeyId: credentials.accessKeyId, at: clock.now()) else {
            throw CognitoError.resourceNotFound("operator")
        }
        let assumed = try SecurityTokenService(store: store).assumeRole(caller: operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/\(name)", sessionName: "admin")
        credentials = AWSCredentials(accessKeyId: assumed.credentials.accessKeyId, secretAccessKey: assumed.credentials.secretAccessKey, sessionToken: assumed.credentials.sessionToken)
    }
}

/// Identity pool management over SigV4-signed JSON 1.1, as boto3 and the AWS CLI send it.
@Suite struct IdentityPoolPlatformTests {
    @Test func createDescribeListUpdateDelete() async throws {
        let platform = IdentityPoolPlatform()
        let id = try await platform.createPool()
        let described = try await platform.cognito("DescribeIdentityPool", ["IdentityPoolId": .string(id)])
        #expect(described.body["IdentityPoolName"] == "tenant_one" && described.body["AllowUnauthenticatedIdentities"] == false)
        #expect(described.body["CognitoIdentityProviders"]?[0]?["ServerSideTokenCheck"] == true)
        let second = try await platform.createPool()
        let page = try await platform.cognito("ListIdentityPools", ["MaxResults": 1])
        #expect(page.body["IdentityPools"] == [["IdentityPoolId": .string(id), "IdentityPoolName": "tenant_one"]])
        let next = try await platform.cognito("ListIdentityPools", ["MaxResults": 1, "NextToken": try #require(page.body["NextToken"])])
        #expect(next.body["IdentityPools"]?[0]?["IdentityPoolId"] == .string(second) && next.body["NextToken"] == nil)
        let updated = try await platform.cognito("UpdateIdentityPool", ["IdentityPoolId": .string(id), "IdentityPoolName": "renamed", "AllowUnauthenticatedIdentities": true])
        #expect(updated.body["IdentityPoolName"] == "renamed" && updated.body["CognitoIdentityProviders"] == [])
        #expect(try await platform.cognito("DeleteIdentityPool", ["IdentityPoolId": .string(id)]) == (200, [:]))
        let gone = try await platform.cognito("DescribeIdentityPool", ["IdentityPoolId": .string(id)])
        #expect(gone.status == 400)
        #expect(gone.body == ["__type": "ResourceNotFoundException", "message": .string("IdentityPool '\(id)' not found.")])
    }

    @Test func malformedRequestsAreRefusedInCognitosWords() async throws {
        let platform = IdentityPoolPlatform()
        let missing = try await platform.cognito("CreateIdentityPool", ["AllowUnauthenticatedIdentities": false])
        #expect(missing.body["__type"] == "ValidationException")
        #expect(missing.body["message"] == "1 validation error detected: Value null at 'identityPoolName' failed to satisfy constraint: Member must not be null")
        let pattern = try await platform.cognito("DescribeIdentityPool", ["IdentityPoolId": "us-east-2:mock"])
        #expect(pattern.body["__type"] == "ValidationException")
        let google = try await platform.cognito("CreateIdentityPool", ["IdentityPoolName": "p", "AllowUnauthenticatedIdentities": false, "SupportedLoginProviders": ["accounts.google.com": "x"]])
        #expect(google.body["__type"] == "InvalidParameterException")
        let unknown = try await platform.cognito("MergeDeveloperIdentities", [:])
        #expect(unknown.body["__type"] == "UnknownOperationException")
        let unsigned = try await platform.cognito("ListIdentityPools", ["MaxResults": 10], signed: false)
        #expect(unsigned.status == 400 || unsigned.status == 403)
        #expect(unsigned.body["__type"]?.stringValue?.contains("MissingAuthenticationToken") == true)
    }

    @Test func rolesAndRoleMappingsRoundTrip() async throws {
        let platform = IdentityPoolPlatform()
        let id = try await platform.createPool()
        let key = "\(PlatformUserPools.provider):client1"
        let mappings: JSON = [key: [
            "Type": "Rules", "AmbiguousRoleResolution": "Deny",
            "RulesConfiguration": ["Rules": [["Claim": "custom:role", "MatchType": "Equals", "Value": "TenantAdmin", "RoleARN": "arn:aws:iam::123456789012:role/TenantAdmin"]]],
        ]]
        let roles: JSON = ["authenticated": "arn:aws:iam::123456789012:role/Trust"]
        let set = try await platform.cognito("SetIdentityPoolRoles", ["IdentityPoolId": .string(id), "Roles": roles, "RoleMappings": mappings])
        #expect(set.status == 200, "\(set.body)")
        let read = try await platform.cognito("GetIdentityPoolRoles", ["IdentityPoolId": .string(id)])
        #expect(read.body == ["IdentityPoolId": .string(id), "Roles": roles, "RoleMappings": mappings])

        let badEnum: JSON = [key: ["Type": "Guess", "AmbiguousRoleResolution": "Deny"]]
        let refused = try await platform.cognito("SetIdentityPoolRoles", ["IdentityPoolId": .string(id), "Roles": roles, "RoleMappings": badEnum])
        #expect(refused.body["__type"] == "ValidationException")
        #expect(refused.body["message"]?.stringValue?.hasSuffix("Member must satisfy enum value set: [Token, Rules]") == true)
        let noResolution: JSON = [key: ["Type": "Token"]]
        #expect(try await platform.cognito("SetIdentityPoolRoles", ["IdentityPoolId": .string(id), "Roles": roles, "RoleMappings": noResolution]).body["__type"] == "InvalidParameterException")
        let badKey = try await platform.cognito("SetIdentityPoolRoles", ["IdentityPoolId": .string(id), "Roles": ["admin": "arn:aws:iam::123456789012:role/Trust"]])
        #expect(badKey.body["__type"] == "InvalidParameterException")
        let otherClient: JSON = ["\(PlatformUserPools.provider):client9": ["Type": "Token", "AmbiguousRoleResolution": "Deny"]]
        #expect(try await platform.cognito("SetIdentityPoolRoles", ["IdentityPoolId": .string(id), "Roles": roles, "RoleMappings": otherClient]).body["__type"] == "InvalidParameterException")
    }

    @Test func principalTagMapsOverTheWire() async throws {
        let platform = IdentityPoolPlatform()
        let id = try await platform.createPool()
        let provider = JSON.string(PlatformUserPools.provider)
        let set = try await platform.cognito("SetPrincipalTagAttributeMap", ["IdentityPoolId": .string(id), "IdentityProviderName": provider, "UseDefaults": true])
        #expect(set.body["PrincipalTags"] == ["client": "aud", "username": "sub"] && set.body["UseDefaults"] == true)
        _ = try await platform.cognito("SetPrincipalTagAttributeMap", ["IdentityPoolId": .string(id), "IdentityProviderName": provider, "PrincipalTags": ["tenant_id": "custom:tenant_id"]])
        let read = try await platform.cognito("GetPrincipalTagAttributeMap", ["IdentityPoolId": .string(id), "IdentityProviderName": provider])
        #expect(read.body == ["IdentityPoolId": .string(id), "IdentityProviderName": provider, "UseDefaults": false, "PrincipalTags": ["tenant_id": "custom:tenant_id"]])
    }

    @Test func managementIsAuthorisedByTheCallersPolicies() async throws {
        var platform = IdentityPoolPlatform()
        let id = try await platform.createPool()
        let arn = "arn:aws:cognito-identity:us-east-1:123456789012:identitypool/\(id)"
        try platform.become(role: "PoolReader", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cognito-identity:DescribeIdentityPool","cognito-identity:SetIdentityPoolRoles"],"Resource":""# + arn + #""}]}"#)
        #expect(try await platform.cognito("DescribeIdentityPool", ["IdentityPoolId": .string(id)]).status == 200)
        let create = try await platform.cognito("CreateIdentityPool", ["IdentityPoolName": "x", "AllowUnauthenticatedIdentities": false])
        #expect(create.status == 400)
        #expect(create.body == [
            "__type": "AccessDeniedException",
            "Message": "User: arn:aws:sts::123456789012:assumed-role/PoolReader/admin is not authorized to perform: cognito-identity:CreateIdentityPool on resource: * because no identity-based policy allows the cognito-identity:CreateIdentityPool action",
        ])
        let delete = try await platform.cognito("DeleteIdentityPool", ["IdentityPoolId": .string(id)])
        #expect(delete.body["__type"] == "AccessDeniedException")
        let pass = try await platform.cognito("SetIdentityPoolRoles", ["IdentityPoolId": .string(id), "Roles": ["authenticated": "arn:aws:iam::123456789012:role/Admin"]])
        #expect(pass.body == ["__type": "NotAuthorizedException", "message": "Access to Role 'arn:aws:iam::123456789012:role/Admin' is forbidden."])
    }
}
