import Backend
import Core
import Foundation
import HTTP
import IAM
import SigV4
import Testing

/// saaslab's access probe (`POST /_saaslab/access-probe`) over a real backend: a role session
/// signs the probe, and the answer lists what it may do beyond its own partition and pool.
@Suite struct AccessProbeTests {
    /// Two "tenants" on one table keyed by `tenant_id`, a shared table, and a role for tenant A.
    struct Fixture {
        var platform = PlatformClient()

        init() async throws {
            for (name, key) in [("Products", "tenant_id"), ("Shared", "id")] {
                let created = try await platform.json("dynamodb", target: "DynamoDB_20120810", version: "1.0", "CreateTable", [
                    "TableName": .string(name), "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [["AttributeName": .string(key), "AttributeType": "S"], ["AttributeName": "sk", "AttributeType": "S"]],
                    "KeySchema": [["AttributeName": .string(key), "KeyType": "HASH"], ["AttributeName": "sk", "KeyType": "RANGE"]],
                ])
                try #require(created.status == 200, "\(created.body)")
            }
            try platform.backend.identities.createRole(
                name: "B-Admin", trustPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#)
        }

        /// Becomes a session of role `A-Admin` allowed exactly `statements`.
        mutating func become(_ statements: String, tags: [String: String] = [:]) throws {
            let store = platform.backend.identities
            try store.createRole(
                name: "A-Admin",
                trustPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#,
                tags: tags)
            try store.putRolePolicy(roleName: "A-Admin", policyName: "TenantAdminPolicy", document: #"{"Version":"2012-10-17","Statement":"# + statements + "}")
            guard case .found(_, _, let operatorPrincipal) = store.resolve(accessKeyId: platform.credentials.accessKeyId, at: platform.clock.now()) else {
                throw HTTPError(status: .internalServerError, code: "NoOperator", message: "")
            }
            let assumed = try SecurityTokenService(store: store).assumeRole(caller: operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/A-Admin", sessionName: "tenant-a")
            platform.credentials = AWSCredentials(
                accessKeyId: assumed.credentials.accessKeyId, secretAccessKey: assumed.credentials.secretAccessKey, sessionToken: assumed.credentials.sessionToken
            )
        }

        /// The probe's answer for tenant A against tenant B, signed for `service`.
        func probe(service: String = "dynamodb", body: String? = nil) async throws -> (status: Int, body: JSON) {
            let scope = body ?? #"{"Own": {"PartitionKey": "A", "RoleNames": ["A-Admin"]}, "Others": [{"PartitionKey": "B", "RoleNames": ["B-Admin"]}], "TenantTables": ["Products"]}"#
            var request = HTTPRequest(method: "POST", target: "/_saaslab/access-probe", headers: ["Host": "127.0.0.1:8080", "Content-Type": "application/json"], text: scope)
            try SigV4Signer(credentials: platform.credentials, region: "us-east-1", service: service).sign(&request, at: platform.clock.now())
            let response = try await InProcessClient(responder: platform.backend.router).send(request)
            return (response.status, try JSON.parse(bytes: response.body))
        }

        /// The leaks' summaries.
        static func leaks(_ answer: JSON) -> [String] {
            (answer["Leaks"]?.arrayValue ?? []).compactMap { $0["Summary"]?.stringValue }
        }
    }

    static let ownPartition = #"{"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["A"]}}"#

    @Test func aRoleConfinedToItsPartitionLeaksNothingAndEveryOperationIsProbed() async throws {
        var fixture = try await Fixture()
        try fixture.become(#"[{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:BatchWriteItem"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Products", "Condition": "# + Self.ownPartition + "}]")
        let answer = try await fixture.probe()
        #expect(answer.status == 200, "\(answer.body)")
        #expect(Fixture.leaks(answer.body).isEmpty)
        #expect(answer.body["Unprobed"]?.arrayValue?.isEmpty == true, "\(answer.body["Unprobed"] ?? .null)")
        #expect(answer.body["Ungated"] == ["sts:GetCallerIdentity"])
        let allowed = answer.body["Own"]?["Allowed"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(Set(allowed) == [
            "dynamodb:GetItem on the own partition of Products", "dynamodb:Query on the own partition of Products",
            "dynamodb:PutItem on the own partition of Products", "dynamodb:BatchWriteItem on the own partition of Products",
        ])
        // Beyond the tenant: every item operation on B's partition of both tables, both tables
        // whole, the account's lists, the user-pool, identity-pool, IAM and STS operations.
        #expect((answer.body["Refused"]?.intValue ?? 0) > 90)
    }

    @Test(arguments: [
        // An action the app never sends, without the condition.
        (#"{"Effect": "Allow", "Action": "dynamodb:UpdateItem", "Resource": "*"}"#, "dynamodb:UpdateItem on tenant B's partition of Products is allowed"),
        // A wildcard that also grants a table-level action, which names no partition.
        (#"{"Effect": "Allow", "Action": "dynamodb:Delete*", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Products", "Condition": "# + ownPartition + "}",
         "dynamodb:DeleteTable on the whole of Products is allowed"),
        // The right condition on the wrong resource reaches the provider's table.
        (#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*", "Condition": "# + ownPartition + "}",
         "dynamodb:GetItem on the tenant's partition of shared table Shared is allowed"),
        // StringEquals without ForAllValues: a batch naming both partitions passes.
        (#"{"Effect": "Allow", "Action": "dynamodb:BatchGetItem", "Resource": "*", "Condition": {"StringEquals": {"dynamodb:LeadingKeys": ["A"]}}}"#,
         "dynamodb:BatchGetItem on a batch across the tenant's and tenant B's partitions of Products is allowed"),
        // IAM on the tenant's own role rewrites its own permissions.
        (#"{"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "arn:aws:iam::123456789012:role/A-*"}"#,
         "iam:PutRolePolicy on the tenant's own role A-Admin is allowed"),
        // B's role trusts only its identity pool, so only the tenant's own (trusting the account) is assumable.
        (#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}"#, "sts:AssumeRole on the tenant's own role A-Admin is allowed"),
        (#"{"Effect": "Allow", "Action": "cognito-idp:ListUserPools", "Resource": "*"}"#, "cognito-idp:ListUserPools on the account's user pools is allowed"),
    ])
    func aLeakIsNamedWithTheStatementThatAllowedIt(statement: String, leak: String) async throws {
        var fixture = try await Fixture()
        try fixture.become("[" + statement + "]")
        let leaks = Fixture.leaks(try await fixture.probe().body)
        #expect(leaks.contains { $0.hasPrefix(leak) }, "\(leaks)")
        #expect(leaks.allSatisfy { $0.contains(#"identity-based policy "TenantAdminPolicy" allows"#) }, "\(leaks)")
    }

    @Test func aPrincipalTagCarryingTheTenantIsForgeableOnlyWhenTheRoleMayCreateUsers() async throws {
        let tagged = #"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Products", "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]}}}"#
        let creates = #"{"Effect": "Allow", "Action": "cognito-idp:AdminCreateUser", "Resource": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_A"}"#
        let scope = #"{"Own": {"PartitionKey": "A", "UserPoolId": "us-east-1_A"}, "Others": [{"PartitionKey": "B", "UserPoolId": "us-east-1_B"}], "TenantTables": ["Products"]}"#
        for (statements, leaks) in [("[" + tagged + "]", false), ("[" + tagged + "," + creates + "]", true)] {
            var fixture = try await Fixture()
            // The role's tag stands in for the session tag an identity pool maps from custom:tenant_id.
            try fixture.become(statements, tags: ["tenant_id": "A"])
            let found = Fixture.leaks(try await fixture.probe(body: scope).body)
            #expect(found.contains { $0.contains("through a user this role creates with cognito-idp:AdminCreateUser in its own pool, its tenant_id set to B") } == leaks, "\(found)")
        }
    }

    @Test func anUnsignedOrMalformedProbeIsRefused() async throws {
        let fixture = try await Fixture()
        let unsigned = try await InProcessClient(responder: fixture.platform.backend.router).send(
            HTTPRequest(method: "POST", target: "/_saaslab/access-probe", headers: ["Host": "127.0.0.1:8080"], text: "{}"))
        #expect(unsigned.status == 403)
        #expect(unsigned.bodyText.contains("MissingAuthenticationToken"))
        let malformed = try await fixture.probe(body: #"{"Own": 1}"#)
        #expect(malformed.status == 400)
        #expect(malformed.body["message"]?.stringValue?.contains("own") == true, "\(malformed.body)")
    }

    /// A stray `UserPoolId` must not let an account-wide user-pool call borrow one pool's
    /// permissions.
    @Test func accountWideUserPoolCallsAreAuthorisedOnStarWhateverTheInput() async throws {
        var fixture = try await Fixture()
        try fixture.become(#"[{"Effect": "Allow", "Action": "cognito-idp:*", "Resource": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_A"}]"#)
        let listed = try await fixture.platform.json(
            "cognito-idp", target: "AWSCognitoIdentityProviderService", version: "1.1", "ListUserPools", ["MaxResults": 10, "UserPoolId": "us-east-1_A"])
        #expect(listed.status == 400)
        #expect(listed.body["__type"]?.stringValue?.contains("AccessDenied") == true, "\(listed.body)")
    }
}
