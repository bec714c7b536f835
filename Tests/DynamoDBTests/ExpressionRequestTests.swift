import DynamoDB
import Testing

@Suite struct ExpressionRequestTests {
    let schema = QueryKeySchema(partitionKey: "tenant_id", sortKey: "sk")

    @Test func placeholdersAreAccountedAcrossAllExpressions() throws {
        let request = try RequestExpressions(
            keyCondition: "tenant_id = :t AND begins_with(sk, :p)", keySchema: schema,
            filter: "#s = :active", projection: "#s, title",
            names: ["#s": "status"], values: [":t": str("acme"), ":p": str("ord#"), ":active": str("ACTIVE")])
        #expect(request.keyCondition?.sortCondition == .beginsWith(str("ord#")))
        #expect(request.filter?.evaluate(["status": str("ACTIVE")]) == true)
        #expect(request.projection?.paths.count == 2)
        #expect(request.attributeNames == ["tenant_id", "sk", "status", "title"])
    }

    @Test func unusedPlaceholdersAreRefusedSortedAndCommaSeparated() {
        #expect(expressionError {
            _ = try RequestExpressions(condition: "a = :a", values: [":a": num("1"), ":x": num("2")])
        } == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}")
        #expect(expressionError {
            _ = try RequestExpressions(condition: "a = :a", values: [":a": num("1"), ":z": num("2"), ":b": num("3")])
        } == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b, :z}")
        #expect(expressionError {
            _ = try RequestExpressions(projection: "#a", names: ["#a": "a", "#n": "n"])
        } == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}")
    }

    @Test func aPlaceholderUsedByAnyExpressionCounts() throws {
        let request = try RequestExpressions(condition: "attribute_exists(#a)", update: "SET #a = :v, #b = :v",
                                             names: ["#a": "a", "#b": "b"], values: [":v": num("1")])
        #expect(request.attributesWritten == ["a", "b"])
        #expect(request.attributesRead == ["a"])
    }

    @Test func undefinedPlaceholdersNameTheirExpression() {
        #expect(expressionError { _ = try RequestExpressions(keyCondition: "tenant_id = :t", keySchema: schema, filter: "x = :z", values: [":t": str("a")]) }
            == "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :z")
        #expect(expressionError { _ = try RequestExpressions(condition: "#n = :v", update: "SET a = :v", values: [":v": str("a")]) }
            == "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n")
    }

    @Test func mapsNeedExpressionsAndContent() {
        #expect(expressionError { _ = try RequestExpressions(values: [":v": str("a")]) }
            == "ExpressionAttributeValues can only be specified when using expressions")
        #expect(expressionError { _ = try RequestExpressions(names: ["#n": "a"]) }
            == "ExpressionAttributeNames can only be specified when using expressions")
        #expect(expressionError { _ = try RequestExpressions(condition: "attribute_exists(a)", values: [:]) }
            == "ExpressionAttributeValues must not be empty")
        #expect(expressionError { _ = try RequestExpressions(condition: "attribute_exists(a)", names: [:]) }
            == "ExpressionAttributeNames must not be empty")
        #expect(expressionError { _ = try RequestExpressions() } == nil)
    }

    @Test func updateErrorsComeBeforeConditionErrors() {
        #expect(expressionError { _ = try RequestExpressions(condition: "a =", update: "SET") }
            == #"Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET""#)
    }

    @Test func filterRunsOverManyItemsWithOneParse() throws {
        let filter = try ConditionExpression("begins_with(sk, :p) AND (size(tags) > :two OR price BETWEEN :lo AND :hi)", kind: .filter,
                                             values: [":p": str("item#"), ":two": num("2"), ":lo": num("10"), ":hi": num("20")])
        var matched = 0
        for index in 0..<2_000 {
            let item: Item = ["sk": str(index % 2 == 0 ? "item#\(index)" : "other#\(index)"), "price": num("\(index % 30)"),
                              "tags": .ss(index % 3 == 0 ? ["a", "b", "c"] : ["a"])]
            if filter.evaluate(item) { matched += 1 }
        }
        // Even indexes whose price (index % 30) is 10...20 or whose index is a multiple of 3.
        let expected = (0..<2_000).filter { $0 % 2 == 0 && ($0 % 3 == 0 || (10...20).contains($0 % 30)) }.count
        #expect(matched == expected)
    }
}
