import Backend
import Core
import Foundation
import HTTP
import Testing

/// DynamoDB as an SDK sees it: JSON 1.0, SigV4, and every call authorised by IAM for the
/// caller with `dynamodb:LeadingKeys`; the tenant-isolation lesson in a few requests.
@Suite struct PlatformDynamoDBTests {
    static let tenantPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"ProductTable","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query","dynamodb:Scan","dynamodb:BatchWriteItem","dynamodb:BatchGetItem"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Product","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}}]}"#

    private func dynamo(_ client: PlatformClient, _ operation: String, _ body: JSON) async throws -> (status: Int, body: JSON, response: HTTPResponse) {
        try await client.json("dynamodb", target: "DynamoDB_20120810", version: "1.0", operation, body)
    }

    private static func key(_ tenant: String, _ id: String) -> JSON {
        ["tenant_id": ["S": .string(tenant)], "id": ["S": .string(id)]]
    }

    /// A Product table with one item per tenant, and a client holding tenant A's session.
    private func tenantA() async throws -> PlatformClient {
        var client = PlatformClient()
        let created = try await dynamo(client, "CreateTable", [
            "TableName": "Product", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [["AttributeName": "tenant_id", "KeyType": "HASH"], ["AttributeName": "id", "KeyType": "RANGE"]],
            "AttributeDefinitions": [["AttributeName": "tenant_id", "AttributeType": "S"], ["AttributeName": "id", "AttributeType": "S"]],
        ])
        #expect(created.status == 200, "\(created.body)")
        for tenant in ["TENANTa", "TENANTb"] {
            _ = try await dynamo(client, "PutItem", ["TableName": "Product", "Item": Self.key(tenant, "p1")])
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

    @Test func ownPartitionIsAllowed() async throws {
        let client = try await tenantA()
        let own = try await dynamo(client, "GetItem", ["TableName": "Product", "Key": Self.key("TENANTa", "p1")])
        #expect(own.status == 200)
        #expect(own.body["Item"]?["tenant_id"]?["S"] == "TENANTa")
        #expect(own.response.headers["x-amz-crc32"] == String(CRC32.checksum(own.response.body)))
    }

    @Test func anotherTenantsPartitionIsRefusedWithAWSsMessageAndWhy() async throws {
        let client = try await tenantA()
        let refused = try await dynamo(client, "Query", [
            "TableName": "Product", "KeyConditionExpression": "tenant_id = :t", "ExpressionAttributeValues": [":t": ["S": "TENANTb"]],
        ])
        #expect(refused.status == 400)
        #expect(refused.body["__type"] == "com.amazon.coral.service#AccessDeniedException")
        let message = try #require(refused.body["Message"]?.stringValue)
        #expect(message.hasPrefix("User: arn:aws:sts::123456789012:assumed-role/TenantAdmin/tenant-a is not authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Product because no identity-based policy allows the dynamodb:Query action"))
        #expect(message.contains("ForAllValues:StringEquals dynamodb:LeadingKeys"))
        #expect(message.contains("TENANTb"))
    }

    @Test func aBatchWithOneForeignKeyIsRefusedWholeAndWritesNothing() async throws {
        let client = try await tenantA()
        let batch = try await dynamo(client, "BatchWriteItem", ["RequestItems": ["Product": [
            ["PutRequest": ["Item": Self.key("TENANTa", "p2")]],
            ["PutRequest": ["Item": Self.key("TENANTb", "p2")]],
        ]]])
        #expect(batch.body["__type"] == "com.amazon.coral.service#AccessDeniedException")
        let ownAfter = try await dynamo(client, "GetItem", ["TableName": "Product", "Key": Self.key("TENANTa", "p2")])
        #expect(ownAfter.body["Item"] == nil)
    }

    @Test func scanCarriesNoLeadingKeysSoForAllValuesLetsItReadEveryTenant() async throws {
        let client = try await tenantA()
        let scanned = try await dynamo(client, "Scan", ["TableName": "Product"])
        #expect(scanned.status == 200)
        #expect(scanned.body["Count"]?.intValue == 2)
    }

    @Test func engineErrorsKeepDynamoDBsShapes() async throws {
        let client = PlatformClient()
        let missing = try await dynamo(client, "DescribeTable", ["TableName": "Nope"])
        #expect(missing.body["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException")
        let unknown = try await dynamo(client, "FlyToTheMoon", [:])
        #expect(unknown.status == 400)
        #expect(unknown.body["__type"] == "com.amazon.coral.service#UnknownOperationException")
        let malformed = try await dynamo(client, "PutItem", ["TableName": "Nope", "Item": ["a": ["N": "not-a-number"]]])
        #expect(malformed.body["__type"] == "com.amazonaws.dynamodb.v20120810#ValidationException")
    }

    @Test func aCancelledTransactionListsItsReasons() async throws {
        let client = try await tenantA()
        var admin = client
        admin.credentials = .init(accessKeyId: BackendConfig.exampleOperatorKey.accessKeyId, secretAccessKey: BackendConfig.exampleOperatorKey.secretAccessKey)
        let cancelled = try await dynamo(admin, "TransactWriteItems", ["TransactItems": [
            ["Put": ["TableName": "Product", "Item": Self.key("TENANTa", "p9")]],
            ["Put": ["TableName": "Product", "Item": Self.key("TENANTb", "p1"), "ConditionExpression": "attribute_not_exists(id)"]],
        ]])
        #expect(cancelled.body["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionCanceledException")
        #expect(cancelled.body["CancellationReasons"]?[0]?["Code"] == "None")
        #expect(cancelled.body["CancellationReasons"]?[1]?["Code"] == "ConditionalCheckFailed")
        let notWritten = try await dynamo(admin, "GetItem", ["TableName": "Product", "Key": Self.key("TENANTa", "p9")])
        #expect(notWritten.body["Item"] == nil)
    }
}
