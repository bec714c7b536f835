import DynamoDB
import Testing

@Suite struct ExpressionProjectionTests {
    let item: Item = [
        "id": str("1"), "title": str("t"), "price": num("9.5"),
        "info": .m(["rating": num("4"), "tags": .l([str("a"), str("b"), str("c"), str("d")]), "dims": .m(["w": num("1"), "h": num("2")])]),
        "l": .l([.m(["x": num("1"), "y": num("2")]), .m(["x": num("3")]), str("plain")]),
    ]

    @Test func topLevelAttributes() throws {
        let projection = try ProjectionExpression("id, price, nothere")
        #expect(projection.apply(to: item) == ["id": str("1"), "price": num("9.5")])
        #expect(projection.attributeNames == ["id", "price", "nothere"])
    }

    @Test func nestedPathsKeepTheirStructure() throws {
        let projection = try ProjectionExpression("info.dims.w, info.rating, #t", names: ["#t": "title"])
        #expect(projection.apply(to: item) == [
            "title": str("t"),
            "info": .m(["rating": num("4"), "dims": .m(["w": num("1")])]),
        ])
    }

    @Test func listIndexesCompactInIndexOrder() throws {
        let projection = try ProjectionExpression("info.tags[3], info.tags[1], info.tags[9]")
        #expect(projection.apply(to: item) == ["info": .m(["tags": .l([str("b"), str("d")])])])
        let throughLists = try ProjectionExpression("l[1].x, l[0].y, l[2].x")
        #expect(throughLists.apply(to: item) == ["l": .l([.m(["y": num("2")]), .m(["x": num("3")])])])
    }

    @Test func pathsThatResolveToNothingLeaveNothing() throws {
        #expect(try ProjectionExpression("info.nope, title[0], price.x").apply(to: item) == [:])
        #expect(try ProjectionExpression("id").apply(to: [:]) == [:])
    }

    @Test(arguments: [
        ("a, a.b", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
        ("a.b[1], a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b, [1]], path two: [a]"),
        ("a, a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        ("a[0], a.b", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]"),
        ("a,", #"Syntax error; token: "<EOF>", near: ",""#),
        ("a b", #"Syntax error; token: "b", near: "a b""#),
        ("a = :v", #"Syntax error; token: "=", near: "a = :v""#),
    ])
    func refusals(text: String, message: String) {
        #expect(expressionError { _ = try ProjectionExpression(text) } == "Invalid ProjectionExpression: \(message)")
    }
}
