@testable import DynamoDB
import Testing

// Shorthands shared by the expression tests.

func num(_ text: String) -> AttributeValue {
    // Test literals are valid numbers.
    .n(try! DynamoNumber(parsing: text))
}

func str(_ text: String) -> AttributeValue { .s(text) }

/// The message a throwing body fails with, or nil when it succeeds.
func expressionError(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as DynamoDBError {
        return error.message
    } catch {
        return "not a DynamoDBError: \(error)"
    }
}

/// Parses a filter and evaluates it against `item`.
func holds(_ text: String, _ item: Item, names: [String: String] = [:], values: [String: AttributeValue] = [:]) throws -> Bool {
    try ConditionExpression(text, kind: .filter, names: names, values: values).evaluate(item)
}

@Suite struct ExpressionGrammarTests {
    let values: [String: AttributeValue] = [":x": num("1"), ":y": num("2"), ":z": num("3"), ":s": str("p")]

    func tree(_ text: String, names: [String: String] = [:]) throws -> ConditionNode {
        try ConditionExpression(text, names: names, values: values).root
    }

    func path(_ names: String...) -> Operand {
        .path(DocumentPath(names.map { .attribute($0) }))
    }

    @Test func andBindsTighterThanOr() throws {
        let a = ConditionNode.compare(.equal, path("a"), .value(num("1")))
        let b = ConditionNode.compare(.equal, path("b"), .value(num("2")))
        let c = ConditionNode.compare(.equal, path("c"), .value(num("3")))
        #expect(try tree("a = :x OR b = :y AND c = :z") == .or(a, .and(b, c)))
        #expect(try tree("a = :x AND b = :y OR c = :z") == .or(.and(a, b), c))
        #expect(try tree("(a = :x OR b = :y) AND c = :z") == .and(.or(a, b), c))
        #expect(try tree("a = :x and b = :y or c = :z") == .or(.and(a, b), c))
    }

    @Test func notBindsTighterThanAnd() throws {
        let a = ConditionNode.compare(.equal, path("a"), .value(num("1")))
        let b = ConditionNode.compare(.equal, path("b"), .value(num("2")))
        #expect(try tree("NOT a = :x AND b = :y") == .and(.not(a), b))
        #expect(try tree("NOT (a = :x AND b = :y)") == .not(.and(a, b)))
        #expect(try tree("not not a = :x") == .not(.not(a)))
    }

    @Test func parenthesesNestAndOperandsMayBeGrouped() throws {
        let a = ConditionNode.compare(.equal, path("a"), .value(num("1")))
        let b = ConditionNode.compare(.less, path("b"), .value(num("2")))
        let c = ConditionNode.compare(.greaterOrEqual, path("c"), .value(num("3")))
        #expect(try tree("(a = :x AND (b < :y OR (c >= :z)))") == .and(a, .or(b, c)))
        #expect(try tree("(a) = (:x)") == a)
    }

    @Test func betweenAndInBindTighterThanLogic() throws {
        let between = ConditionNode.between(path("a"), .value(num("1")), .value(num("3")))
        let membership = ConditionNode.isIn(path("b"), [.value(num("1")), .value(num("2"))])
        #expect(try tree("a BETWEEN :x AND :z AND b IN (:x, :y)") == .and(between, membership))
        #expect(try tree("a between :x and :z or b in (:x,:y)") == .or(between, membership))
    }

    @Test func functionsAndSizeAsOperand() throws {
        #expect(try tree("attribute_exists(a) AND size(b) > :x")
            == .and(.attributeExists(DocumentPath(attribute: "a")), .compare(.greater, .size(path("b")), .value(num("1")))))
        #expect(try tree("begins_with(a, :s) OR contains(b, :s)")
            == .or(.beginsWith(path("a"), .value(str("p"))), .contains(path("b"), .value(str("p")))))
        #expect(try tree("NOT attribute_not_exists(a)") == .not(.attributeNotExists(DocumentPath(attribute: "a"))))
    }

    @Test(arguments: [
        ("a.b[2].c", "[a, b, [2], c]"),
        ("#n[0].#m", "[tenant, [0], plan]"),
        ("a [ 10 ] . b", "[a, [10], b]"),
        ("#n.#m.x[1][2]", "[tenant, plan, x, [1], [2]]"),
    ])
    func documentPaths(text: String, rendered: String) throws {
        let expression = try ConditionExpression("attribute_exists(\(text))", names: ["#n": "tenant", "#m": "plan"])
        #expect(expression.paths.map(\.description) == [rendered])
    }

    @Test func placeholdersNameAttributesThatAreReservedOrOddlySpelled() throws {
        let expression = try ConditionExpression("#s = :v AND #d.#k = :v", names: ["#s": "status", "#d": "data-set", "#k": "a.b"],
                                                 values: [":v": str("x")])
        #expect(expression.paths.map(\.description) == ["[status]", "[data-set, a.b]"])
        #expect(expression.evaluate(["status": str("x"), "data-set": .m(["a.b": str("x")])]))
        #expect(expression.attributeNames == ["status", "data-set"])
    }

    @Test func keywordsAreCaseInsensitiveButFunctionNamesAreNot() throws {
        #expect(try holds("a = :v aNd NoT b = :v Or c BeTwEeN :v AnD :v", ["a": str("x")], values: [":v": str("x")]))
        #expect(expressionError { _ = try ConditionExpression("Begins_With(a, :v)", values: [":v": str("x")]) }
            == "Invalid ConditionExpression: Invalid function name; function: Begins_With")
    }

    @Test func lexerLocatesTokens() {
        let source = Array("a<>:v AND #n[12]".utf8)
        let kinds = ExpressionLexer.tokenize(source).map(\.kind)
        #expect(kinds == [.identifier, .notEqual, .valueRef, .identifier, .nameRef, .leftBracket, .integer, .rightBracket, .end])
        let tokens = ExpressionLexer.tokenize(source)
        #expect(tokens[4].start == 10 && tokens[4].end == 12)
    }

    @Test func inAcceptsOneHundredOperands() throws {
        var values: [String: AttributeValue] = [:]
        for index in 0..<101 { values[":v\(index)"] = num("\(index)") }
        let hundred = (0..<100).map { ":v\($0)" }.joined(separator: ", ")
        #expect(try holds("a IN (\(hundred))", ["a": num("99")], values: values.filter { $0.key != ":v100" }))
        let oneMore = (0..<101).map { ":v\($0)" }.joined(separator: ",")
        #expect(expressionError { _ = try ConditionExpression("a IN (\(oneMore))", kind: .filter, values: values) }
            == "Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101")
    }
}
