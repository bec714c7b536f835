import DynamoDB
import Testing

@Suite struct ExpressionEvaluationTests {
    let item: Item = [
        "s": str("apple"), "n": num("10"), "b": .b([1, 2, 3]), "t": .bool(true), "z": .null,
        "ss": .ss(["red", "green"]), "ns": .ns([num("1").number!, num("2.5").number!]), "bs": .bs([[1], [2, 3]]),
        "l": .l([str("x"), num("7"), .m(["k": str("v")])]), "m": .m(["nest": .m(["deep": num("3")]), "lst": .l([str("a")])]),
        "u": str("é𝄞"),
    ]

    @Test(arguments: [
        // Numbers compare numerically, strings and binaries by bytes.
        ("n > :nine", true), ("n < :nine", false), ("n >= :ten", true), ("n <= :tenPointZero", true), ("n = :tenPointZero", true),
        ("s < :banana", true), ("s > :Apple", true), ("b < :bHigh", true), ("b >= :bLow", true),
        // Mixed types never order, and are never equal.
        ("n < :banana", false), ("n > :banana", false), ("s = :ten", false), ("s <> :ten", true),
        // BETWEEN is inclusive and typed.
        ("n BETWEEN :nine AND :ten", true), ("n BETWEEN :ten AND :ten", true), ("s BETWEEN :Apple AND :banana", true),
        ("n BETWEEN :banana AND :zed", false),
        // IN is equality against any.
        ("n IN (:nine, :tenPointZero)", true), ("s IN (:nine, :banana)", false),
        // Structural equality: sets unordered, lists ordered, maps by member.
        ("ss = :ssReordered", true), ("ns = :nsReordered", true), ("l = :lSame", true), ("l = :lReordered", false),
        ("m.nest = :innerMap", true), ("t = :true", true), ("z = :null", true),
    ])
    func comparisons(expression: String, expected: Bool) throws {
        let values: [String: AttributeValue] = [
            ":nine": num("9"), ":ten": num("10"), ":tenPointZero": num("10.0"), ":banana": str("banana"), ":Apple": str("Apple"),
            ":zed": str("zed"), ":bHigh": .b([1, 2, 4]), ":bLow": .b([1, 2]),
            ":ssReordered": .ss(["green", "red"]), ":nsReordered": .ns([num("2.50").number!, num("1").number!]),
            ":lSame": .l([str("x"), num("7.0"), .m(["k": str("v")])]), ":lReordered": .l([num("7"), str("x"), .m(["k": str("v")])]),
            ":innerMap": .m(["deep": num("3")]), ":true": .bool(true), ":null": .null,
        ]
        let used = values.filter { expression.contains($0.key + " ") || expression.hasSuffix($0.key) || expression.contains($0.key + ",")
            || expression.contains($0.key + ")") }
        #expect(try holds(expression, item, values: used) == expected)
    }

    @Test(arguments: [
        // Every comparator except <> is false against a missing attribute; <> is true.
        ("absent = :v", false), ("absent < :v", false), ("absent <= :v", false), ("absent > :v", false),
        ("absent >= :v", false), ("absent <> :v", true), ("NOT absent = :v", true),
        ("absent BETWEEN :v AND :v", false), ("absent IN (:v)", false),
        ("begins_with(absent, :v)", false), ("contains(absent, :v)", false), ("size(absent) > :zero", false),
        ("size(absent) <> :zero", true), ("m.nope.deeper = :v", false), ("l[9] <> :v", true),
        ("attribute_exists(absent)", false), ("attribute_not_exists(absent)", true),
        ("attribute_exists(m.nest.deep)", true), ("attribute_not_exists(m.nest.nope)", true), ("attribute_exists(l[2].k)", true),
        ("attribute_exists(s[0])", false), ("attribute_exists(l.k)", false),
    ])
    func absentAttributes(expression: String, expected: Bool) throws {
        var values: [String: AttributeValue] = [:]
        if expression.contains(":v") { values[":v"] = str("x") }
        if expression.contains(":zero") { values[":zero"] = num("0") }
        #expect(try holds(expression, item, values: values) == expected)
    }

