import Core
import DynamoDB
import Testing

@Suite struct DynamoNumberTests {
    @Test(arguments: [
        ("1.50", "1.5"), ("-0", "0"), ("0.000", "0"), ("+7", "7"), ("1e3", "1000"), ("1.5E-2", "0.015"),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"), ("-00012.3400", "-12.34"),
    ])
    func normalForm(text: String, expected: String) throws {
        #expect(try DynamoNumber(parsing: text).description == expected)
    }

    @Test func refusesTooManyDigitsAndOutOfRange() throws {
        #expect(throws: DynamoNumber.ParseError.tooPrecise) { try DynamoNumber(parsing: "123456789012345678901234567890123456789") }
        #expect(throws: DynamoNumber.ParseError.outOfRange) { try DynamoNumber(parsing: "1e126") }
        #expect(throws: DynamoNumber.ParseError.outOfRange) { try DynamoNumber(parsing: "1e-131") }
        #expect(throws: DynamoNumber.ParseError.notANumber) { try DynamoNumber(parsing: "1.2.3") }
        #expect(throws: DynamoNumber.ParseError.notANumber) { try DynamoNumber(parsing: "") }
        #expect(throws: DynamoNumber.ParseError.notANumber) { try DynamoNumber(parsing: "NaN") }
        #expect(try DynamoNumber(parsing: "9.9999999999999999999999999999999999999E+125").description.count == 126)
        #expect(try DynamoNumber(parsing: "1E-130").description.hasSuffix("01"))
    }

    @Test func comparesNumerically() throws {
        let values = try ["-10", "-2.5", "0", "0.001", "2", "10", "100.5"].map { try DynamoNumber(parsing: $0) }
        #expect(values.shuffled().sorted() == values)
        #expect(try DynamoNumber(parsing: "1.0") == (try DynamoNumber(parsing: "1")))
    }

    @Test(arguments: [
        ("1", "2", "3"), ("0.1", "0.2", "0.3"), ("10", "-3.5", "6.5"), ("-1", "1", "0"), ("-5", "-5", "-10"),
        ("99999999999999999999999999999999999999", "1", "100000000000000000000000000000000000000"),
        ("1e-100", "1e100", "1" + String(repeating: "0", count: 100)),
    ])
    func addsExactly(a: String, b: String, sum: String) throws {
        let result = try DynamoNumber(parsing: a) + DynamoNumber(parsing: b)
        if sum.count > 60 {
            #expect(result.description.hasPrefix("1000"))
            #expect(!result.isRepresentable)
        } else {
            #expect(result.description == sum)
        }
    }
}

@Suite struct AttributeValueWireTests {
    @Test func roundTripsEveryType() throws {
        let json = try JSON.parse(#"""
        {"b":{"B":"AQID"},"bool":{"BOOL":true},"bs":{"BS":["AQ==","Ag=="]},"l":{"L":[{"S":"x"},{"N":"1"}]},
         "m":{"M":{"z":{"NULL":true},"a":{"SS":["p","q"]}}},"n":{"N":"1.50"},"ns":{"NS":["3","1"]},"s":{"S":"tenant"}}
        """#)
        let item = try Item(wire: json, member: "Item")
        #expect(item["n"] == .n(try DynamoNumber(parsing: "1.5")))
        #expect(item["b"] == .b([1, 2, 3]))
        #expect(item.wire.serialized() == #"{"b":{"B":"AQID"},"bool":{"BOOL":true},"bs":{"BS":["AQ==","Ag=="]},"l":{"L":[{"S":"x"},{"N":"1"}]},"m":{"M":{"a":{"SS":["p","q"]},"z":{"NULL":true}}},"n":{"N":"1.5"},"ns":{"NS":["3","1"]},"s":{"S":"tenant"}}"#)
    }

    @Test func refusesMalformedValues() throws {
        func error(_ text: String) throws -> DynamoDBError? {
            let json = try JSON.parse(text)
            do {
                _ = try AttributeValue(wire: json, path: "Item.x")
                return nil
            } catch {
                return error
            }
        }
        #expect(try error(#"{"S":"a","N":"1"}"#)?.message.contains("exactly one of the supported datatypes") == true)
        #expect(try error(#"{"N":"abc"}"#)?.message == "The parameter cannot be converted to a numeric value: abc")
        #expect(try error(#"{"N":"123456789012345678901234567890123456789"}"#)?.message == "Attempting to store more than 38 significant digits in a Number")
        #expect(try error(#"{"SS":["a","a"]}"#)?.message == "One or more parameter values were invalid: Input collection contains duplicates")
        #expect(try error(#"{"SS":[]}"#)?.message == "One or more parameter values were invalid: An SS may not be empty")
        #expect(try error(#"{"NULL":false}"#)?.code == "ValidationException")
        #expect(try error(#"{"X":"1"}"#)?.code == "SerializationException")
        #expect(try error(#"{"S":1}"#)?.code == "SerializationException")
    }

    @Test func sizesFollowDynamoDBsRules() throws {
        let item: Item = ["tenant_id": .s("TENANTa"), "n": .n(try DynamoNumber(parsing: "123")), "flag": .bool(true)]
        #expect(item.itemSize == ("tenant_id".count + 7) + (1 + 3) + (4 + 1))
    }
}

@Suite struct DynamoDBLimitTests {
    @Test func documentsNestDeeperThan32LevelsAreRefused() throws {
        func nested(_ depth: Int) -> JSON {
            let leaf: JSON = ["S": "leaf"]
            return (1..<depth).reduce(leaf) { inner, _ in ["L": [inner]] }
        }
        _ = try AttributeValue(wire: nested(32), path: "Item.a")
        #expect(throws: DynamoDBError.validation("Nesting Levels have exceeded supported limits")) {
            try AttributeValue(wire: nested(33), path: "Item.a")
        }
    }

    @Test func expressionsLongerThan4KBAreRefusedBeforeParsing() throws {
        let hostile = String(repeating: "NOT ", count: 20_000) + "a = :v"
        #expect(throws: DynamoDBError.validation("Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: \(hostile.utf8.count)")) {
            try ConditionExpression(hostile, kind: .filter, values: [":v": .s("x")])
        }
        let longest = String(repeating: "NOT ", count: 1022) + "a = :v"
        #expect(longest.utf8.count <= 4096)
        let parsed = try ConditionExpression(longest, kind: .filter, values: [":v": .s("x")])
        #expect(parsed.evaluate(["a": .s("x")]) == true)
    }
}
