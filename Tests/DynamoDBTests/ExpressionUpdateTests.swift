import DynamoDB
import Testing

@Suite struct ExpressionUpdateTests {
    let item: Item = [
        "id": str("1"), "count": num("0.1"), "name": str("n"), "tags": .ss(["a", "b"]), "nums": .ns([num("1").number!, num("2").number!]),
        "bins": .bs([[1], [2]]), "l": .l([str("l0"), str("l1"), str("l2"), str("l3")]),
        "m": .m(["x": num("1"), "inner": .m(["y": num("2")]), "arr": .l([num("1"), num("2")])]),
    ]
    let values: [String: AttributeValue] = [
        ":v": str("v"), ":w": str("w"), ":one": num("1"), ":tenth": num("0.2"), ":list": .l([str("x")]),
        ":set": .ss(["b", "c"]), ":nset": .ns([num("2").number!, num("3").number!]), ":bset": .bs([[2]]), ":all": .ss(["a", "b"]),
    ]
    let names: [String: String] = ["#c": "count", "#n": "name", "#i": "inner"]

    func apply(_ text: String, to item: Item? = nil, values: [String: AttributeValue]? = nil) throws -> Item {
        let update = try UpdateExpression(text, names: names.filter { text.contains($0.key) },
                                          values: (values ?? self.values).filter { text.contains($0.key) })
        return try update.apply(to: item ?? self.item)
    }

    func error(_ text: String, on item: Item? = nil, values: [String: AttributeValue]? = nil) -> String? {
        expressionError { _ = try apply(text, to: item, values: values) }
    }

    @Test func setValuesPathsAndExactArithmetic() throws {
        let result = try apply("SET a = :v, #c = #c + :tenth, b = #c - :one, m.#i.z = :w, m.x = :v")
        #expect(result["a"] == str("v"))
        #expect(result["count"] == num("0.3"))
        #expect(result["b"] == num("-0.9"))
        #expect(result["m"] == .m(["x": str("v"), "inner": .m(["y": num("2"), "z": str("w")]), "arr": .l([num("1"), num("2")])]))
    }

    @Test func operandsReadTheItemAsItWas() throws {
        let swapped = try apply("SET x = #n, #n = id, id = x", to: ["id": str("1"), "name": str("n"), "x": str("old")])
        #expect(swapped == ["id": str("old"), "name": str("1"), "x": str("n")])
    }

    @Test func ifNotExistsAndListAppend() throws {
        let result = try apply("SET a = if_not_exists(a, :one), #c = if_not_exists(#c, :one), l = list_append(l, :list), k = list_append(:list, m.arr)")
        #expect(result["a"] == num("1"))
        #expect(result["count"] == num("0.1"))
        #expect(result["l"] == .l([str("l0"), str("l1"), str("l2"), str("l3"), str("x")]))
        #expect(result["k"] == .l([str("x"), num("1"), num("2")]))
        let grouped = try apply("SET #c = (#c + :one), z = (if_not_exists(q, :one)) - (:one)")
        #expect(grouped["count"] == num("1.1"))
        #expect(grouped["z"] == num("0"))
    }

    @Test func listIndexesSetInPlaceOrAppend() throws {
        let result = try apply("SET l[1] = :v, l[10] = :w, m.arr[0] = :v")
        #expect(result["l"] == .l([str("l0"), str("v"), str("l2"), str("l3"), str("w")]))
        #expect(result["m"] == .m(["x": num("1"), "inner": .m(["y": num("2")]), "arr": .l([str("v"), num("2")])]))
    }

    @Test func removeRefersToOriginalIndexes() throws {
        let result = try apply("REMOVE l[1], l[3], #n, m.#i.y, nothere, m.nothere")
        #expect(result["l"] == .l([str("l0"), str("l2")]))
        #expect(result["name"] == nil)
        #expect(result["m"] == .m(["x": num("1"), "inner": .m([:]), "arr": .l([num("1"), num("2")])]))
        let mixed = try apply("SET l[2] = :v REMOVE l[0]")
        #expect(mixed["l"] == .l([str("l1"), str("v"), str("l3")]))
    }

    @Test func addNumbersAndSets() throws {
        let result = try apply("ADD #c :one, fresh :one, tags :set, nums :nset, bins :bset, newset :set")
        #expect(result["count"] == num("1.1"))
        #expect(result["fresh"] == num("1"))
        #expect(result["tags"].map { $0.matches(.ss(["a", "b", "c"])) } == true)
        #expect(result["nums"].map { $0.matches(.ns([num("1").number!, num("2").number!, num("3").number!])) } == true)
        #expect(result["bins"].map { $0.matches(.bs([[1], [2]])) } == true)
        #expect(result["newset"] == .ss(["b", "c"]))
    }

    @Test func deleteFromSetsRemovesEmptiedAttributes() throws {
        let result = try apply("DELETE tags :set, nums :nset, bins :bset, nothere :set")
        #expect(result["tags"] == .ss(["a"]))
        #expect(result["nums"] == .ns([num("1").number!]))
        #expect(result["bins"] == .bs([[1]]))
        #expect(result["nothere"] == nil)
        let emptied = try apply("DELETE tags :all")
        #expect(emptied["tags"] == nil)
        #expect(emptied.keys.contains("tags") == false)
    }

