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
        try client.use(sessionFrom: assumed)
        return client
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
}
