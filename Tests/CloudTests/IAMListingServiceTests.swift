import Cloud
import Core
import Foundation
import HTTP
import IAM
import Testing

/// The IAM and STS adapters' listing, policy-version and session operations, called as the
/// front door calls them: decoded Query inputs, a verified caller, AWS's errors.
@Suite struct IAMListingServiceTests {
    static let start = Date(timeIntervalSince1970: 1_764_000_000)
    static let operatorKey = (accessKeyId: "AKIAOPERATOR", secretAccessKey: "secret")
    static let readProducts = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}]}"#
    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#

    let clock = ManualClock(start: start)
    let store: IdentityStore
    let iam: IAMQueryService
    let sts: STSQueryService

    init() {
        store = IdentityStore(accountId: "123456789012", operatorKey: Self.operatorKey, clock: clock, random: SeededRandomSource(seed: 5))
        iam = IAMQueryService(store: store, clock: clock)
        sts = STSQueryService(sts: SecurityTokenService(store: store), clock: clock)
    }

    /// Runs `operation` on `service` signed with `key`; Query inputs are strings, as decoded.
    func call(_ service: any CloudService, _ operation: String, _ input: JSONObject = [:], key: String = operatorKey.accessKeyId) async throws -> JSON {
        let caller = AuthenticatedCaller(accessKeyId: key, principalArn: "", accountId: "123456789012", userId: "", kind: .user)
        let call = CloudCall(
            service: service.signingName, operation: operation, input: .object(input), caller: caller, requestID: "r",
            region: "us-east-1", accountId: "123456789012", awsProtocol: service.awsProtocol,
            request: HTTPRequest(method: "POST", target: "/", headers: [:], text: "")
        )
        return try await service.handle(call)
    }

    /// The AWS error `operation` fails with.
    func failure(_ service: any CloudService, _ operation: String, _ input: JSONObject = [:], key: String = operatorKey.accessKeyId) async -> AWSError? {
        do {
            _ = try await call(service, operation, input, key: key)
            return nil
        } catch {
            return error as? AWSError
        }
    }

    /// Every page of a List* operation, following markers, `maxItems` at a time.
    func pages(_ operation: String, _ input: JSONObject = [:], member: String, maxItems: Int) async throws -> [[JSON]] {
        var pages: [[JSON]] = []
        var marker: String?
        repeat {
            var request = input
            request["MaxItems"] = .string(String(maxItems))
            if let marker { request["Marker"] = .string(marker) }
            let page = try await call(iam, operation, request)
            pages.append(page[member]?.arrayValue ?? [])
            marker = page["Marker"]?.stringValue
            #expect(page["IsTruncated"]?.boolValue == (marker != nil))
        } while marker != nil && pages.count < 100
        return pages
    }

    @Test func everyListPagesByMaxItemsAndMarker() async throws {
        for name in ["c", "a", "b"] { try store.createRole(name: name, trustPolicy: Self.trust) }
        for name in ["c", "a", "b"] {
            try store.createUser(name: "user-\(name)")
            try store.createPolicy(name: "policy-\(name)", document: Self.readProducts)
            try store.putRolePolicy(roleName: "a", policyName: "inline-\(name)", document: Self.readProducts)
            try store.attachRolePolicy(roleName: "a", policyARN: "arn:aws:iam::123456789012:policy/policy-\(name)")
        }
        _ = try store.createAccessKey(userName: "user-a")
        _ = try store.createAccessKey(userName: "user-a")
        let roles = try await pages("ListRoles", member: "Roles", maxItems: 2)
        #expect(roles.map { $0.compactMap { $0["RoleName"]?.stringValue } } == [["a", "b"], ["c"]])
        let users = try await pages("ListUsers", member: "Users", maxItems: 1)
        #expect(users.flatMap { $0.compactMap { $0["UserName"]?.stringValue } } == ["operator", "user-a", "user-b", "user-c"])
        #expect(users.count == 4)
        let inline = try await pages("ListRolePolicies", ["RoleName": "a"], member: "PolicyNames", maxItems: 2)
        #expect(inline == [["inline-a", "inline-b"], ["inline-c"]])
        let attached = try await pages("ListAttachedRolePolicies", ["RoleName": "a"], member: "AttachedPolicies", maxItems: 2)
        #expect(attached.flatMap { $0.compactMap { $0["PolicyName"]?.stringValue } } == ["policy-a", "policy-b", "policy-c"])
        let policies = try await pages("ListPolicies", ["Scope": "Local"], member: "Policies", maxItems: 2)
        #expect(policies.map { $0.compactMap { $0["PolicyName"]?.stringValue } } == [["policy-a", "policy-b"], ["policy-c"]])
        #expect(policies[0].first?["AttachmentCount"] == 1)
        let keys = try await pages("ListAccessKeys", ["UserName": "user-a"], member: "AccessKeyMetadata", maxItems: 1)
        #expect(keys.count == 2)
        #expect(keys.flatMap { $0 }.allSatisfy { $0["Status"] == "Active" && $0["UserName"] == "user-a" })
        let versions = try await pages("ListPolicyVersions", ["PolicyArn": "arn:aws:iam::123456789012:policy/policy-a"], member: "Versions", maxItems: 1)
        #expect(versions == [[["VersionId": "v1", "IsDefaultVersion": true, "CreateDate": "2025-11-24T16:00:00Z"]]])
    }

    @Test func aPageStartsWhereTheMarkerSaysEvenAfterTheNextEntityIsGone() async throws {
        for name in ["a", "b", "c", "d"] { try store.createRole(name: name, trustPolicy: Self.trust) }
        let first = try await call(iam, "ListRoles", ["MaxItems": "2"])
        let marker = try #require(first["Marker"]?.stringValue)
        try store.deleteRole(named: "c")
        let second = try await call(iam, "ListRoles", ["MaxItems": "2", "Marker": .string(marker)])
        #expect(second["Roles"]?.arrayValue?.compactMap { $0["RoleName"]?.stringValue } == ["d"])
        #expect(second["IsTruncated"] == false)
        #expect(second["Marker"] == nil)
    }

    @Test(arguments: [
        (["MaxItems": "0"], "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        (["MaxItems": "1001"], "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000"),
        (["Marker": "not-a-marker"], "Invalid Marker."),
        (["Scope": "Everything"], "1 validation error detected: Value 'Everything' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]"),
        (["PolicyUsageFilter": "Boundary"], "1 validation error detected: Value 'Boundary' at 'policyUsageFilter' failed to satisfy constraint: Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]"),
    ] as [(JSONObject, String)])
    func listPoliciesRefusesBadInputAsIAMDoes(input: JSONObject, message: String) async {
        let error = await failure(iam, "ListPolicies", input)
        #expect(error?.code == "ValidationError")
        #expect(error?.status == 400)
        #expect(error?.message == message)
    }

    @Test func getPolicyVersionReturnsTheDocumentAndRefusesOtherVersions() async throws {
        let arn = "arn:aws:iam::123456789012:policy/Read"
        try store.createPolicy(name: "Read", document: Self.readProducts)
        let version = try await call(iam, "GetPolicyVersion", ["PolicyArn": .string(arn), "VersionId": "v1"])
        #expect(version["PolicyVersion"]?["Document"]?.stringValue == URLEncoding.encode(Self.readProducts))
        #expect(version["PolicyVersion"]?["IsDefaultVersion"] == true)
        let missing = await failure(iam, "GetPolicyVersion", ["PolicyArn": .string(arn), "VersionId": "v2"])
        #expect(missing?.code == "NoSuchEntity")
        #expect(missing?.status == 404)
        #expect(missing?.message == "Policy \(arn) version v2 does not exist or is not attachable.")
        for bad in ["1", "v0", "va", "v1.!"] {
            let invalid = await failure(iam, "GetPolicyVersion", ["PolicyArn": .string(arn), "VersionId": .string(bad)])
            #expect(invalid?.code == "ValidationError", "\(bad)")
            #expect(invalid?.message.contains("at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?") == true)
        }
        // A well-formed id of a version this policy lacks is missing, not invalid.
        #expect(await failure(iam, "GetPolicyVersion", ["PolicyArn": .string(arn), "VersionId": "v12.a-b"])?.code == "NoSuchEntity")
    }

    @Test func deleteAndDetachRolePolicyNameWhatIsMissing() async throws {
        try store.createRole(name: "Reader", trustPolicy: Self.trust)
        let inline = await failure(iam, "DeleteRolePolicy", ["RoleName": "Reader", "PolicyName": "nope"])
        #expect(inline == AWSError(code: "NoSuchEntity", message: "The role policy with name nope cannot be found.", status: 404))
        let attached = await failure(iam, "DetachRolePolicy", ["RoleName": "Reader", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"])
        #expect(attached == AWSError(code: "NoSuchEntity", message: "Policy arn:aws:iam::aws:policy/AdministratorAccess was not found.", status: 404))
        let role = await failure(iam, "DeleteRolePolicy", ["RoleName": "Ghost", "PolicyName": "x"])
        #expect(role?.message == "The role with name Ghost cannot be found.")
    }

    @Test func eachOperationIsAuthorisedOnTheARNItNames() async throws {
        try store.createUser(name: "viewer")
        try store.putUserPolicy(userName: "viewer", policyName: "list", document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListAccessKeys","Resource":"arn:aws:iam::123456789012:user/viewer"}]}"#)
        let key = try store.createAccessKey(userName: "viewer")
        // Its own keys, by name or by default; nobody else's, and no other list.
        #expect(try await call(iam, "ListAccessKeys", key: key.accessKeyId)["AccessKeyMetadata"]?.arrayValue?.count == 1)
        let others = await failure(iam, "ListAccessKeys", ["UserName": "operator"], key: key.accessKeyId)
        #expect(others?.code == "AccessDenied")
        #expect(others?.message.contains("iam:ListAccessKeys on resource: arn:aws:iam::123456789012:user/operator") == true)
        for (operation, input, resource) in [
            ("ListPolicies", [:], "*"), ("ListUsers", [:], "*"),
            ("GetPolicyVersion", ["PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess", "VersionId": "v1"], "arn:aws:iam::aws:policy/AdministratorAccess"),
            ("ListPolicyVersions", ["PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"], "arn:aws:iam::aws:policy/AdministratorAccess"),
        ] as [(String, JSONObject, String)] {
            let denied = await failure(iam, operation, input, key: key.accessKeyId)
            #expect(denied?.status == 403, "\(operation)")
            #expect(denied?.message.contains("iam:\(operation) on resource: \(resource)") == true, "\(operation): \(denied?.message ?? "")")
        }
    }

    @Test func getSessionTokenGivesTheUserTemporaryCredentialsThatCannotCallIAM() async throws {
        let issued = try await call(sts, "GetSessionToken", ["DurationSeconds": "900"])
        let credentials = try #require(issued["Credentials"])
        let key = try #require(credentials["AccessKeyId"]?.stringValue)
        #expect(key.hasPrefix("ASIA"))
        #expect(credentials["Expiration"] == "2025-11-24T16:15:00Z")
        #expect(credentials["SessionToken"]?.stringValue?.isEmpty == false)
        let identity = try await call(sts, "GetCallerIdentity", key: key)
        #expect(identity["Arn"] == "arn:aws:iam::123456789012:user/operator")
        let again = await failure(sts, "GetSessionToken", key: key)
        #expect(again == AWSError(code: "AccessDenied", message: "Cannot call GetSessionToken with session credentials", status: 403))
        let iamCall = await failure(iam, "ListUsers", key: key)
        #expect(iamCall?.code == "InvalidClientTokenId")
        #expect(iamCall?.status == 403)
        #expect(iamCall?.message == "The security token included in the request is invalid.")
        let tooLong = await failure(sts, "GetSessionToken", ["DurationSeconds": "200000"])
        #expect(tooLong?.code == "ValidationError")
        #expect(try await call(sts, "GetSessionToken")["Credentials"]?["Expiration"] == "2025-11-25T04:00:00Z", "12 hours by default")
    }

    @Test func aRoleSessionIsRefusedGetSessionTokenAndMustNameAUser() async throws {
        try store.createRole(name: "Reader", trustPolicy: Self.trust)
        let assumed = try await call(sts, "AssumeRole", ["RoleArn": "arn:aws:iam::123456789012:role/Reader", "RoleSessionName": "reader"])
        let key = try #require(assumed["Credentials"]?["AccessKeyId"]?.stringValue)
        let refused = await failure(sts, "GetSessionToken", key: key)
        #expect(refused == AWSError(code: "AccessDenied", message: "Cannot call GetSessionToken with session credentials", status: 403))
        let unnamed = await failure(iam, "ListAccessKeys", key: key)
        #expect(unnamed == AWSError(code: "ValidationError", message: "Must specify userName when calling with non-User credentials", status: 400))
    }
}
