@testable import Backend
@testable import Cloud
import Core
import Foundation
import HTTP
import IAM
import Testing

/// The access probe counts a request beyond the tenant refused without running it when no
/// statement of the caller's could allow the action the request asks. These tests hold that
/// shortcut to what running the request says: every action a probe names is the one the
/// service really asks first, and the answer is the same with the shortcut and without.
@Suite struct AccessProbeShortcutTests {
    /// The probe fixture with real user pools and identity pools for both tenants and a
    /// table with a secondary index, so that every kind of probed request is made.
    struct Scene {
        var fixture: AccessProbeTests.Fixture
        let scope: AccessProbeScope
        private var becameTenantA = false

        init() async throws {
            fixture = try await AccessProbeTests.Fixture()
            let platform = fixture.platform
            let orders = try await platform.json("dynamodb", target: "DynamoDB_20120810", version: "1.0", "CreateTable", [
                "TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [["AttributeName": "tenant_id", "AttributeType": "S"], ["AttributeName": "order_id", "AttributeType": "S"],
                                         ["AttributeName": "status", "AttributeType": "S"], ["AttributeName": "created", "AttributeType": "S"]],
                "KeySchema": [["AttributeName": "tenant_id", "KeyType": "HASH"], ["AttributeName": "order_id", "KeyType": "RANGE"]],
                "GlobalSecondaryIndexes": [[
                    "IndexName": "ByStatus", "Projection": ["ProjectionType": "ALL"],
                    "KeySchema": [["AttributeName": "tenant_id", "KeyType": "HASH"], ["AttributeName": "status", "KeyType": "RANGE"]],
                ]],
                "LocalSecondaryIndexes": [[
                    "IndexName": "ByCreation", "Projection": ["ProjectionType": "KEYS_ONLY"],
                    "KeySchema": [["AttributeName": "tenant_id", "KeyType": "HASH"], ["AttributeName": "created", "KeyType": "RANGE"]],
                ]],
            ])
            try #require(orders.status == 200, "\(orders.body)")
            // Keys of every other kind a participant's table may have: a number and a binary
            // partition key, neither with a sort key.
            for (table, type) in [("Counters", "N"), ("Blobs", "B")] {
                let created = try await platform.json("dynamodb", target: "DynamoDB_20120810", version: "1.0", "CreateTable", [
                    "TableName": .string(table), "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [["AttributeName": "id", "AttributeType": .string(type)]],
                    "KeySchema": [["AttributeName": "id", "KeyType": "HASH"]],
                ])
                try #require(created.status == 200, "\(created.body)")
            }
            var pools: [String] = []
            var identityPools: [String] = []
            for tenant in ["A", "B"] {
                let pool = try await platform.json(
                    "cognito-idp", target: "AWSCognitoIdentityProviderService", version: "1.1", "CreateUserPool", ["PoolName": .string("pool-\(tenant)")])
                let poolId = try #require(pool.body["UserPool"]?["Id"]?.stringValue, "\(pool.body)")
                pools.append(poolId)
                let identityPool = try await platform.json("cognito-identity", target: "AWSCognitoIdentityService", version: "1.1", "CreateIdentityPool", [
                    "IdentityPoolName": .string("identities_\(tenant)"), "AllowUnauthenticatedIdentities": false,
                ])
                identityPools.append(try #require(identityPool.body["IdentityPoolId"]?.stringValue, "\(identityPool.body)"))
            }
            scope = try AccessProbeScope(json: [
                "Own": ["PartitionKey": "A", "UserPoolId": .string(pools[0]), "IdentityPoolId": .string(identityPools[0]), "RoleNames": ["A-Admin"]],
                "Others": [["PartitionKey": "B", "UserPoolId": .string(pools[1]), "IdentityPoolId": .string(identityPools[1]), "RoleNames": ["B-Admin"]]],
                "TenantTables": ["Products", "Orders"],
            ])
        }

        /// Every finding of a probe by tenant A's role allowed `statements`, with the
        /// shortcut or without it (the role is made on the first call).
        mutating func findings(_ statements: String, tags: [String: String] = [:], shortcut: Bool) async throws -> [AccessProbe.Finding] {
            if !becameTenantA {
                try fixture.become(statements, tags: tags)
                becameTenantA = true
            }
            let platform = fixture.platform
            let resolution = await IdentityCredentialResolver(store: platform.backend.identities)
                .resolve(accessKeyId: platform.credentials.accessKeyId, at: platform.clock.now())
            guard case .found(_, _, let caller) = resolution else {
                Issue.record("tenant A's session did not resolve: \(resolution)")
                return []
            }
            var probe = AccessProbe(services: platform.backend.services, region: "us-east-1", accountId: "123456789012")
            probe.skipsCertainRefusals = shortcut
            let request = HTTPRequest(method: "POST", target: "/_saaslab/access-probe", headers: ["Host": "127.0.0.1:8080"], text: "{}")
            return await probe.run(scope, caller: caller, request: request)
        }
    }

