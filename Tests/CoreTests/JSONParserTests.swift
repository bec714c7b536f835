import Testing
@testable import Core

@Suite struct JSONParserTests {
    @Test func scalarsAtTopLevel() throws {
        #expect(try JSON.parse("null") == .null)
        #expect(try JSON.parse("true") == .bool(true))
        #expect(try JSON.parse(" false ") == .bool(false))
        #expect(try JSON.parse("\"hi\"") == .string("hi"))
        #expect(try JSON.parse("-12.5e+3").numberText == "-12.5e+3")
    }

    /// Accepted documents in the spirit of JSONTestSuite's `y_` cases.
    @Test(arguments: [
        "[]", "{}", "[[]]", "[{}]", "{\"\":0}", "[\"\"]", "[null]", "[1,2,3]",
        "[-0]", "[0e1]", "[0E+1]", "[1E-2]", "[-1.0e22]", "[123e65]", "[1.5E1]",
        "{\"a\":{\"b\":[true,false,null]}}", " \t\r\n[ 1 , 2 ] \t\r\n",
        "[\"\\u0000\"]", "[\"\\/\"]", "[\"a/*b*/c\"]", "[\"\u{7F}\"]", "[\"\u{2028}\u{2029}\"]",
        "{\"a\":1,\"a\":2}", "\"\u{10FFFF}\"", "[\"\\uDBFF\\uDFFF\"]", "[\"\\uFFFF\"]",
    ])
    func acceptsValidDocuments(_ text: String) throws {
        _ = try JSON.parse(text)
    }

