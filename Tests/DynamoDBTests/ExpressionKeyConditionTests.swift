import DynamoDB
import Testing

@Suite struct ExpressionKeyConditionTests {
    let schema = QueryKeySchema(partitionKey: "tenant_id", sortKey: "sk")
    let values: [String: AttributeValue] = [":t": str("acme"), ":a": str("a"), ":z": str("z"), ":n": num("5")]

    func parse(_ text: String, schema: QueryKeySchema? = nil, names: [String: String] = [:]) throws -> KeyCondition {
        try KeyCondition(text, schema: schema ?? self.schema, names: names, values: values)
    }

    func error(_ text: String, schema: QueryKeySchema? = nil) -> String? {
        expressionError { _ = try parse(text, schema: schema) }
    }

    @Test(arguments: [
        ("tenant_id = :t AND sk = :a", SortKeyCondition.equal(str("a"))),
        ("tenant_id = :t AND sk < :a", .lessThan(str("a"))),
        ("tenant_id = :t AND sk <= :a", .lessThanOrEqual(str("a"))),
        ("tenant_id = :t AND sk > :a", .greaterThan(str("a"))),
        ("tenant_id = :t AND sk >= :a", .greaterThanOrEqual(str("a"))),
        ("tenant_id = :t AND sk BETWEEN :a AND :z", .between(str("a"), str("z"))),
        ("tenant_id = :t AND begins_with(sk, :a)", .beginsWith(str("a"))),
        // Either order, values on either side, extra parentheses.
        ("sk > :a AND tenant_id = :t", .greaterThan(str("a"))),
        (":a < sk AND :t = tenant_id", .greaterThan(str("a"))),
        ("(tenant_id = :t) AND (sk <= :a)", .lessThanOrEqual(str("a"))),
    ])
    func structuredResult(text: String, sort: SortKeyCondition) throws {
        let condition = try parse(text)
        #expect(condition.partitionKeyName == "tenant_id")
        #expect(condition.partitionValue == str("acme"))
        #expect(condition.sortKeyName == "sk")
        #expect(condition.sortCondition == sort)
    }

    @Test func partitionOnlyAndPlaceholders() throws {
        let condition = try parse("#p = :t", names: ["#p": "tenant_id"])
        #expect(condition.sortCondition == nil)
        #expect(condition.matches(["tenant_id": str("acme"), "sk": str("anything")]))
        #expect(!condition.matches(["tenant_id": str("other")]))
        let hashOnly = try parse("tenant_id = :t", schema: QueryKeySchema(partitionKey: "tenant_id"))
        #expect(hashOnly.sortKeyName == nil)
    }

    @Test func sortConditionsMatchValues() {
        #expect(SortKeyCondition.between(num("1"), num("10")).matches(num("10")))
        #expect(!SortKeyCondition.between(num("1"), num("10")).matches(num("10.5")))
        #expect(SortKeyCondition.beginsWith(str("ord#")).matches(str("ord#2024")))
        #expect(!SortKeyCondition.lessThan(str("b")).matches(num("1")))
        #expect(SortKeyCondition.greaterThanOrEqual(.b([1])).matches(.b([1, 0])))
    }

    @Test(arguments: [
        ("sk = :a", "Query condition missed key schema element: tenant_id"),
        ("colour = :a", "Query condition missed key schema element: tenant_id"),
        ("tenant_id = :t AND colour = :a", "Query condition missed key schema element: sk"),
        ("tenant_id > :t", "Query key condition not supported"),
        ("begins_with(tenant_id, :t)", "Query key condition not supported"),
        ("tenant_id BETWEEN :a AND :z", "Query key condition not supported"),
        ("tenant_id = :t OR sk = :a", "Invalid operator used in KeyConditionExpression: OR"),
        ("tenant_id = :t AND NOT sk = :a", "Invalid operator used in KeyConditionExpression: NOT"),
        ("tenant_id = :t AND sk <> :a", "Invalid operator used in KeyConditionExpression: <>"),
        ("tenant_id = :t AND sk IN (:a, :z)", "Invalid operator used in KeyConditionExpression: IN"),
        ("tenant_id = :t AND contains(sk, :a)", "Invalid operator used in KeyConditionExpression: contains"),
        ("tenant_id = :t AND attribute_exists(sk)", "Invalid operator used in KeyConditionExpression: attribute_exists"),
        ("tenant_id = :t AND size(sk) = :n", "Invalid operator used in KeyConditionExpression: size"),
        ("tenant_id = :t AND sk = :a AND sk = :z", "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key"),
        ("tenant_id = :t AND sk.part = :a", "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"),
        ("tenant_id = sk", "Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"),
        ("tenant_id = :t AND :a = :z", "Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: No key attribute specified"),
        ("tenant_id = :t AND foo(sk)", "Invalid KeyConditionExpression: Invalid function name; function: foo"),
        ("tenant_id = :t AND begins_with(sk, :n)", "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        ("tenant_id = :t AND sk BETWEEN :z AND :a", "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:z}, upper bound operand: AttributeValue: {S:a}"),
    ])
    func refusals(text: String, message: String) {
        #expect(error(text) == message)
    }

    @Test func nonKeyConditionOnHashOnlyTable() {
        #expect(error("tenant_id = :t AND colour = :a", schema: QueryKeySchema(partitionKey: "tenant_id")) == "Query key condition not supported")
    }

    @Test func valuesMustMatchDeclaredKeyTypes() {
        let typed = QueryKeySchema(partitionKey: "tenant_id", sortKey: "sk", partitionKeyType: "S", sortKeyType: "N")
        #expect(error("tenant_id = :t AND sk > :n", schema: typed) == nil)
        #expect(error("tenant_id = :n", schema: typed) == "One or more parameter values were invalid: Condition parameter type does not match schema type")
        #expect(error("tenant_id = :t AND sk > :a", schema: typed) == "One or more parameter values were invalid: Condition parameter type does not match schema type")
    }
}
