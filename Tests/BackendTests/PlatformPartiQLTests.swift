import Backend
import Core
import Foundation
import HTTP
import Testing

/// PartiQL through IAM: a tenant-scoped role granted the PartiQL actions with a
/// `ForAllValues:StringEquals dynamodb:LeadingKeys` condition reads and writes its own
/// partition and is refused another's, exactly as with the item operations. A SELECT with
/// no partition-key equality is a scan: it has no LeadingKeys, so ForAllValues holds
/// vacuously, the same trap as Scan, which `dynamodb:FullTableScan` closes.
@Suite struct PlatformPartiQLTests {
    static let tenantPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:PartiQLSelect","dynamodb:PartiQLInsert","dynamodb:PartiQLUpdate","dynamodb:PartiQLDelete"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Product","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}},{"Effect":"Deny","Action":"dynamodb:PartiQLSelect","Resource":"*","Condition":{"Bool":{"dynamodb:FullTableScan":"true"}}}]}"#

    private func dynamo(_ client: PlatformClient, _ operation: String, _ body: JSON) async throws -> (status: Int, body: JSON, response: HTTPResponse) {
        try await client.json("dynamodb", target: "DynamoDB_20120810", version: "1.0", operation, body)
    }

    private func statement(_ client: PlatformClient, _ text: String, _ parameters: [String] = []) async throws -> (status: Int, body: JSON) {
        var body: JSONObject = ["Statement": .string(text)]
        if !parameters.isEmpty { body["Parameters"] = .array(parameters.map { ["S": .string($0)] }) }
        let response = try await dynamo(client, "ExecuteStatement", .object(body))
        return (response.status, response.body)
    }

    private func tenantA() async throws -> PlatformClient {
        try await tenantAAndAdmin().tenant
    }

