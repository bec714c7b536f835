import Core
@testable import DynamoDB
import Testing

/// A refused access stops the request before it touches anything.
@Suite struct OperationDenialTests {
    private typealias F = OperationFixture
    private let tenant = TenantAuthorizer(tenant: "t1")

    private func engine() throws -> DynamoDBEngine {
        let engine = F.engine()
        try F.createTable(engine)
        try F.put(engine, pk: "t1", sk: "a", #""v":{"N":"1"}"#)
        try F.put(engine, pk: "t2", sk: "a", #""v":{"N":"2"}"#)
        return engine
    }

    private func denied(_ engine: DynamoDBEngine, _ operation: String, _ request: String) -> Bool {
        F.error(engine, operation, request, authorizer: tenant)?.code == "AccessDeniedException"
    }

    @Test func oneForeignKeyRefusesAWholeBatch() throws {
        let engine = try engine()
        #expect(denied(engine, "BatchWriteItem", """
        {"RequestItems":{"items":[{"PutRequest":{"Item":{"pk":{"S":"t1"},"sk":{"S":"new"}}}},
          {"DeleteRequest":{"Key":{"pk":{"S":"t2"},"sk":{"S":"a"}}}}]}}
        """))
        #expect(try F.stored(engine, pk: "t1", sk: "new") == nil)
        #expect(try F.stored(engine, pk: "t2", sk: "a") != nil)
        #expect(denied(engine, "BatchGetItem", """
        {"RequestItems":{"items":{"Keys":[{"pk":{"S":"t1"},"sk":{"S":"a"}},{"pk":{"S":"t2"},"sk":{"S":"a"}}]}}}
        """))
        #expect(denied(engine, "TransactWriteItems", """
        {"TransactItems":[{"Put":{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"tx"}}}},
          {"Update":{"TableName":"items","Key":{"pk":{"S":"t2"},"sk":{"S":"a"}},"UpdateExpression":"REMOVE v"}}]}
        """))
        #expect(try F.stored(engine, pk: "t1", sk: "tx") == nil)
        #expect(try F.stored(engine, pk: "t2", sk: "a")?["v"] == TableFixture.number("2"))
        // The tenant's own keys pass.
        try F.run(engine, "BatchWriteItem", #"{"RequestItems":{"items":[{"PutRequest":{"Item":{"pk":{"S":"t1"},"sk":{"S":"new"}}}}]}}"#, authorizer: tenant)
        #expect(try F.stored(engine, pk: "t1", sk: "new") != nil)
    }

    @Test func foreignItemsAreNeitherReadNorWritten() throws {
        let engine = try engine()
        #expect(denied(engine, "PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t2"},"sk":{"S":"a"},"v":{"N":"9"}}}"#))
        #expect(denied(engine, "UpdateItem", #"{"TableName":"items","Key":{"pk":{"S":"t2"},"sk":{"S":"a"}},"UpdateExpression":"REMOVE v"}"#))
        #expect(denied(engine, "DeleteItem", #"{"TableName":"items","Key":{"pk":{"S":"t2"},"sk":{"S":"a"}}}"#))
        #expect(denied(engine, "GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t2"},"sk":{"S":"a"}}}"#))
        #expect(denied(engine, "Query", #"{"TableName":"items","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"t2"}}}"#))
        #expect(try F.stored(engine, pk: "t2", sk: "a")?["v"] == TableFixture.number("2"))
        let own = try F.run(engine, "Query", #"{"TableName":"items","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"t1"}}}"#, authorizer: tenant)
        #expect(own["Count"] == 1)
        // A Scan names no partition, so a leading-keys policy alone lets it through: the
        // reason AWS's examples never grant Scan to tenants.
        #expect(try F.run(engine, "Scan", #"{"TableName":"items"}"#, authorizer: tenant)["Count"] == 2)
    }

    @Test func refusalDoesNotDependOnTheTableExisting() throws {
        let engine = try engine()
        try F.createTable(engine, name: "secret")
        for table in ["secret", "nosuch"] {
            #expect(denied(engine, "GetItem", #"{"TableName":"\#(table)","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}}}"#))
            #expect(denied(engine, "Query", #"{"TableName":"\#(table)","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"t1"}}}"#))
        }
        // Allowed on the ARN, a missing table is then not found.
        let allowed = TenantAuthorizer(tenant: "t1", tables: ["items", "nosuch"])
        #expect(F.error(engine, "GetItem", #"{"TableName":"nosuch","Key":{"pk":{"S":"t1"}}}"#, authorizer: allowed) == .resourceNotFound())
        let recorder = RecordingAuthorizer()
        _ = F.error(engine, "Query", #"{"TableName":"nosuch","IndexName":"gsi","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"t1"}}}"#, authorizer: recorder)
        #expect(recorder.accesses == [DynamoDBAccess(action: "dynamodb:Query", resource: "\(F.arn)/nosuch/index/gsi")])
    }

    @Test func malformedRequestsFailBeforeAuthorisation() throws {
        let engine = try engine()
        let recorder = RecordingAuthorizer()
        for (operation, request) in [
            ("PutItem", #"{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"z"}},"ReturnValues":"ALL_NEW"}"#),
            ("GetItem", #"{"TableName":"items","Key":{"pk":{"S":"t1"}}}"#),
            ("Query", #"{"TableName":"items"}"#),
            ("Scan", #"{"TableName":"items","Segment":3,"TotalSegments":2}"#),
            ("BatchWriteItem", #"{"RequestItems":{}}"#),
            ("TransactWriteItems", #"{"TransactItems":[]}"#),
        ] {
            #expect(F.error(engine, operation, request, authorizer: recorder)?.code == "ValidationException")
        }
        #expect(recorder.accesses.isEmpty)
    }
}