    @Test func everyActionAProbeNamesIsTheOneTheServiceAsksFirst() async throws {
        var scene = try await Scene()
        let findings = try await scene.findings(#"[{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]"#, shortcut: false)
        let named = findings.filter { $0.call.action != nil }
        // Everything but STS, whose AssumeRole is decided by the role's trust policy first.
        #expect(named.count > 250)
        #expect(findings.filter { $0.call.action == nil }.allSatisfy { $0.service.signingName == "sts" })
        // Run in full, every request reaches authorisation (none unprobed) and only
        // GetCallerIdentity needs no permission: the shortcut would hide either.
        let answer = AccessProbe.report(findings, principal: "tenant A", scope: scene.scope)
        #expect(answer["Unprobed"] == [], "\(answer["Unprobed"] ?? .null)")
        #expect(answer["Ungated"] == ["sts:GetCallerIdentity"])
        for finding in named {
            #expect(
                finding.decision?.request.action == finding.call.action,
                "\(finding.service.signingName):\(finding.call.operation) on \(finding.call.target) asked \(finding.decision?.request.action ?? "nothing") (\(finding.failure.map { "\($0.code): \($0.message)" } ?? "no error")), not \(finding.call.action ?? "")"
            )
        }
    }

    @Test(arguments: [
        // A tenant role as the lab's solution writes it: item actions on its partition.
        #"[{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:BatchWriteItem"], "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/Products", "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/index/*"], "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["A"]}}}]"#,
        // Wildcards in the action, with and without the condition.
        #"[{"Effect": "Allow", "Action": "dynamodb:*Item*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["A"]}}}, {"Effect": "Allow", "Action": "dynamodb:Delete*", "Resource": "*"}]"#,
        #"[{"Effect": "Allow", "Action": "*", "Resource": "*"}]"#,
        // NotAction allows everything it does not name.
        #"[{"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "Resource": "*"}]"#,
        // A deny never makes anything allowed.
        #"[{"Effect": "Deny", "Action": "*", "Resource": "*"}, {"Effect": "Allow", "Action": "dynamodb:Scan", "Resource": "*"}]"#,
        // PartiQL, IAM on the tenant's roles, and the identity pool's configuration.
        #"[{"Effect": "Allow", "Action": ["dynamodb:PartiQL*", "iam:PutRolePolicy", "cognito-identity:SetIdentityPoolRoles"], "Resource": "*"}]"#,
    ])
    func theAnswerIsTheSameWithTheShortcutAndWithout(statements: String) async throws {
        var scene = try await Scene()
        let full = try await scene.findings(statements, shortcut: false)
        let short = try await scene.findings(statements, shortcut: true)
        let principal = "arn:aws:sts::123456789012:assumed-role/A-Admin/tenant-a"
        #expect(AccessProbe.report(short, principal: principal, scope: scene.scope) == AccessProbe.report(full, principal: principal, scope: scene.scope))
        #expect(short.count == full.count)
    }

    @Test func aForgeablePrincipalTagIsFoundWithTheShortcut() async throws {
        var scene = try await Scene()
        let pool = try #require(scene.scope.own.userPoolId)
        let statements = #"[{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]}}}, {"Effect": "Allow", "Action": "cognito-idp:AdminCreateUser", "Resource": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/"# + pool + #""}]"#
        let short = try await scene.findings(statements, tags: ["tenant_id": "A"], shortcut: true)
        let answer = AccessProbe.report(short, principal: "tenant A", scope: scene.scope)
        let leaks = (answer["Leaks"]?.arrayValue ?? []).compactMap { $0["Summary"]?.stringValue }
        #expect(leaks.contains { $0.hasPrefix("dynamodb:GetItem on tenant B's partition of Products, through a user this role creates") }, "\(leaks)")
    }

    @Test func aNarrowRoleIsRefusedMostRequestsWithoutRunningThem() async throws {
        var scene = try await Scene()
        let findings = try await scene.findings(
            #"[{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Products", "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["A"]}}}]"#,
            shortcut: true)
        let skipped = findings.filter(\.certainlyRefused)
        #expect(skipped.count * 10 > findings.count * 9, "\(skipped.count) of \(findings.count)")
        // Never one whose action a statement names.
        #expect(skipped.allSatisfy { !["dynamodb:GetItem", "dynamodb:Query"].contains($0.call.action ?? "") })
    }
}
