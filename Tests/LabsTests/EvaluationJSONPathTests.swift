import Core
import Testing
@testable import Labs

/// Conformance cases in the style of the JSONPath comparison suite: a document, a path,
/// and the node list every careful implementation agrees on.
@Suite struct EvaluationJSONPathTests {
    static let store = """
    {"store": {"book": [
        {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
        {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
        {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
        {"category": "fiction", "author": "J. R. R. Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99}
      ],
      "bicycle": {"color": "red", "price": 19.95}},
     "key.with dots": 1, "key with spaces": 2, "quo'te": 3, "arr": [0, 1, 2, 3, 4, 5]}
    """

    static let items = """
    [{"id": 1, "name": "a", "active": true, "tags": ["x"], "meta": {"rank": 2}},
     {"id": 2, "name": "b", "active": false, "meta": {"rank": 1}},
     {"id": 3, "name": "c", "active": null, "score": 1.5},
     {"id": "3", "name": "d"}]
    """

    struct Case: CustomTestStringConvertible, Sendable {
        let document: String
        let path: String
        let expected: String
        init(_ path: String, _ expected: String, in document: String = EvaluationJSONPathTests.store) {
            self.path = path
            self.expected = expected
            self.document = document
        }
        var testDescription: String { path }
    }

    static let cases: [Case] = [
        // Root and children.
        Case("$.arr", "[[0,1,2,3,4,5]]"),
        Case("$.store.bicycle.color", #"["red"]"#),
        Case("$['store']['bicycle']['color']", #"["red"]"#),
        Case(#"$["store"]["bicycle"].price"#, "[19.95]"),
        Case("$['key.with dots']", "[1]"),
        Case("$['key with spaces']", "[2]"),
        Case(#"$['quo\'te']"#, "[3]"),
        Case(#"$["quo'te"]"#, "[3]"),
        Case(#"$["k\u0065y with spaces"]"#, "[2]"),
        Case("$.missing", "[]"),
        Case("$.arr.length", "[]"),
        Case("$.store.bicycle.color.deeper", "[]"),
        // Indexes.
        Case("$.arr[0]", "[0]"),
        Case("$.arr[5]", "[5]"),
        Case("$.arr[6]", "[]"),
        Case("$.arr[-1]", "[5]"),
        Case("$.arr[-6]", "[0]"),
        Case("$.arr[-7]", "[]"),
        Case("$.store[0]", "[]"),
        Case("$.store.book[1].author", #"["Evelyn Waugh"]"#),
        // Wildcards.
        Case("$.arr[*]", "[0,1,2,3,4,5]"),
        Case("$.arr.*", "[0,1,2,3,4,5]"),
        Case("$.store.bicycle.*", #"["red",19.95]"#),
        Case("$.store.bicycle[*]", #"["red",19.95]"#),
        Case("$.store.book[*].author", #"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#),
        Case("$.arr[0].*", "[]"),
        // Recursive descent.
        Case("$..author", #"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#),
        Case("$.store..price", "[8.95,12.99,8.99,22.99,19.95]"),
        Case("$..book[2].title", #"["Moby Dick"]"#),
        Case("$..book[-1].isbn", #"["0-395"]"#),
        Case("$.store.bicycle..*", #"["red",19.95]"#),
        Case("$..['color']", #"["red"]"#),
        Case("$..nothing", "[]"),
        // Unions and slices.
        Case("$.arr[0,2]", "[0,2]"),
        Case("$.arr[2,0,2]", "[2,0,2]"),
        Case("$.store.bicycle['price','color']", #"[19.95,"red"]"#),
        Case("$.arr[1:3]", "[1,2]"),
        Case("$.arr[:2]", "[0,1]"),
        Case("$.arr[-2:]", "[4,5]"),
        Case("$.arr[::2]", "[0,2,4]"),
        Case("$.arr[::-2]", "[5,3,1]"),
        Case("$.arr[4:1:-1]", "[4,3,2]"),
        Case("$.arr[10:20]", "[]"),
        // Steps so large that one more stride overflows an Int end the slice instead.
        Case("$.arr[1::9223372036854775807]", "[1]"),
        Case("$.arr[4::-9223372036854775808]", "[4]"),
        // Filters: each comparator, typed.
        Case("$.store.book[?(@.price < 9)].title", #"["Sayings","Moby Dick"]"#),
        Case("$.store.book[?(@.price <= 8.99)].title", #"["Sayings","Moby Dick"]"#),
        Case("$.store.book[?(@.price > 20)].title", #"["LOTR"]"#),
        Case("$.store.book[?(@.price >= 12.99)].title", #"["Sword","LOTR"]"#),
        Case("$.store.book[?(@.category == 'reference')].author", #"["Nigel Rees"]"#),
        Case(#"$.store.book[?(@.category != "fiction")].title"#, #"["Sayings"]"#),
        Case("$.store.book[?(@.isbn)].title", #"["Moby Dick","LOTR"]"#),
        Case("$.store.book[?(!@.isbn)].title", #"["Sayings","Sword"]"#),
        Case("$.store.book[?@.price > 20].title", #"["LOTR"]"#),
        Case("$.store.book[?(@.author > 'I')].author", #"["Nigel Rees","J. R. R. Tolkien"]"#),
        Case("$[?(@.id == 3)].name", #"["c"]"#, in: items),
        Case("$[?(@.id == 3.0)].name", #"["c"]"#, in: items),
        Case("$[?(@.id == '3')].name", #"["d"]"#, in: items),
        Case("$[?(@.id > '2')].name", #"["d"]"#, in: items),
        Case("$[?(@.active == true)].name", #"["a"]"#, in: items),
        Case("$[?(@.active == false)].name", #"["b"]"#, in: items),
        Case("$[?(@.active == null)].name", #"["c"]"#, in: items),
        Case("$[?(@.active)].name", #"["a","b","c"]"#, in: items),
        Case("$[?(@.active != true)].name", #"["b","c","d"]"#, in: items),
        Case("$[?(@.meta.rank == 1)].id", "[2]", in: items),
        Case("$[?(@.tags[0] == 'x')].id", "[1]", in: items),
        Case("$[?(@['meta']['rank'] > 1)].id", "[1]", in: items),
        Case("$[?(@.id >= 2 && @.name != 'd')].name", #"["b","c"]"#, in: items),
        Case("$[?(@.id == 1 || @.score)].name", #"["a","c"]"#, in: items),
        Case("$[?(@.id == 1 || @.id == 2 && @.active == true)].name", #"["a"]"#, in: items),
        Case("$[?((@.id == 1 || @.id == 2) && @.active == false)].name", #"["b"]"#, in: items),
        Case("$[?(@.id == $[0].id)].name", #"["a"]"#, in: items),
        Case("$[?(@.score >= 1.5)].name", #"["c"]"#, in: items),
        Case("$[?(@ == 2)]", "[2]", in: "[1, 2, 3, \"2\"]"),
        Case("$.*[?(@.rank)].rank", "[2,1]", in: items),
        Case("$..[?(@.rank == 1)]", #"[{"rank":1}]"#, in: items),
    ]

    @Test(arguments: cases) func conformance(_ testCase: Case) throws {
        let document = try JSON.parse(testCase.document)
        let path = try JSONPath(testCase.path)
        #expect(JSON.array(path.select(in: document)) == (try JSON.parse(testCase.expected)))
    }

    @Test func definitePathsYieldOneValueOrNothing() throws {
        let document = try JSON.parse(Self.store)
        for text in ["$", "$.arr[0]", "$['store'].bicycle.color", "$.arr[-1]", "$.missing"] {
            #expect(try JSONPath(text).isDefinite, "\(text)")
        }
        #expect(try JSONPath("$.store.bicycle.color").query(document) == "red")
        #expect(try JSONPath("$.missing").query(document) == nil)
        #expect(try JSONPath("$.arr[9]").query(document) == nil)
        #expect(try JSONPath("$").query(.null) == .null)
    }

    @Test func indefinitePathsYieldAnArrayEvenForOneMatchOrNone() throws {
        let document = try JSON.parse(Self.store)
        for text in ["$.arr[*]", "$..color", "$.arr[0,1]", "$.arr[0:1]", "$.arr[?(@ > 1)]", "$.store.*"] {
            #expect(try !JSONPath(text).isDefinite, "\(text)")
        }
        #expect(try JSONPath("$..color").query(document) == ["red"])
        #expect(try JSONPath("$.arr[0:1]").query(document) == [0])
        #expect(try JSONPath("$..nothing").query(document) == [])
    }
}
