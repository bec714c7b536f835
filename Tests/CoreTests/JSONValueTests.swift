import Testing
@testable import Core

@Suite struct JSONValueTests {
    @Test func literalsBuildValues() {
        let value: JSON = [
            "null": nil, "bool": true, "int": 42, "double": 1.5, "string": "s",
            "array": [1, "two", false], "object": ["k": "v"],
        ]
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["null", "bool", "int", "double", "string", "array", "object"])
        #expect(object["null"] == .null)
        #expect(object["bool"] == .bool(true))
        #expect(object["int"] == .number(JSONNumber(42)))
        #expect(object["double"]?.numberText == "1.5")
        #expect(object["string"] == .string("s"))
        #expect(object["array"] == .array([.number(1), .string("two"), .bool(false)]))
        #expect(object["object"] == .object(["k": "v"]))
    }

    @Test func initialisersAndNumberHelpers() {
        #expect(JSON(7).numberText == "7")
        #expect(JSON(-7).numberText == "-7")
        #expect(JSON(Int.min).numberText == "-9223372036854775808")
        #expect(JSON("x") == .string("x"))
        #expect(JSON(true) == .bool(true))
        #expect(JSON(3.0).numberText == "3")
        #expect(JSON.number(0.1).numberText == "0.1")
        #expect(JSON.number(-0.0).numberText == "0")
        #expect(JSON.number(1e-7).numberText == "1e-07")
        #expect(JSON.number(1e16).numberText == "1e+16")
        #expect(JSON.number(9_007_199_254_740_991.0).numberText == "9007199254740991")
        #expect(JSON.number(Double.nan) == .null)
        #expect(JSON.number(-Double.infinity) == .null)
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber(UInt64.max).text == "18446744073709551615")
        let floatLiteral: JSON = 1.50
        #expect(floatLiteral.numberText == "1.5")
    }

    @Test func everyDoubleSpellingIsValidJSONAndRoundTrips() throws {
        for double in [0.1, 1.5, 1e-7, 1e21, -2.5e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 123456.789, 1 / 3] {
            let number = try #require(JSONNumber(double))
            #expect(JSONNumber(number.text) != nil, "\(number.text)")
            #expect(number.doubleValue == double)
        }
    }

    @Test func accessors() throws {
        let value = try JSON.parse(#"{"s":"x","b":false,"n":12,"f":2.5,"a":[1,2],"o":{"k":null},"z":null}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == false)
        #expect(value["n"]?.intValue == 12)
        #expect(value["n"]?.doubleValue == 12)
        #expect(value["f"]?.doubleValue == 2.5)
        #expect(value["f"]?.intValue == nil)
        #expect(value["f"]?.numberText == "2.5")
        #expect(value["a"]?.arrayValue?.count == 2)
        #expect(value["a"]?[1]?.intValue == 2)
        #expect(value["a"]?[2] == nil)
        #expect(value["a"]?[-1] == nil)
        #expect(value["o"]?.objectValue?.keys == ["k"])
        #expect(value["o"]?["k"]?.isNull == true)
        #expect(value["z"]?.isNull == true)
        #expect(value["missing"] == nil)
        // Wrong types give nil rather than converting.
        #expect(value["n"]?.stringValue == nil)
        #expect(value["s"]?.intValue == nil)
        #expect(value["s"]?["k"] == nil)
        #expect(value[0] == nil)
        #expect(value["s"]?.isNull == false)
        #expect(value.typeName == "object")
        #expect(value["a"]?.typeName == "array")
        #expect(value["b"]?.typeName == "boolean")
    }

    @Test func intValueAcceptsWholeNumbersInAnySpelling() {
        let cases: [(String, Int?)] = [
            ("42", 42), ("-42", -42), ("4.20e1", 42), ("1e3", 1000), ("1000e-3", 1), ("4.0", 4),
            ("0", 0), ("-0", 0), ("0.000e5", 0), ("1.5", nil), ("1e-1", nil),
            ("9223372036854775807", .max), ("-9223372036854775808", .min),
            ("9223372036854775808", nil), ("1e19", nil), ("12345678901234567890123456789012345678", nil),
            ("1e999999999999999999999", nil),
        ]
        for (text, expected) in cases {
            #expect(JSONNumber(text)?.intValue == expected, "\(text)")
        }
    }

    @Test func doubleValue() {
        #expect(JSONNumber("1e400")?.doubleValue == nil)
        #expect(JSONNumber("-1e400")?.doubleValue == nil)
        #expect(JSONNumber("1e-400")?.doubleValue == 0)
        #expect(JSONNumber("12345678901234567890123456789012345678")?.doubleValue == 1.2345678901234568e37)
    }

    @Test func numberTextIsValidated() {
        for valid in ["0", "-0", "1.50", "1e3", "1E+3", "-1.5e-3", "12345678901234567890123456789012345678"] {
            #expect(JSONNumber(valid)?.text == valid)
        }
        for invalid in ["", "-", "01", "+1", ".5", "1.", "1e", "1e+", " 1", "1 ", "NaN", "0x10", "1_000", "١"] {
            #expect(JSONNumber(invalid) == nil, "\(invalid)")
        }
        #expect(JSONNumber("1.50")?.isIntegerText == false)
        #expect(JSONNumber("150")?.isIntegerText == true)
    }

    @Test func numbersCompareByValue() throws {
        #expect(JSONNumber("1.50") == JSONNumber("1.5"))
        #expect(JSONNumber("15e-1") == JSONNumber("1.5"))
        #expect(JSONNumber("1e3") == JSONNumber("1000"))
        #expect(JSONNumber("0") == JSONNumber("-0.0e7"))
        #expect(JSONNumber("1") != JSONNumber("-1"))
        #expect(JSONNumber("0.1") != JSONNumber("0.01"))
        #expect(JSONNumber("12345678901234567890123456789012345678") != JSONNumber("12345678901234567890123456789012345679"))
        #expect(JSONNumber("1e999999999999999999999") != JSONNumber("1e999999999999999999998"))
        let set: Set<JSONNumber> = [JSONNumber("1.0")!, JSONNumber("1")!, JSONNumber("10e-1")!]
        #expect(set.count == 1)
        #expect(try JSON.parse("[1.0]") == [1])
    }

    @Test func objectsKeepOrderAndSupportEditing() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["c"] = 3
        object["b"] = "replaced"
        #expect(object.keys == ["b", "a", "c"])
        #expect(object.values == ["replaced", 2, 3])
        #expect(object.updateValue(true, forKey: "a") == 2)
        #expect(object.removeValue(forKey: "b") == "replaced")
        #expect(object.removeValue(forKey: "missing") == nil)
        object["a"] = nil
        #expect(object.keys == ["c"])
        #expect(object.index(forKey: "c") == 0)
        #expect(Array(object.map(\.key)) == ["c"])
        #expect(object[0].key == "c")
        #expect(object[0].value == 3)
    }

    @Test func objectLiteralsAndSequencesWithRepeatedKeys() {
        let literal: JSONObject = ["x": 1, "y": 2, "x": 3]
        #expect(literal.keys == ["x", "y"])
        #expect(literal["x"] == 3)
        let built = JSONObject([("k", 1), ("k", 2)])
        #expect(built.count == 1 && built["k"] == 2)
    }

    @Test func largeObjectsStayConsistentThroughEdits() {
        var object = JSONObject()
        for number in 0..<40 {
            object["k\(number)"] = .number(number)
        }
        for number in stride(from: 0, to: 40, by: 3) {
            object["k\(number)"] = nil
        }
        object["k1"] = "one"
        object["new"] = true
        #expect(object.count == 40 - 14 + 1)
        #expect(object["k0"] == nil)
        #expect(object["k1"] == "one")
        #expect(object["k2"] == 2)
        #expect(object["k39"] == nil)
        #expect(object["k38"] == 38)
        #expect(object.keys.last == "new")
        #expect(object.keys.first == "k1")
        for (position, key) in object.keys.enumerated() {
            #expect(object.index(forKey: key) == position)
        }
        while object.count > 3, let last = object.keys.last {
            object[last] = nil
        }
        #expect(object.keys == ["k1", "k2", "k4"])
        #expect(object["k4"] == 4)
    }

    @Test func objectEqualityIgnoresOrder() throws {
        let first: JSON = ["a": 1, "b": [1, 2]]
        let second = try JSON.parse(#"{"b":[1,2],"a":1.0}"#)
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != ["a": 1, "b": [2, 1]])
        #expect(first != ["a": 1])
        #expect(JSON.object(["a": 1]) != ["b": 1])
        let set: Set<JSON> = [first, second, ["a": 2]]
        #expect(set.count == 2)
    }

    @Test func descriptionIsCompactJSON() {
        let value: JSON = ["a": [1, "x"]]
        #expect("\(value)" == #"{"a":[1,"x"]}"#)
        #expect(JSONError(line: 2, column: 9, message: "expected a value").description == "line 2, column 9: expected a value")
    }
}
