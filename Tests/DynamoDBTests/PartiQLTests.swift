import Core
@testable import DynamoDB
import Testing

@Suite struct PartiQLTests {
    private typealias F = OperationFixture

    private func engine() throws -> DynamoDBEngine {
        let engine = F.engine()
        try F.createTable(engine)
        try F.put(engine, pk: "t1", sk: "a", #""v":{"N":"1"},"tags":{"SS":["x","y"]},"doc":{"M":{"deep":{"L":[{"S":"q"}]}}}"#)
        try F.put(engine, pk: "t1", sk: "b", #""v":{"N":"2"}"#)
        try F.put(engine, pk: "t1", sk: "c", #""v":{"N":"3"}"#)
        try F.put(engine, pk: "t2", sk: "a", #""v":{"N":"4"}"#)
        return engine
    }

    /// ExecuteStatement with `statement` and parameters written as wire JSON.
    private func request(_ statement: String, _ parameters: [String] = [], extra: JSONObject = [:]) -> JSON {
        var object: JSONObject = ["Statement": .string(statement)]
        if !parameters.isEmpty { object["Parameters"] = .array(parameters.map(F.json)) }
        for (name, value) in extra { object[name] = value }
        return .object(object)
    }

    @discardableResult
    private func execute(
        _ engine: DynamoDBEngine, _ statement: String, _ parameters: [String] = [], extra: JSONObject = [:],
        authorizer: any DynamoDBAuthorizer = AllowAllDynamoDBAccess()
    ) throws -> JSON {
        try engine.handle("ExecuteStatement", input: request(statement, parameters, extra: extra), authorizer: authorizer)
    }

    private func failure(_ engine: DynamoDBEngine, _ statement: String, _ parameters: [String] = [], extra: JSONObject = [:]) -> DynamoDBError? {
        TableFixture.error { try execute(engine, statement, parameters, extra: extra) }
    }

    private func values(_ response: JSON, _ attribute: String = "v") throws -> [String] {
        try F.items(response).map { item in
            switch item[attribute] {
            case .n(let number)?: "\(number)"
            case .s(let text)?: text
            default: "-"
            }
        }
    }

    @Test func selectsByKeyRangesAndConditions() throws {
        let engine = try engine()
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE pk = 't1'"#)) == ["1", "2", "3"])
        #expect(try values(execute(engine, #"SELECT * FROM items WHERE pk = ? AND sk > ?"#, [#"{"S":"t1"}"#, #"{"S":"a"}"#])) == ["2", "3"])
        #expect(try values(execute(engine, #"select v from "items" where pk = 't1' and sk between 'b' and 'c'"#)) == ["2", "3"])
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE pk = 't1' AND v IN [1, 3]"#)) == ["1", "3"])
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE pk = 't1' AND (v = 1 OR v >= 3)"#)) == ["1", "3"])
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE pk = 't1' AND begins_with(sk, 'b')"#)) == ["2"])
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE pk = 't1' AND attribute_exists(tags) AND size(tags) = 2"#)) == ["1"])
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE pk = 't1' AND doc.deep[0] = 'q'"#)) == ["1"])
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE pk = 't1' AND attribute_not_exists(tags) AND NOT v = 2"#)) == ["3"])
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE tags IS MISSING AND v <> 2"#)).sorted() == ["3", "4"])
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE v > 2"#)).sorted() == ["3", "4"])
        let projected = try F.items(execute(engine, #"SELECT sk, doc.deep FROM "items" WHERE pk = 't1' AND sk = 'a'"#))
        #expect(projected == [["sk": .s("a"), "doc": .m(["deep": .l([.s("q")])])]])
    }

    @Test func pagesWithLimitAndNextToken() throws {
        let engine = try engine()
        let first = try execute(engine, #"SELECT * FROM "items" WHERE pk = 't1'"#, extra: ["Limit": 2])
        #expect(try values(first) == ["1", "2"])
        let token = try #require(first["NextToken"])
        let second = try execute(engine, #"SELECT * FROM "items" WHERE pk = 't1'"#, extra: ["Limit": 2, "NextToken": token])
        #expect(try values(second) == ["3"])
        #expect(failure(engine, #"SELECT * FROM "items""#, extra: ["NextToken": "not a token"])?.message == "Invalid NextToken")
        #expect(failure(engine, #"SELECT * FROM "items""#, extra: ["Limit": 0])?.code == "ValidationException")
    }

    @Test func insertsUpdatesAndDeletes() throws {
        let engine = try engine()
        try execute(engine, #"INSERT INTO "items" VALUE {'pk': 't3', 'sk': ?, 'n': 1.50, 's': <<'a', 'b'>>, 'l': [1, 'x', true, null], 'm': {'k': -2}}"#, [#"{"S":"a"}"#])
        #expect(try F.stored(engine, pk: "t3", sk: "a") == [
            "pk": .s("t3"), "sk": .s("a"), "n": .n(try DynamoNumber(parsing: "1.5")), "s": .ss(["a", "b"]),
            "l": .l([.n(DynamoNumber(1)), .s("x"), .bool(true), .null]), "m": .m(["k": .n(DynamoNumber(-2))]),
        ])
        let duplicate = failure(engine, #"INSERT INTO "items" VALUE {'pk': 't3', 'sk': 'a'}"#)
        #expect(duplicate == DynamoDBError(code: "DuplicateItemException", message: "Duplicate primary key exists in table"))

        let updated = try execute(engine, #"UPDATE "items" SET n = n + 1 SET w = 'new' REMOVE l WHERE pk = 't3' AND sk = 'a' RETURNING ALL NEW *"#)
        let item = try #require(try F.items(updated).first)
        #expect(item["n"] == .n(try DynamoNumber(parsing: "2.5")) && item["w"] == .s("new") && item["l"] == nil)
        try execute(engine, #"UPDATE "items" SET s = set_add(s, <<'c'>>), m.k = 5 WHERE pk = 't3' AND sk = 'a'"#)
        #expect(try F.stored(engine, pk: "t3", sk: "a")?["s"] == .ss(["a", "b", "c"]))

        #expect(failure(engine, #"UPDATE "items" SET w = 1 WHERE pk = 'nobody' AND sk = 'a'"#)?.code == "ConditionalCheckFailedException")
        #expect(failure(engine, #"UPDATE "items" SET w = 1 WHERE pk = 't3'"#)?.message == "Where clause does not contain a mandatory equality on all key attributes")
        #expect(failure(engine, #"UPDATE "items" SET w = 1 WHERE pk = 't3' OR sk = 'a'"#)?.message == "Where clause does not contain a mandatory equality on all key attributes")
        #expect(failure(engine, #"UPDATE "items" SET sk = 'z' WHERE pk = 't3' AND sk = 'a'"#)?.message
            == "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key")

        // Conditions beyond the key, with the item returned on failure when asked.
        let refused = failure(engine, #"DELETE FROM "items" WHERE pk = 't3' AND sk = 'a' AND w = 'old'"#, extra: ["ReturnValuesOnConditionCheckFailure": "ALL_OLD"])
        #expect(refused?.code == "ConditionalCheckFailedException" && refused?.item?["w"] == .s("new"))
        let deleted = try execute(engine, #"DELETE FROM "items" WHERE pk = 't3' AND sk = 'a' AND w = 'new' RETURNING ALL OLD *"#)
        #expect(try F.items(deleted).first?["w"] == .s("new"))
        #expect(try F.stored(engine, pk: "t3", sk: "a") == nil)
        // Deleting a missing item by its key alone is no error.
        try execute(engine, #"DELETE FROM "items" WHERE pk = 't3' AND sk = 'a'"#)
    }

    @Test func refusesMalformedStatementsAsDynamoDBDoes() throws {
        let engine = try engine()
        #expect(failure(engine, "EXPLAIN SELECT * FROM items")?.message == "Statement wasn't well formed, can't be processed: Expected data manipulation")
        #expect(failure(engine, #"SELECT * FROM "items" WHERE"#)?.message == "Statement wasn't well formed, can't be processed: Unexpected end of statement")
        #expect(failure(engine, #"SELECT * FROM "items" WHERE pk = 'open"#)?.message == "Statement wasn't well formed, can't be processed: Unterminated quoted text")
        #expect(failure(engine, #"SELECT * FROM "items" WHERE pk = ?"#)?.message == "Number of parameters in request and statement don't match.")
        #expect(failure(engine, #"SELECT * FROM "items" WHERE pk = 'a'"#, [#"{"S":"a"}"#])?.message == "Number of parameters in request and statement don't match.")
        #expect(failure(engine, #"INSERT INTO "items" VALUE 'x'"#)?.code == "ValidationException")
        #expect(failure(engine, #"INSERT INTO "items" VALUE {'pk': 'x', 'sk': 'y', 'pk': 'z'}"#)?.code == "ValidationException")
        #expect(failure(engine, #"SELECT * FROM "missing""#)?.code == "ResourceNotFoundException")
        #expect(failure(engine, #"SELECT * FROM "items"."nope""#)?.message == "The table does not have the specified index: nope")
        #expect(failure(engine, "")?.code == "ValidationException")
        #expect(failure(engine, String(repeating: " ", count: 8193))?.message.contains("less than or equal to 8192") == true)
    }

    @Test func hostileStatementsFailQuicklyWithoutCrashing() throws {
        let engine = try engine()
        let deepList = "INSERT INTO items VALUE {'pk': 'x', 'sk': 'y', 'l': " + String(repeating: "[", count: 4000) + String(repeating: "]", count: 4000) + "}"
        #expect(failure(engine, deepList)?.message == "Nesting Levels have exceeded supported limits")
        let deepParens = "SELECT * FROM items WHERE " + String(repeating: "(", count: 4000) + "v = 1" + String(repeating: ")", count: 4000)
        #expect(failure(engine, deepParens)?.message == "Nesting Levels have exceeded supported limits")
        let nots = "SELECT * FROM items WHERE " + String(repeating: "NOT ", count: 2000) + "v = 1"
        #expect(failure(engine, nots)?.code == "ValidationException")
        let chain = "SELECT * FROM items WHERE " + Array(repeating: "v = 1", count: 400).joined(separator: " AND ")
        #expect(failure(engine, chain)?.message.hasPrefix("Statement wasn't well formed") == true)
        #expect(failure(engine, "SELECT * FROM items WHERE v = 1 ~")?.message == "Statement wasn't well formed, can't be processed: Unexpected character")
    }

    @Test func statementsAuthoriseAsTheirPartiQLActionWithTheirKeys() throws {
        let engine = try OperationQueryTests.engine()
        let orders = "\(F.arn)/orders"
        func accesses(_ statement: String) throws -> [DynamoDBAccess] {
            let recorder = RecordingAuthorizer()
            try execute(engine, statement, authorizer: recorder)
            return recorder.accesses
        }
        #expect(try accesses(#"SELECT * FROM "orders" WHERE pk = 't1' AND sk > 'a'"#) == [DynamoDBAccess(
            action: "dynamodb:PartiQLSelect", resource: orders, leadingKeys: ["t1"], select: "ALL_ATTRIBUTES", fullTableScan: false
        )])
        #expect(try accesses(#"SELECT sk FROM "orders" WHERE note = 'x'"#) == [DynamoDBAccess(
            action: "dynamodb:PartiQLSelect", resource: orders, attributes: ["note", "sk"], select: "SPECIFIC_ATTRIBUTES", fullTableScan: true
        )])
        #expect(try accesses(#"SELECT * FROM "orders"."byStatus" WHERE status = 'open'"#) == [DynamoDBAccess(
            action: "dynamodb:PartiQLSelect", resource: "\(orders)/index/byStatus", leadingKeys: ["open"], select: "ALL_ATTRIBUTES", fullTableScan: false
        )])
        #expect(try accesses(#"INSERT INTO "orders" VALUE {'pk': 't2', 'sk': 'new', 'note': 'n'}"#) == [DynamoDBAccess(
            action: "dynamodb:PartiQLInsert", resource: orders, leadingKeys: ["t2"], attributes: ["note", "pk", "sk"]
        )])
        #expect(try accesses(#"UPDATE "orders" SET note = 'm' WHERE pk = 't2' AND sk = 'new' AND attribute_exists(note) RETURNING MODIFIED OLD *"#) == [DynamoDBAccess(
            action: "dynamodb:PartiQLUpdate", resource: orders, leadingKeys: ["t2"], attributes: ["note", "pk", "sk"], returnValues: "UPDATED_OLD"
        )])
        #expect(try accesses(#"DELETE FROM "orders" WHERE pk = 't2' AND sk = 'new'"#) == [DynamoDBAccess(
            action: "dynamodb:PartiQLDelete", resource: orders, leadingKeys: ["t2"], attributes: ["pk", "sk"]
        )])
        #expect(DynamoDBAccess(action: "dynamodb:PartiQLSelect", resource: orders, fullTableScan: true).conditionKeys == ["dynamodb:FullTableScan": ["true"]])
    }

    @Test func aTenantReachesOnlyItsOwnPartitionThroughPartiQL() throws {
        let engine = try engine()
        let tenant = TenantAuthorizer(tenant: "t1")
        #expect(try values(execute(engine, #"SELECT * FROM "items" WHERE pk = 't1' AND sk = 'a'"#, authorizer: tenant)) == ["1"])
        try execute(engine, #"UPDATE "items" SET v = 9 WHERE pk = 't1' AND sk = 'b'"#, authorizer: tenant)
        try execute(engine, #"INSERT INTO "items" VALUE {'pk': 't1', 'sk': 'z'}"#, authorizer: tenant)
        for statement in [
            #"SELECT * FROM "items" WHERE pk = 't2'"#, #"UPDATE "items" SET v = 9 WHERE pk = 't2' AND sk = 'a'"#,
            #"INSERT INTO "items" VALUE {'pk': 't2', 'sk': 'z'}"#, #"DELETE FROM "items" WHERE pk = 't2' AND sk = 'a'"#,
        ] {
            #expect(TableFixture.error { try execute(engine, statement, authorizer: tenant) }?.code == "AccessDeniedException", "\(statement)")
        }
        #expect(try F.stored(engine, pk: "t2", sk: "a")?["v"] == .n(DynamoNumber(4)))
    }

    @Test func batchesReportEachStatementAndKeepReadsAndWritesApart() throws {
        let engine = try engine()
        let batch: JSON = ["Statements": [
            ["Statement": #"SELECT * FROM "items" WHERE pk = ? AND sk = 'a'"#, "Parameters": [["S": "t1"]]],
            ["Statement": #"SELECT * FROM "items" WHERE pk = 't2' AND sk = 'a'"#],
            ["Statement": #"SELECT * FROM "items" WHERE pk = 't1'"#],
            ["Statement": #"SELECT * FROM "items" WHERE"#],
        ]]
        let response = try engine.handle("BatchExecuteStatement", input: batch, authorizer: TenantAuthorizer(tenant: "t1"))
        let responses = try #require(response["Responses"]?.arrayValue)
        #expect(responses.count == 4)
        #expect(responses[0]["Item"]?["v"] == ["N": "1"] && responses[0]["TableName"] == "items")
        #expect(responses[1]["Error"]?["Code"] == "AccessDenied")
        #expect(responses[2]["Error"]?["Code"] == "ValidationError")
        #expect(responses[3]["Error"]?["Code"] == "ValidationError")

        let writes: JSON = ["Statements": [
            ["Statement": #"INSERT INTO "items" VALUE {'pk': 't1', 'sk': 'a'}"#],
            ["Statement": #"INSERT INTO "items" VALUE {'pk': 't1', 'sk': 'n'}"#],
        ]]
        let written = try engine.handle("BatchExecuteStatement", input: writes, authorizer: AllowAllDynamoDBAccess())
        #expect(written["Responses"]?.arrayValue?.map { $0["Error"]?["Code"] } == ["DuplicateItem", nil])
        let mixed: JSON = ["Statements": [["Statement": #"SELECT * FROM "items" WHERE pk = 't1' AND sk = 'a'"#], ["Statement": #"DELETE FROM "items" WHERE pk = 't1' AND sk = 'a'"#]]]
        #expect(TableFixture.error { _ = try engine.handle("BatchExecuteStatement", input: mixed, authorizer: AllowAllDynamoDBAccess()) }?.code == "ValidationException")
        #expect(F.validation(engine, "BatchExecuteStatement", #"{"Statements":[]}"#)?.contains("greater than or equal to 1") == true)
    }

    @Test func transactionsAreAllOrNothing() throws {
        let engine = try engine()
        let cancelled: JSON = ["TransactStatements": [
            ["Statement": #"UPDATE "items" SET v = 10 WHERE pk = 't1' AND sk = 'a'"#],
            ["Statement": #"INSERT INTO "items" VALUE {'pk': 't2', 'sk': 'a'}"#],
        ]]
        let error = TableFixture.error { _ = try engine.handle("ExecuteTransaction", input: cancelled, authorizer: AllowAllDynamoDBAccess()) }
        #expect(error?.code == "TransactionCanceledException" && error?.cancellationReasons.map(\.code) == ["None", "DuplicateItem"])
        #expect(try F.stored(engine, pk: "t1", sk: "a")?["v"] == .n(DynamoNumber(1)))

        let applied: JSON = ["TransactStatements": [
            ["Statement": #"UPDATE "items" SET v = 10 WHERE pk = 't1' AND sk = 'a'"#],
            ["Statement": #"DELETE FROM "items" WHERE pk = 't2' AND sk = 'a'"#],
        ]]
        _ = try engine.handle("ExecuteTransaction", input: applied, authorizer: AllowAllDynamoDBAccess())
        #expect(try F.stored(engine, pk: "t1", sk: "a")?["v"] == .n(DynamoNumber(10)) && F.stored(engine, pk: "t2", sk: "a") == nil)

        let reads: JSON = ["TransactStatements": [
            ["Statement": #"SELECT v FROM "items" WHERE pk = 't1' AND sk = 'a'"#], ["Statement": #"SELECT * FROM "items" WHERE pk = 't9' AND sk = 'a'"#],
        ]]
        let read = try engine.handle("ExecuteTransaction", input: reads, authorizer: AllowAllDynamoDBAccess())
        #expect(read["Responses"] == [["Item": ["v": ["N": "10"]]], [:]])

        let denied = TableFixture.error { _ = try engine.handle("ExecuteTransaction", input: applied, authorizer: TenantAuthorizer(tenant: "t1")) }
        #expect(denied?.code == "AccessDeniedException")
        let partial: JSON = ["TransactStatements": [["Statement": #"SELECT * FROM "items" WHERE pk = 't1'"#]]]
        #expect(TableFixture.error { _ = try engine.handle("ExecuteTransaction", input: partial, authorizer: AllowAllDynamoDBAccess()) }?.code == "ValidationException")
    }
}