    @Test func missingItemIsEmpty() throws {
        #expect(try apply("SET a = :v ADD n :one", to: [:]) == ["a": str("v"), "n": num("1")])
    }

    @Test(arguments: [
        // Parse-time refusals, with the literal operand's type.
        ("SET a = :v + :one", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"),
        ("SET a = b - :list", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: L"),
        ("SET a = list_append(:one, a)", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: N"),
        ("ADD a :v", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"),
        ("ADD a :list", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST"),
        ("DELETE a :one", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"),
        ("SET a = foo(b)", "Invalid UpdateExpression: Invalid function name; function: foo"),
        ("SET a = if_not_exists(a)", "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1"),
        ("SET a = if_not_exists(:v, a)", "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
        ("SET a = :v SET b = :w", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"),
        ("REMOVE a ADD n :one remove b", "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;"),
        ("SET a = :v REMOVE a.b", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
        ("SET a = :v, a = :w", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        ("SET a.b[1] = :v DELETE a :set", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b, [1]], path two: [a]"),
        ("SET a[0] = :v REMOVE a.b", "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]"),
        ("SET a = b + c + d", #"Invalid UpdateExpression: Syntax error; token: "+", near: "c + d""#),
        ("SET a :v", #"Invalid UpdateExpression: Syntax error; token: ":v", near: "a :v""#),
        ("SET a = :v b = :w", #"Invalid UpdateExpression: Syntax error; token: "b", near: ":v b =""#),
        ("ADD a b", #"Invalid UpdateExpression: Syntax error; token: "b", near: "a b""#),
        ("UPSERT a = :v", #"Invalid UpdateExpression: Syntax error; token: "UPSERT", near: "UPSERT a""#),
        ("SET", #"Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET""#),
    ])
    func parseRefusals(text: String, message: String) {
        #expect(error(text) == message)
    }

    @Test(arguments: [
        ("SET a = nothere + :one", "The provided expression refers to an attribute that does not exist in the item"),
        ("SET a = #n + :one", "An operand in the update expression has an incorrect data type"),
        ("SET a = list_append(#n, :list)", "An operand in the update expression has an incorrect data type"),
        ("ADD #n :one", "An operand in the update expression has an incorrect data type"),
        ("ADD tags :nset", "An operand in the update expression has an incorrect data type"),
        ("DELETE #c :set", "An operand in the update expression has an incorrect data type"),
        ("DELETE tags :nset", "An operand in the update expression has an incorrect data type"),
        ("SET nothere.x = :v", "The document path provided in the update expression is invalid for update"),
        ("SET #n.x = :v", "The document path provided in the update expression is invalid for update"),
        ("SET l[9].x = :v", "The document path provided in the update expression is invalid for update"),
        ("REMOVE nothere.x", "The document path provided in the update expression is invalid for update"),
        ("ADD nothere.x :one", "The document path provided in the update expression is invalid for update"),
    ])
    func applyRefusals(text: String, message: String) {
        #expect(error(text) == message)
    }

    @Test func numbersStayExactAndWithinDynamoDBsRange() throws {
        let big = "9.9999999999999999999999999999999999999E+125"
        let huge: Item = ["n": num(big)]
        #expect(error("ADD n :one", on: ["n": num("1E+20")], values: [":one": num("1E-20")])
            == "Attempting to store more than 38 significant digits in a Number")
        #expect(error("SET n = n + :big", on: huge, values: [":big": num(big)])
            == "Number overflow. Attempting to store a number with magnitude larger than supported range")
        #expect(try apply("SET n = n - :big", to: huge, values: [":big": num(big)]) == ["n": num("0")])
        let exact = try apply("SET n = n + :d", to: ["n": num("12345678901234567890123456789012345.67")], values: [":d": num("0.01")])
        #expect(exact["n"] == num("12345678901234567890123456789012345.68"))
    }

    @Test func reportsWhatItTouches() throws {
        let update = try UpdateExpression("SET a.b = c, d = if_not_exists(e, :v) REMOVE f[0] ADD g :one DELETE h :set",
                                          values: [":v": str("v"), ":one": num("1"), ":set": .ss(["x"])])
        #expect(update.attributesWritten == ["a", "d", "f", "g", "h"])
        #expect(update.attributesRead == ["c", "e"])
        #expect(update.targetPaths.map(\.description) == ["[a, b]", "[d]", "[f, [0]]", "[g]", "[h]"])
        #expect(expressionError { try update.checkKeyAttributesUntouched(["pk", "g"]) }
            == "One or more parameter values were invalid: Cannot update attribute g. This attribute is part of the key")
        #expect(expressionError { try update.checkKeyAttributesUntouched(["pk", "sk"]) } == nil)
    }

    @Test func clauseKeywordsAreCaseInsensitiveInAnyOrder() throws {
        let result = try apply("remove #n add fresh :one set a = :v delete tags :set")
        #expect(result["name"] == nil && result["fresh"] == num("1") && result["a"] == str("v") && result["tags"] == .ss(["a"]))
    }
}