    @Test func numbersKeepTheirExactText() throws {
        let texts = [
            "12345678901234567890123456789012345678", "-0.000000000000000000000000000000000001",
            "1.50", "1e3", "1E+03", "0", "-0", "0.0", "99999999999999999999999999999999999999e-130",
        ]
        for text in texts {
            let value = try JSON.parse(text)
            #expect(value.numberText == text)
            #expect(value.serialized() == text)
        }
        let item = try JSON.parse(#"{"N":12345678901234567890123456789012345678}"#)
        #expect(item["N"]?.numberText == "12345678901234567890123456789012345678")
        #expect(item.serialized() == #"{"N":12345678901234567890123456789012345678}"#)
    }

    @Test func escapesAreDecoded() throws {
        let value = try JSON.parse(#""q\"b\\s\/b\bf\fn\nr\rt\tu\u0041\u00e9\u20AC""#)
        #expect(value.stringValue == "q\"b\\s/b\u{8}f\u{C}n\nr\rt\tuAé€")
    }

    @Test func surrogatePairsBecomeOneScalar() throws {
        #expect(try JSON.parse(#""\ud83d\ude00""#).stringValue == "😀")
        #expect(try JSON.parse(#""a\uD834\uDD1Eb""#).stringValue == "a𝄞b")
        #expect(try JSON.parse(#""\ud83d\ude00""#).stringValue?.unicodeScalars.count == 1)
    }

    @Test func utf8TextIsKept() throws {
        let text = #"{"name":"Zoë","emoji":"😀","cjk":"租户"}"#
        let value = try JSON.parse(bytes: Array(text.utf8))
        #expect(value["name"]?.stringValue == "Zoë")
        #expect(value["emoji"]?.stringValue == "😀")
        #expect(value["cjk"]?.stringValue == "租户")
        #expect(value.serialized() == text)
    }

    @Test func stringAndBytesParsingAgree() throws {
        let text = #"{"a":[1,"x\n",{"b":null}]}"#
        #expect(try JSON.parse(text) == JSON.parse(bytes: Array(text.utf8)))
    }

    @Test func objectKeysKeepDocumentOrder() throws {
        let value = try JSON.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func largeObjectsKeepOrderAndLookup() throws {
        let members = (0..<100).map { "\"k\(99 - $0)\":\($0)" }.joined(separator: ",")
        let value = try JSON.parse("{\(members)}")
        #expect(value.objectValue?.keys.first == "k99")
        #expect(value["k0"]?.intValue == 99)
        #expect(value["k99"]?.intValue == 0)
        #expect(value.objectValue?.count == 100)
    }

    @Test func duplicateKeysLastValueWinsAtFirstPosition() throws {
        let value = try JSON.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"]?.intValue == 3)
        #expect(value.serialized() == #"{"a":3,"b":2}"#)

        let big = (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let bigValue = try JSON.parse("{\(big),\"k3\":\"last\"}")
        #expect(bigValue["k3"]?.stringValue == "last")
        #expect(bigValue.objectValue?.count == 20)
    }

    @Test func duplicateKeysCanBeRejected() {
        let text = """
        {
          "Effect": "Allow",
          "Effect": "Deny"
        }
        """
        #expect(throws: JSONError(line: 3, column: 3, message: #"expected each key once in an object, but "Effect" appears again"#)) {
            try JSON.parse(text, duplicateKeys: .reject)
        }
        let big = (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(throws: JSONError(line: 1, column: 162, message: #"expected each key once in an object, but "k7" appears again"#)) {
            try JSON.parse("{\(big),\"k7\":0}", duplicateKeys: .reject)
        }
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = JSON.defaultMaxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSON.parse(text)
        var levels = 0
        while case .array(let elements) = value {
            levels += 1
            value = elements.first ?? .null
        }
        #expect(levels == depth)
        #expect(try JSON.parse(text).serialized() == text)
    }

    @Test func deepNestingIsLimitedNotCrashing() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONError(line: 1, column: 513, message: "expected at most 512 nested arrays and objects")) {
            try JSON.parse(text)
        }
        let objects = String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: JSONError(line: 1, column: 2561, message: "expected at most 512 nested arrays and objects")) {
            try JSON.parse(objects)
        }
    }

    @Test func theDepthLimitIsAdjustable() throws {
        #expect(throws: JSONError(line: 1, column: 3, message: "expected at most 2 nested arrays and objects")) {
            try JSON.parse("[[[]]]", maxDepth: 2)
        }
        // The parser keeps its own stacks, so a generous limit is safe for parsing itself.
        let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        let value = try JSON.parse(deep, maxDepth: 5_000)
        #expect(value.arrayValue?.count == 1)
    }

    /// A policy with odd spacing: the compact and pretty forms are fixed, key order is kept,
    /// and the pretty form parses back to the same value and the same text.
    @Test func iamPolicyRoundTrips() throws {
        let original = """
        {   "Version":"2012-10-17",
            "Statement" : [ {"Sid":"TenantIsolation" ,"Effect":  "Allow",
              "Action":["dynamodb:GetItem","dynamodb:Query"],
          "Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
              "Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/TenantId}"]},
                 "NumericLessThan":{"s3:max-keys":10.50}} } ]
        }
        """
        let compact = #"{"Version":"2012-10-17","Statement":[{"Sid":"TenantIsolation","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/TenantId}"]},"NumericLessThan":{"s3:max-keys":10.50}}}]}"#
        let pretty = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "TenantIsolation",
              "Effect": "Allow",
              "Action": [
                "dynamodb:GetItem",
                "dynamodb:Query"
              ],
              "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
              "Condition": {
                "ForAllValues:StringEquals": {
                  "dynamodb:LeadingKeys": [
                    "${aws:PrincipalTag/TenantId}"
                  ]
                },
                "NumericLessThan": {
                  "s3:max-keys": 10.50
                }
              }
            }
          ]
        }
        """
        let policy = try JSON.parse(original)
        #expect(policy.serialized() == compact)
        #expect(policy.serialized(pretty: true) == pretty)
        let reparsed = try JSON.parse(pretty)
        #expect(reparsed == policy)
        #expect(reparsed.serialized() == compact)
        #expect(reparsed.serialized(pretty: true) == pretty)
        #expect(try JSON.parse(compact).serialized(pretty: true) == pretty)
    }

    @Test func crlfAndTabsAreWhitespace() throws {
        let value = try JSON.parse("{\r\n\t\"a\" :\t1\r\n}\r\n")
        #expect(value == ["a": 1])
    }
}