    /// Tenant A's session, and the administrator who set the platform up.
    private func tenantAAndAdmin() async throws -> (tenant: PlatformClient, admin: PlatformClient) {
        var client = PlatformClient()
        _ = try await dynamo(client, "CreateTable", [
            "TableName": "Product", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [["AttributeName": "tenant_id", "KeyType": "HASH"], ["AttributeName": "id", "KeyType": "RANGE"]],
            "AttributeDefinitions": [["AttributeName": "tenant_id", "AttributeType": "S"], ["AttributeName": "id", "AttributeType": "S"]],
        ])
        for tenant in ["TENANTa", "TENANTb"] {
            _ = try await statement(client, #"INSERT INTO "Product" VALUE {'tenant_id': ?, 'id': 'p1', 'name': 'x'}"#, [tenant])
        }
        _ = try await client.query("iam", "CreateRole", [("RoleName", "TenantAdmin"), ("AssumeRolePolicyDocument", PlatformIAMTests.trust)])
        _ = try await client.query("iam", "PutRolePolicy", [("RoleName", "TenantAdmin"), ("PolicyName", "tenant"), ("PolicyDocument", Self.tenantPolicy)])
        let assumed = try await client.query("sts", "AssumeRole", [
            ("RoleArn", "arn:aws:iam::123456789012:role/TenantAdmin"), ("RoleSessionName", "tenant-a"),
            ("Tags.member.1.Key", "tenant_id"), ("Tags.member.1.Value", "TENANTa"),
        ])
        let admin = client
        try client.use(sessionFrom: assumed)
        return (client, admin)
    }

    @Test func aTenantPolicyOnPartiQLKeepsEachTenantInItsPartition() async throws {
        let client = try await tenantA()
        let own = try await statement(client, #"SELECT * FROM "Product" WHERE tenant_id = ? AND id = 'p1'"#, ["TENANTa"])
        #expect(own.status == 200 && own.body["Items"]?[0]?["name"] == ["S": "x"], "\(own.body)")
        #expect(try await statement(client, #"UPDATE "Product" SET name = 'y' WHERE tenant_id = ? AND id = 'p1'"#, ["TENANTa"]).status == 200)
        #expect(try await statement(client, #"INSERT INTO "Product" VALUE {'tenant_id': ?, 'id': 'p2'}"#, ["TENANTa"]).status == 200)
        #expect(try await statement(client, #"DELETE FROM "Product" WHERE tenant_id = ? AND id = 'p2'"#, ["TENANTa"]).status == 200)

        for (text, action) in [
            (#"SELECT * FROM "Product" WHERE tenant_id = ?"#, "PartiQLSelect"),
            (#"UPDATE "Product" SET name = 'stolen' WHERE tenant_id = ? AND id = 'p1'"#, "PartiQLUpdate"),
            (#"INSERT INTO "Product" VALUE {'tenant_id': ?, 'id': 'p9'}"#, "PartiQLInsert"),
            (#"DELETE FROM "Product" WHERE tenant_id = ? AND id = 'p1'"#, "PartiQLDelete"),
        ] {
            let refused = try await statement(client, text, ["TENANTb"])
            #expect(refused.status == 400 && refused.body["__type"] == "com.amazon.coral.service#AccessDeniedException", "\(text)")
            #expect(refused.body["Message"]?.stringValue?.contains("dynamodb:\(action)") == true)
        }
        // The scan trap: no LeadingKeys, so only the explicit FullTableScan deny stops it.
        let scan = try await statement(client, #"SELECT * FROM "Product""#)
        #expect(scan.body["__type"] == "com.amazon.coral.service#AccessDeniedException")
        #expect(scan.body["Message"]?.stringValue?.contains("explicit deny") == true, "\(scan.body)")

        let batch = try await dynamo(client, "BatchExecuteStatement", ["Statements": [
            ["Statement": #"SELECT * FROM "Product" WHERE tenant_id = 'TENANTa' AND id = 'p1'"#],
            ["Statement": #"SELECT * FROM "Product" WHERE tenant_id = 'TENANTb' AND id = 'p1'"#],
        ]])
        #expect(batch.body["Responses"]?[0]?["Item"]?["name"] == ["S": "y"])
        #expect(batch.body["Responses"]?[1]?["Error"]?["Code"] == "AccessDenied")
        let transaction = try await dynamo(client, "ExecuteTransaction", ["TransactStatements": [
            ["Statement": #"UPDATE "Product" SET name = 'z' WHERE tenant_id = 'TENANTa' AND id = 'p1'"#],
            ["Statement": #"UPDATE "Product" SET name = 'z' WHERE tenant_id = 'TENANTb' AND id = 'p1'"#],
        ]])
        #expect(transaction.body["__type"] == "com.amazon.coral.service#AccessDeniedException")
        #expect(try await statement(client, #"SELECT name FROM "Product" WHERE tenant_id = 'TENANTa' AND id = 'p1'"#).body["Items"] == [["name": ["S": "y"]]])
    }

    /// Every way a WHERE can name more than the caller's partition is either carried in
    /// LeadingKeys or is a scan (which the FullTableScan deny refuses); what a statement
    /// with the caller's own partition key equality reads or writes stays in that partition.
    @Test func noStatementShapeReachesAnotherTenantsPartition() async throws {
        let (client, admin) = try await tenantAAndAdmin()
        func refused(_ text: String, _ parameters: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let answer = try await statement(client, text, parameters)
            #expect(answer.body["__type"] == "com.amazon.coral.service#AccessDeniedException", "\(text): \(answer.body)", sourceLocation: sourceLocation)
        }
        for text in [
            #"SELECT * FROM "Product" WHERE tenant_id = 'TENANTa' OR tenant_id = 'TENANTb'"#,
            #"SELECT * FROM "Product" WHERE tenant_id IN ['TENANTa', 'TENANTb']"#,
            #"SELECT * FROM "Product" WHERE ((tenant_id = 'TENANTb')) AND id = 'p1'"#,
            #"SELECT * FROM "Product" WHERE NOT tenant_id <> 'TENANTb'"#,
            #"SELECT * FROM "Product" WHERE tenant_id BETWEEN 'TENANTa' AND 'TENANTb'"#,
            #"SELECT * FROM "Product" WHERE begins_with(tenant_id, 'TENANT')"#,
            #"SELECT * FROM "Product" WHERE "TENANT_ID" = 'TENANTa'"#,
            #"SELECT * FROM "Product" WHERE "tenant_id" = 'TENANTb'"#,
            #"SELECT * FROM "Product" WHERE tenant_id = 5"#,
            #"SELECT * FROM "Product" WHERE id = 'p1' AND (tenant_id = 'TENANTa' OR tenant_id = 'TENANTb')"#,
            #"INSERT INTO "Product" VALUE {'tenant_id': 'TENANTb', 'id': 'p7'}"#,
            #"DELETE FROM "Product" WHERE "tenant_id" = 'TENANTb' AND id = 'p1'"#,
        ] {
            try await refused(text)
        }
        try await refused(#"SELECT * FROM "Product" WHERE tenant_id = ? OR tenant_id = ?"#, ["TENANTa", "TENANTb"])

        // The first partition-key equality picks the partition; the rest filters it.
        for text in [
            #"SELECT * FROM "Product" WHERE tenant_id = 'TENANTa' AND tenant_id = 'TENANTb'"#,
            #"SELECT * FROM "Product" WHERE tenant_id = 'TENANTa' AND (id = 'p1' OR tenant_id = 'TENANTb')"#,
        ] {
            let answer = try await statement(client, text)
            #expect(answer.status == 200, "\(text): \(answer.body)")
            #expect(answer.body["Items"]?.arrayValue?.allSatisfy { $0["tenant_id"] == ["S": "TENANTa"] } == true, "\(text): \(answer.body)")
        }
        // Writes name one item by top-level equalities; an OR or a second key value moves nothing.
        for text in [
            #"UPDATE "Product" SET name = 'stolen' WHERE tenant_id = 'TENANTa' AND id = 'p1' OR tenant_id = 'TENANTb' AND id = 'p1'"#,
            #"UPDATE "Product" SET tenant_id = 'TENANTb' WHERE tenant_id = 'TENANTa' AND id = 'p1'"#,
            #"UPDATE "Product" SET name = 'stolen' WHERE tenant_id = 'TENANTa' AND id = 'p1' AND tenant_id = 'TENANTb'"#,
            #"DELETE FROM "Product" WHERE (tenant_id = 'TENANTa' OR tenant_id = 'TENANTb') AND id = 'p1'"#,
        ] {
            let answer = try await statement(client, text)
            #expect(answer.status == 400, "\(text): \(answer.body)")
        }
        let theirs = try await statement(admin, #"SELECT * FROM "Product" WHERE tenant_id = 'TENANTb'"#)
        #expect(theirs.body["Items"] == [["tenant_id": ["S": "TENANTb"], "id": ["S": "p1"], "name": ["S": "x"]]], "\(theirs.body)")
        let mine = try await statement(admin, #"SELECT * FROM "Product" WHERE tenant_id = 'TENANTa'"#)
        #expect(mine.body["Items"] == [["tenant_id": ["S": "TENANTa"], "id": ["S": "p1"], "name": ["S": "x"]]], "\(mine.body)")

        // A batch or transaction mixing partitions is refused statement by statement, or whole.
        let batch = try await dynamo(client, "BatchExecuteStatement", ["Statements": [
            ["Statement": #"INSERT INTO "Product" VALUE {'tenant_id': 'TENANTa', 'id': 'p8'}"#],
            ["Statement": #"INSERT INTO "Product" VALUE {'tenant_id': 'TENANTb', 'id': 'p8'}"#],
        ]])
        #expect(batch.body["Responses"]?[1]?["Error"]?["Code"] == "AccessDenied", "\(batch.body)")
        let transaction = try await dynamo(client, "ExecuteTransaction", ["TransactStatements": [
            ["Statement": #"SELECT * FROM "Product" WHERE tenant_id = 'TENANTa' AND id = 'p1'"#],
            ["Statement": #"SELECT * FROM "Product" WHERE tenant_id = 'TENANTb' AND id = 'p1'"#],
        ]])
        #expect(transaction.body["__type"] == "com.amazon.coral.service#AccessDeniedException", "\(transaction.body)")
    }
}
