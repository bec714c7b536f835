import Testing
import Core

@Suite struct JSONSerializerTests {
    @Test func compactOutput() {
        let value: JSON = ["a": 1, "b": [true, nil], "c": "x", "d": [:], "e": []]
        #expect(value.serialized() == #"{"a":1,"b":[true,null],"c":"x","d":{},"e":[]}"#)
        #expect(JSON.null.serialized() == "null")
        #expect(JSON.string("").serialized() == #""""#)
    }

    @Test func prettyOutputExactText() {
        let value: JSON = [
            "name": "tenant-1",
            "tiers": ["basic", "premium"],
            "limits": ["rps": 10, "burst": 20.5],
            "tags": [],
            "meta": [:],
            "nested": [[], [[:]], [1]],
        ]
        let expected = """
        {
          "name": "tenant-1",
          "tiers": [
            "basic",
            "premium"
          ],
          "limits": {
            "rps": 10,
            "burst": 20.5
          },
          "tags": [],
          "meta": {},
          "nested": [
            [],
            [
              {}
            ],
            [
              1
            ]
          ]
        }
        """
        #expect(value.serialized(pretty: true) == expected)
        #expect(JSON.array([]).serialized(pretty: true) == "[]")
        #expect(JSON.object([:]).serialized(pretty: true) == "{}")
        #expect(JSON.bool(true).serialized(pretty: true) == "true")
    }

    @Test func sortedKeysUseByteOrderAtEveryLevel() {
        let value: JSON = ["b": ["z": 1, "a": 2], "B": 0, "a": [["y": 1, "x": 2]], "é": 3, "_": 4]
        #expect(value.serialized(sortedKeys: true) == #"{"B":0,"_":4,"a":[{"x":2,"y":1}],"b":{"a":2,"z":1},"é":3}"#)
        #expect(value.serialized() == #"{"b":{"z":1,"a":2},"B":0,"a":[{"y":1,"x":2}],"é":3,"_":4}"#)
        #expect(value.serialized(pretty: true, sortedKeys: true) == """
        {
          "B": 0,
          "_": 4,
          "a": [
            {
              "x": 2,
              "y": 1
            }
          ],
          "b": {
            "a": 2,
            "z": 1
          },
          "é": 3
        }
        """)
    }

    @Test func stringEscaping() {
        let value = JSON.string("quote\" backslash\\ slash/ nl\n cr\r tab\t bs\u{8} ff\u{C} nul\u{0} us\u{1F} del\u{7F}")
        #expect(value.serialized() == #""quote\" backslash\\ slash/ nl\n cr\r tab\t bs\b ff\f nul\u0000 us\u001f del\#u{7F}""#)
    }

    @Test func nonASCIIIsWrittenAsUTF8() {
        let value: JSON = ["emoji": "😀", "name": "Zoë", "sep": "\u{2028}"]
        #expect(value.serialized() == "{\"emoji\":\"😀\",\"name\":\"Zoë\",\"sep\":\"\u{2028}\"}")
        #expect(value.serializedBytes() == Array(value.serialized().utf8))
        #expect(Array(JSON.string("é").serializedBytes()) == [0x22, 0xC3, 0xA9, 0x22])
    }

    @Test func keysAreEscapedToo() {
        let value: JSON = ["a\"b\n": 1]
        #expect(value.serialized() == #"{"a\"b\n":1}"#)
    }

    @Test func everyControlCharacterRoundTrips() throws {
        let all = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let text = JSON.string(all).serialized()
        #expect(try JSON.parse(text).stringValue == all)
        #expect(text.utf8.allSatisfy { $0 >= 0x20 })
    }

    @Test func numbersAreWrittenAsStoredText() throws {
        let value = try JSON.parse("[1.50,1e3,-0,0.000,12345678901234567890123456789012345678,1E-7]")
        #expect(value.serialized() == "[1.50,1e3,-0,0.000,12345678901234567890123456789012345678,1E-7]")
    }

    @Test func outputIsDeterministic() throws {
        let value = try JSON.parse(#"{"x":[1,{"y":null,"a":"b"}],"k":{"m":true}}"#)
        let first = value.serialized(pretty: true)
        for _ in 0..<5 {
            #expect(value.serialized(pretty: true) == first)
        }
    }

    @Test func parsePrettyParseIsStable() throws {
        let source = #"{"a":[1,2,{"b":"c\u00e9\ud83d\ude00\n"}],"d":{},"e":[],"f":-1.5e-3}"#
        let value = try JSON.parse(source)
        #expect(try JSON.parse(value.serialized(pretty: true)) == value)
        #expect(try JSON.parse(value.serialized()).serialized() == value.serialized())
    }
}