    @Test(arguments: [
        ("S", "s"), ("N", "n"), ("B", "b"), ("BOOL", "t"), ("NULL", "z"), ("SS", "ss"), ("NS", "ns"), ("BS", "bs"), ("L", "l"), ("M", "m"),
    ])
    func attributeType(type: String, attribute: String) throws {
        #expect(try holds("attribute_type(\(attribute), :t)", item, values: [":t": str(type)]))
        let other = type == "S" ? "N" : "S"
        #expect(try !holds("attribute_type(\(attribute), :t)", item, values: [":t": str(other)]))
    }

    @Test func beginsWithOnStringsAndBinaries() throws {
        #expect(try holds("begins_with(s, :p)", item, values: [":p": str("app")]))
        #expect(try holds("begins_with(s, :p)", item, values: [":p": str("")]))
        #expect(try !holds("begins_with(s, :p)", item, values: [":p": str("ple")]))
        #expect(try holds("begins_with(b, :p)", item, values: [":p": .b([1, 2])]))
        #expect(try !holds("begins_with(b, :p)", item, values: [":p": str("a")]))
        #expect(try !holds("begins_with(ss, :p)", item, values: [":p": str("r")]))
    }

    @Test func containsOnStringsSetsAndLists() throws {
        #expect(try holds("contains(s, :v)", item, values: [":v": str("ppl")]))
        #expect(try !holds("contains(s, :v)", item, values: [":v": str("pear")]))
        #expect(try holds("contains(ss, :v)", item, values: [":v": str("red")]))
        #expect(try !holds("contains(ss, :v)", item, values: [":v": str("re")]))
        #expect(try holds("contains(ns, :v)", item, values: [":v": num("2.50")]))
        #expect(try holds("contains(bs, :v)", item, values: [":v": .b([2, 3])]))
        #expect(try holds("contains(l, :v)", item, values: [":v": num("7")]))
        #expect(try holds("contains(l, :v)", item, values: [":v": .m(["k": str("v")])]))
        #expect(try !holds("contains(l, :v)", item, values: [":v": str("7")]))
        #expect(try !holds("contains(n, :v)", item, values: [":v": num("1")]))
        #expect(try !holds("contains(ss, :v)", item, values: [":v": num("1")]))
    }

    @Test(arguments: [
        ("s", 5), ("u", 3), ("b", 3), ("ss", 2), ("ns", 2), ("bs", 2), ("l", 3), ("m", 2), ("m.lst", 1),
    ])
    func sizeCountsLikeDynamoDB(attribute: String, size: Int) throws {
        #expect(try holds("size(\(attribute)) = :n", item, values: [":n": num("\(size)")]))
        #expect(try holds("size(\(attribute)) BETWEEN :n AND :n", item, values: [":n": num("\(size)")]))
        #expect(try holds(":n < size(\(attribute))", item, values: [":n": num("\(size - 1)")]))
    }

    @Test func sizeOfNumbersBooleansAndNullsIsMissing() throws {
        for attribute in ["n", "t", "z"] {
            #expect(try !holds("size(\(attribute)) >= :zero", item, values: [":zero": num("0")]))
        }
    }

    @Test func logicCombines() throws {
        let values: [String: AttributeValue] = [":x": num("10"), ":y": str("nope"), ":z": .bool(true)]
        #expect(try holds("n = :x OR s = :y AND t = :z", item, values: values))
        #expect(try !holds("(n = :x OR s = :y) AND NOT t = :z", item, values: values))
        #expect(try holds("NOT (s = :y AND n = :x)", item, values: values))
    }

    @Test func emptyItemAsForAMissingItem() throws {
        let condition = try ConditionExpression("attribute_not_exists(pk) AND (NOT version = :v)", values: [":v": num("1")])
        #expect(condition.evaluate([:]))
        #expect(!condition.evaluate(["pk": str("a")]))
    }
}

extension AttributeValue {
    var number: DynamoNumber? {
        if case .n(let value) = self { return value }
        return nil
    }
}
