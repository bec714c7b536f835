import Core
@testable import DynamoDB
import Testing

@Suite struct OperationTransactionTests {
    private typealias F = OperationFixture

    private func engine() throws -> DynamoDBEngine {
        let engine = F.engine()
        try F.createTable(engine)
        try F.createTable(engine, name: "tenants", sorted: false)
        try F.put(engine, pk: "t1", sk: "stock", #""n":{"N":"5"}"#)
        try F.put(engine, table: "tenants", pk: "t1", #""active":{"BOOL":true}"#)
        return engine
    }

    /// Takes `quantity` from stock (refusing to go below zero), records an order, checks the
    /// tenant is active and deletes a cart item.
    private func order(_ quantity: Int, id: String, extraOnStock: String = "") -> String {
        """
        {"TransactItems":[
          {"Update":{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"stock"}},"UpdateExpression":"SET n = n - :q",
            "ConditionExpression":"n >= :q","ExpressionAttributeValues":{":q":{"N":"\(quantity)"}}\(extraOnStock)}},
          {"Put":{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"order#\(id)"},"q":{"N":"\(quantity)"}},
            "ConditionExpression":"attribute_not_exists(sk)"}},
          {"ConditionCheck":{"TableName":"tenants","Key":{"pk":{"S":"t1"}},"ConditionExpression":"active = :yes",
            "ExpressionAttributeValues":{":yes":{"BOOL":true}}}},
          {"Delete":{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"cart"}}}}
        ]}
        """
    }

    /// `order` with a ClientRequestToken, as SDKs send it.
    private func order(_ quantity: Int, id: String, token: String) -> String {
        let body = order(quantity, id: id)
        return String(body.dropLast(1)) + #","ClientRequestToken":"\#(token)"}"#
    }

    @Test func aRetriedTokenReplaysTheResultWithoutWritingTwice() throws {
        let engine = try engine()
        #expect(try F.run(engine, "TransactWriteItems", order(2, id: "1", token: "retry-1")) == [:])
        // The client's response was lost; the SDK sends the same request again.
        #expect(try F.run(engine, "TransactWriteItems", order(2, id: "1", token: "retry-1")) == [:])
        #expect(try F.stored(engine, pk: "t1", sk: "stock")?["n"] == TableFixture.number("3"))
    }

    @Test func aTokenReusedForAnotherRequestIsRefused() throws {
        let engine = try engine()
        _ = try F.run(engine, "TransactWriteItems", order(2, id: "1", token: "t"))
        #expect {
            try F.run(engine, "TransactWriteItems", order(1, id: "2", token: "t"))
        } throws: { error in
            (error as? DynamoDBError)?.code == "IdempotentParameterMismatchException"
        }
        #expect(try F.stored(engine, pk: "t1", sk: "order#2") == nil)
    }

    @Test func aTokenIsForgottenAfterTenMinutes() throws {
        let engine = try engine()
        let clock = try #require(engine.catalog.clock as? ManualClock)
        _ = try F.run(engine, "TransactWriteItems", order(2, id: "1", token: "old"))
        clock.advance(by: 601)
        // A new request under the expired token is a new transaction, not a mismatch.
        #expect(try F.run(engine, "TransactWriteItems", order(1, id: "2", token: "old")) == [:])
        #expect(try F.stored(engine, pk: "t1", sk: "stock")?["n"] == TableFixture.number("2"))
    }

    @Test func writesEverythingOrNothing() throws {
        let engine = try engine()
        try F.put(engine, pk: "t1", sk: "cart")
        #expect(try F.run(engine, "TransactWriteItems", order(2, id: "1")) == [:])
        #expect(try F.stored(engine, pk: "t1", sk: "stock")?["n"] == TableFixture.number("3"))
        #expect(try F.stored(engine, pk: "t1", sk: "order#1") != nil)
        #expect(try F.stored(engine, pk: "t1", sk: "cart") == nil)

        // Too many: the update's condition fails, and the put, check and delete do not happen.
        let failed = F.error(engine, "TransactWriteItems", order(4, id: "2"))
        #expect(failed?.code == "TransactionCanceledException")
        #expect(failed?.message == "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None, None]")
        #expect(failed?.cancellationReasons == [
            .init(code: "ConditionalCheckFailed", message: "The conditional request failed"), .init(code: "None"), .init(code: "None"), .init(code: "None"),
        ])
        #expect(try F.stored(engine, pk: "t1", sk: "order#2") == nil)
        #expect(try F.stored(engine, pk: "t1", sk: "stock")?["n"] == TableFixture.number("3"))
    }

    @Test func reasonsFollowRequestOrderAndCanCarryTheItem() throws {
        let engine = try engine()
        try F.put(engine, pk: "t1", sk: "order#1")
        try F.run(engine, "PutItem", #"{"TableName":"tenants","Item":{"pk":{"S":"t1"},"active":{"BOOL":false}}}"#)
        let failed = F.error(engine, "TransactWriteItems", order(1, id: "1", extraOnStock: #","ReturnValuesOnConditionCheckFailure":"ALL_OLD""#))
        // The stock update is fine this time; the put and the check fail.
        #expect(failed?.cancellationReasons.map(\.code) == ["None", "ConditionalCheckFailed", "ConditionalCheckFailed", "None"])
        #expect(failed?.message.hasSuffix("[None, ConditionalCheckFailed, ConditionalCheckFailed, None]") == true)
        #expect(try F.stored(engine, pk: "t1", sk: "stock")?["n"] == TableFixture.number("5"))

        try F.run(engine, "PutItem", #"{"TableName":"tenants","Item":{"pk":{"S":"t1"},"active":{"BOOL":true}}}"#)
        let withItem = F.error(engine, "TransactWriteItems", order(9, id: "9", extraOnStock: #","ReturnValuesOnConditionCheckFailure":"ALL_OLD""#))
        #expect(withItem?.cancellationReasons.first?.item?["n"] == TableFixture.number("5"))
    }

    @Test func requestRefusals() throws {
        let engine = try engine()
        let stock = #"{"ConditionCheck":{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"stock"}},"ConditionExpression":"attribute_exists(n)"}}"#
        let put = #"{"Put":{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"stock"}}}}"#
        #expect(F.validation(engine, "TransactWriteItems", #"{"TransactItems":[\#(stock),\#(put)]}"#)
            == "Transaction request cannot include multiple operations on one item")
        #expect(F.validation(engine, "TransactWriteItems", #"{"TransactItems":[]}"#)
            == "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
        let many = (0..<101).map { #"{"Put":{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"k\#($0)"}}}}"# }.joined(separator: ",")
        #expect(F.validation(engine, "TransactWriteItems", #"{"TransactItems":[\#(many)]}"#)
            == "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100")
        let hundred = (0..<100).map { #"{"Put":{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"k\#($0)"}}}}"# }.joined(separator: ",")
        try F.run(engine, "TransactWriteItems", #"{"TransactItems":[\#(hundred)]}"#)
        #expect(try engine.catalog.table(named: "items").describe().itemCount == 101)
        #expect(F.validation(engine, "TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"items","Item":{"pk":{"S":"t1"},"sk":{"S":"a"}}},"Delete":{"TableName":"items","Key":{}}}]}"#)
            == "TransactItems can only contain one of Check, Put, Update or Delete")
        #expect(F.validation(engine, "TransactWriteItems", #"{"TransactItems":[{"ConditionCheck":{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}}}}]}"#)
            == "1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null")
        #expect(F.validation(engine, "TransactWriteItems", #"{"TransactItems":[{"Update":{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"a"}},"UpdateExpression":"SET pk = :v","ExpressionAttributeValues":{":v":{"S":"x"}}}}]}"#)
            == "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key")
        #expect(F.error(engine, "TransactWriteItems", #"{"TransactItems":[{"Delete":{"TableName":"nothere","Key":{"pk":{"S":"t1"}}}}]}"#) == .resourceNotFound())
    }

    @Test func transactGetReadsEveryItemAtOnce() throws {
        let engine = try engine()
        let read = try F.run(engine, "TransactGetItems", """
        {"TransactItems":[
          {"Get":{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"stock"}},"ProjectionExpression":"n"}},
          {"Get":{"TableName":"items","Key":{"pk":{"S":"t1"},"sk":{"S":"missing"}}}},
          {"Get":{"TableName":"tenants","Key":{"pk":{"S":"t1"}}}}
        ],"ReturnConsumedCapacity":"TOTAL"}
        """)
        #expect(read == F.json("""
        {"Responses":[{"Item":{"n":{"N":"5"}}},{},{"Item":{"active":{"BOOL":true},"pk":{"S":"t1"}}}],
         "ConsumedCapacity":[{"TableName":"items","CapacityUnits":4.0},{"TableName":"tenants","CapacityUnits":2.0}]}
        """))
        #expect(F.validation(engine, "TransactGetItems", #"{"TransactItems":[{"Get":{"TableName":"tenants","Key":{"pk":{"S":"t1"}}}},{"Get":{"TableName":"tenants","Key":{"pk":{"S":"t1"}}}}]}"#)
            == "Transaction request cannot include multiple operations on one item")
        #expect(F.validation(engine, "TransactGetItems", #"{"TransactItems":[{}]}"#)
            == "1 validation error detected: Value null at 'transactItems.1.member.get' failed to satisfy constraint: Member must not be null")
    }
}
