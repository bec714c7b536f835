import Backend
import Core
import Foundation
import HTTP
import SigV4
import Testing

/// ListIdentities and DescribeIdentity over SigV4-signed JSON 1.1, their authorisation, and
/// the access probe's requests for them.
@Suite struct IdentityListingPlatformTests {
    static let unknownIdentity = "us-east-1:00000000-0000-4000-8000-000000000000"

    /// Two guest pools, A with two identities and B with one.
    static func twoPools() async throws -> (platform: IdentityPoolPlatform, a: String, b: String, aIdentities: [String], bIdentity: String) {
        let platform = IdentityPoolPlatform()
        let a = try await platform.createPool(allowGuests: true)
        let b = try await platform.createPool(allowGuests: true)
        var aIdentities: [String] = []
        for _ in 0..<2 {
            let got = try await platform.cognito("GetId", ["IdentityPoolId": .string(a)], signed: false)
            aIdentities.append(try #require(got.body["IdentityId"]?.stringValue))
            platform.clock.advance(by: 1)
        }
        let got = try await platform.cognito("GetId", ["IdentityPoolId": .string(b)], signed: false)
        return (platform, a, b, aIdentities, try #require(got.body["IdentityId"]?.stringValue))
    }

    @Test func listAndDescribeAsBoto3Does() async throws {
        let (platform, a, _, identities, _) = try await Self.twoPools()
        let first = try await platform.cognito("ListIdentities", ["IdentityPoolId": .string(a), "MaxResults": 1])
        #expect(first.status == 200, "\(first.body)")
        #expect(first.body["IdentityPoolId"] == .string(a))
        #expect(first.body["Identities"] == [[
            "IdentityId": .string(identities[0]), "Logins": [], "CreationDate": 1_764_000_000, "LastModifiedDate": 1_764_000_000,
        ]])
        let token = try #require(first.body["NextToken"])
        let second = try await platform.cognito("ListIdentities", ["IdentityPoolId": .string(a), "MaxResults": 1, "NextToken": token, "HideDisabled": true])
        #expect(second.body["Identities"]?[0]?["IdentityId"] == .string(identities[1]))
        #expect(second.body["NextToken"] == nil)
        let described = try await platform.cognito("DescribeIdentity", ["IdentityId": .string(identities[1])])
        #expect(described.body == ["IdentityId": .string(identities[1]), "Logins": [], "CreationDate": 1_764_000_001, "LastModifiedDate": 1_764_000_001])

        let missing = try await platform.cognito("DescribeIdentity", ["IdentityId": .string(Self.unknownIdentity)])
        #expect(missing.status == 400)
        #expect(missing.body == ["__type": "ResourceNotFoundException", "message": .string("Identity '\(Self.unknownIdentity)' not found.")])
        let noMax = try await platform.cognito("ListIdentities", ["IdentityPoolId": .string(a)])
        #expect(noMax.body["__type"] == "ValidationException")
        let tooMany = try await platform.cognito("ListIdentities", ["IdentityPoolId": .string(a), "MaxResults": 61])
        #expect(tooMany.body["message"] == "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60")
        let badToken = try await platform.cognito("ListIdentities", ["IdentityPoolId": .string(a), "MaxResults": 1, "NextToken": "!"])
        #expect(badToken.body["__type"] == "InvalidParameterException")
    }

    @Test func aRoleReadsOnlyTheIdentitiesOfThePoolsItIsAllowed() async throws {
        var (platform, a, b, identities, other) = try await Self.twoPools()
        let poolA = "arn:aws:cognito-identity:us-east-1:123456789012:identitypool/\(a)"
        try platform.become(role: "ReadA", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cognito-identity:ListIdentities","cognito-identity:DescribeIdentity"],"Resource":""# + poolA + #""}]}"#)
        #expect(try await platform.cognito("ListIdentities", ["IdentityPoolId": .string(a), "MaxResults": 5]).body["Identities"]?.arrayValue?.count == 2)
        #expect(try await platform.cognito("DescribeIdentity", ["IdentityId": .string(identities[0])]).status == 200)
        for (operation, input) in [
            ("ListIdentities", ["IdentityPoolId": .string(b), "MaxResults": 5]), ("DescribeIdentity", ["IdentityId": .string(other)]),
            ("DescribeIdentity", ["IdentityId": .string(Self.unknownIdentity)]),
        ] as [(String, JSON)] {
            let denied = try await platform.cognito(operation, input)
            #expect(denied.status == 400, "\(operation)")
            #expect(denied.body["__type"]?.stringValue?.contains("AccessDenied") == true, "\(operation): \(denied.body)")
        }
    }

    @Test func theAccessProbeAsksForEveryIdentityOperationAndNamesALeak() async throws {
        var (platform, a, b, _, _) = try await Self.twoPools()
        try platform.become(role: "Leaky", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cognito-identity:DescribeIdentity","Resource":"*"}]}"#)
        let scope = #"{"Own": {"IdentityPoolId": ""# + a + #"", "RoleNames": ["Leaky"]}, "Others": [{"IdentityPoolId": ""# + b + #""}], "TenantTables": []}"#
        var request = HTTPRequest(method: "POST", target: "/_saaslab/access-probe", headers: ["Host": "127.0.0.1:8080", "Content-Type": "application/json"], text: scope)
        try SigV4Signer(credentials: platform.credentials, region: "us-east-1", service: "cognito-identity").sign(&request, at: platform.clock.now())
        let response = try await InProcessClient(responder: platform.backend.router).send(request)
        let answer = try JSON.parse(bytes: response.body)
        #expect(response.status == 200, "\(answer)")
        #expect(answer["Unprobed"] == [], "\(answer["Unprobed"] ?? .null)")
        let leaks = (answer["Leaks"]?.arrayValue ?? []).compactMap { $0["Summary"]?.stringValue }
        #expect(leaks.contains { $0.hasPrefix("cognito-identity:DescribeIdentity on tenant") || $0.hasPrefix("cognito-identity:DescribeIdentity on other tenant 1's identity pool") }, "\(leaks)")
        let own = answer["Own"]?["Allowed"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(own.contains("cognito-identity:DescribeIdentity on the own identity pool"), "\(own)")
        #expect(answer["Ungated"] == ["sts:GetCallerIdentity"])
    }
}
