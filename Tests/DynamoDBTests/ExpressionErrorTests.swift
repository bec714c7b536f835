import DynamoDB
import Testing

/// Every message is DynamoDB's own wording, character for character.
@Suite struct ExpressionErrorTests {
    func conditionError(_ text: String, kind: ExpressionKind = .condition, names: [String: String] = [:],
                        values: [String: AttributeValue] = [":v": str("x"), ":n": num("1")]) -> String? {
        expressionError { _ = try ConditionExpression(text, kind: kind, names: names, values: values) }
    }

    @Test(arguments: [
        ("a-b", #"Syntax error; token: "-", near: "a-b""#),
        ("a = :v AND", #"Syntax error; token: "<EOF>", near: "AND""#),
        ("a =", #"Syntax error; token: "<EOF>", near: "=""#),
        ("a = = :v", #"Syntax error; token: "=", near: "= = :v""#),
        ("a AND b = :v", #"Syntax error; token: "AND", near: "a AND b""#),
        ("a", #"Syntax error; token: "<EOF>", near: "a""#),
        ("a = :v OR", #"Syntax error; token: "<EOF>", near: "OR""#),
        ("(a = :v", #"Syntax error; token: "<EOF>", near: ":v""#),
        ("a = :v)", #"Syntax error; token: ")", near: ":v)""#),
        ("a = :v b", #"Syntax error; token: "b", near: ":v b""#),
        ("a @ :v", #"Syntax error; token: "@", near: "a @ :v""#),
        ("# = :v", ##"Syntax error; token: "#", near: "# =""##),
        ("a[x] = :v", #"Syntax error; token: "x", near: "[x]""#),
        ("a BETWEEN :v", #"Syntax error; token: "<EOF>", near: ":v""#),
        ("a IN :v", #"Syntax error; token: ":v", near: "IN :v""#),
        ("a = NOT :v", #"Syntax error; token: "NOT", near: "= NOT :v""#),
        ("(a = :v) = :n", #"Syntax error; token: "=", near: ") = :n""#),
    ])
    func syntaxErrors(text: String, message: String) {
        #expect(conditionError(text) == "Invalid ConditionExpression: \(message)")
    }

    @Test(arguments: ExpressionKind.allCases)
    func syntaxErrorsNameTheMember(kind: ExpressionKind) {
        let message = expressionError {
            switch kind {
            case .condition, .filter:
                _ = try ConditionExpression("a-b", kind: kind)
            case .keyCondition:
                _ = try KeyCondition("a-b", schema: QueryKeySchema(partitionKey: "a"))
            case .projection:
                _ = try ProjectionExpression("a-b")
            case .update:
                _ = try UpdateExpression("SET a-b")
            }
        }
        #expect(message == "Invalid \(kind.memberName): Syntax error; token: \"-\", near: \"a-b\"")
    }

    @Test func updateSyntaxErrorsMatchWhatDynamoDBSaid() {
        // Both observed from DynamoDB itself.
        #expect(expressionError { _ = try UpdateExpression("ADD hits : incr", values: [":incr": num("1")]) }
            == #"Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr""#)
        #expect(expressionError { _ = try UpdateExpression("INVALID SYNTAX HERE") }
            == #"Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX""#)
    }

    @Test(arguments: ["", "   ", "\n\t"])
    func emptyExpressions(text: String) {
        #expect(conditionError(text) == "Invalid ConditionExpression: The expression can not be empty;")
        #expect(expressionError { _ = try UpdateExpression(text) } == "Invalid UpdateExpression: The expression can not be empty;")
        #expect(expressionError { _ = try ProjectionExpression(text) } == "Invalid ProjectionExpression: The expression can not be empty;")
        #expect(expressionError { _ = try KeyCondition(text, schema: QueryKeySchema(partitionKey: "pk")) }
            == "Invalid KeyConditionExpression: The expression can not be empty;")
    }

    @Test(arguments: [
        ("foo(a)", "Invalid function name; function: foo"),
        ("begins_with(a)", "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"),
        ("attribute_exists(a, b)", "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
        ("size(a, b) = :n", "Incorrect number of operands for operator or function; operator or function: size, number of operands: 2"),
        ("size(a)", "The function is not allowed to be used this way in an expression; function: size"),
        ("attribute_exists(a) = :v", "The function is not allowed to be used this way in an expression; function: attribute_exists"),
        ("attribute_exists(:v)", "Operator or function requires a document path; operator or function: attribute_exists"),
        ("attribute_not_exists(:v)", "Operator or function requires a document path; operator or function: attribute_not_exists"),
        ("begins_with(a, :n)", "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        ("size(:n) = :n", "Incorrect operand type for operator or function; operator or function: size, operand type: N"),
        ("attribute_type(a, :n)", "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"),
        ("attribute_type(a, :v)", "Invalid attribute type name found; type: x, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
        ("a = a", "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
        ("contains(a.b, a.b)", "The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a, b]"),
        ("((a = :v))", "The expression has redundant parentheses;"),
        ("((a)) = :v", "The expression has redundant parentheses;"),
        ("a BETWEEN :n AND :v", "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:x}"),
        ("a BETWEEN :two AND :n", "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}"),
    ])
    func semanticErrors(text: String, message: String) {
        #expect(conditionError(text, kind: .filter, values: [":v": str("x"), ":n": num("1"), ":two": num("2")])
            == "Invalid FilterExpression: \(message)")
    }

    @Test(arguments: [
        "status", "name", "data", "date", "size", "value", "values", "key", "keys", "user", "users", "order", "count", "year",
        "time", "timestamp", "comment", "language", "role", "group", "level", "type", "table", "index", "item", "items", "list",
        "map", "number", "string", "binary", "set", "path", "source", "state", "token", "zone", "connection", "action", "owner",
        "position", "region", "domain", "range", "hash", "Status", "NULL",
    ])
    func reservedWords(word: String) {
        let message = "Attribute name is a reserved keyword; reserved keyword: \(word)"
        #expect(conditionError("\(word) = :v", values: [":v": str("x")]) == "Invalid ConditionExpression: \(message)")
        #expect(conditionError("a.\(word) = :v", kind: .filter, values: [":v": str("x")]) == "Invalid FilterExpression: \(message)")
        #expect(expressionError { _ = try UpdateExpression("SET \(word) = :v", values: [":v": str("x")]) } == "Invalid UpdateExpression: \(message)")
        #expect(expressionError { _ = try ProjectionExpression("id, \(word)") } == "Invalid ProjectionExpression: \(message)")
        #expect(expressionError { _ = try KeyCondition("\(word) = :v", schema: QueryKeySchema(partitionKey: word), values: [":v": str("x")]) }
            == "Invalid KeyConditionExpression: \(message)")
    }

    @Test func placeholdersAvoidReservedWords() throws {
        #expect(try holds("#s = :v", ["status": str("x")], names: ["#s": "status"], values: [":v": str("x")]))
    }

    @Test func undefinedPlaceholders() {
        #expect(conditionError("a = :z", kind: .filter) == "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :z")
        #expect(conditionError("#n = :v") == "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n")
        #expect(expressionError { _ = try UpdateExpression("SET a = :z") }
            == "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :z")
        #expect(expressionError { _ = try UpdateExpression("REMOVE a.#n") }
            == "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #n")
        #expect(expressionError { _ = try ProjectionExpression("a, #n") }
            == "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #n")
        #expect(expressionError { _ = try KeyCondition("pk = :z", schema: QueryKeySchema(partitionKey: "pk")) }
            == "Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :z")
    }

    @Test func issuesAreReportedInDynamoDBsOrderNotSourceOrder() {
        // Undefined placeholders come after reserved words; reserved words after unknown functions.
        #expect(conditionError("a = :z AND status = :v") == "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status")
        #expect(conditionError("status = :v AND foo(a)") == "Invalid ConditionExpression: Invalid function name; function: foo")
        #expect(conditionError("((a = :z))") == "Invalid ConditionExpression: The expression has redundant parentheses;")
        // A syntax error beats everything.
        #expect(conditionError("foo(a) AND status = :z =") == #"Invalid ConditionExpression: Syntax error; token: "=", near: ":z =""#)
    }
}
