import Core
import Testing
@testable import Labs

/// Every predicate on every relevant type, negated and not, including type mismatches.
@Suite struct EvaluationPredicateTests {
    typealias F = HurlPredicate.Function

    private func passes(_ actual: HurlValue, _ function: F) -> Bool {
        HurlPredicate(function).evaluate(actual).passed
    }

    private func passesNegated(_ actual: HurlValue, _ function: F) -> Bool {
        HurlPredicate(function, negated: true).evaluate(actual).passed
    }

    private func mismatch(_ actual: HurlValue, _ function: F) -> String? {
        HurlPredicate(function).evaluate(actual).typeMismatch
    }

    static let float15 = HurlValue.float(JSONNumber("1.5")!)

    @Test func equalityIsTyped() {
        #expect(passes(.integer(1), .equal(.integer(1))))
        #expect(passes(.integer(1), .equal(.float(1.0))))
        #expect(passes(.float(JSONNumber("1.50")!), .equal(Self.float15)))
        #expect(!passes(.string("1"), .equal(.integer(1))))
        #expect(!passes(.integer(1), .equal(.string("1"))))
        #expect(!passes(.string("true"), .equal(.boolean(true))))
        #expect(passes(.boolean(false), .equal(.boolean(false))))
        #expect(passes(.null, .equal(.null)))
        #expect(!passes(.null, .equal(.string("null"))))
        #expect(passes(.string("é"), .equal(.string("e\u{301}"))))
        #expect(passes(.list([.integer(1), .string("a")]), .equal(.list([.float(1.0), .string("a")]))))
        #expect(!passes(.list([.integer(1)]), .equal(.list([.integer(1), .integer(2)]))))
        #expect(passes(.object(["a": 1, "b": 2]), .equal(.object(["b": 2, "a": 1]))))
        #expect(passes(.bytes([0xAB, 0x01]), .equal(.bytes([0xAB, 0x01]))))
        #expect(passes(.bytes([0xAB, 0x01]), .equal(.string("AB01"))))
        #expect(!passes(.bytes([0xAB]), .equal(.string("zz"))))
    }

    @Test func inequalityAndNegatedEquality() {
        #expect(passes(.integer(1), .notEqual(.string("1"))))
        #expect(!passes(.integer(1), .notEqual(.float(1.0))))
        #expect(passesNegated(.integer(200), .equal(.integer(403))))
        #expect(!passesNegated(.integer(200), .equal(.integer(200))))
        #expect(passesNegated(.integer(2), .notEqual(.integer(2))))
    }

    @Test func orderingComparesNumbersNumericallyAndStringsLexicographically() {
        #expect(passes(.integer(10), .greater(.integer(9))))
        #expect(passes(.integer(10), .greater(.float(9.5))))
        #expect(passes(Self.float15, .less(.integer(2))))
        #expect(passes(.integer(2), .greaterOrEqual(.float(2.0))))
        #expect(passes(.integer(2), .lessOrEqual(.integer(2))))
        #expect(!passes(.integer(3), .lessOrEqual(.integer(2))))
        #expect(passes(.integer(JSONNumber("123456789012345678901234567890")!), .greater(.integer(Int.max))))
        #expect(passes(.string("b"), .greater(.string("abc"))))
        #expect(passes(.string("B"), .less(.string("a"))))
        #expect(passes(.string("10"), .less(.string("9"))))
        #expect(passesNegated(.integer(1), .greater(.integer(5))))
    }

    @Test func orderingMismatchesFailEvenWhenNegated() {
        #expect(mismatch(.string("10"), .greater(.integer(9))) == #"type mismatch: cannot order a string against 9 (integer)"#)
        #expect(mismatch(.boolean(true), .less(.boolean(false))) == "type mismatch: < applies to numbers and strings, not to a boolean")
        #expect(!passesNegated(.string("10"), .greater(.integer(9))))
        #expect(!passesNegated(.null, .lessOrEqual(.integer(1))))
    }

    @Test func startsWithAndEndsWith() {
        #expect(passes(.string("arn:aws:iam::1"), .startsWith(.string("arn:"))))
        #expect(!passes(.string("arn:aws"), .startsWith(.string("aws"))))
        #expect(passes(.string("file.json"), .endsWith(.string(".json"))))
        #expect(passesNegated(.string("file.json"), .endsWith(.string(".xml"))))
        #expect(passes(.bytes([1, 2, 3]), .startsWith(.bytes([1, 2]))))
        #expect(passes(.bytes([1, 2, 3]), .endsWith(.bytes([2, 3]))))
        #expect(mismatch(.integer(200), .startsWith(.string("2"))) == "type mismatch: startsWith applies to strings, not to an integer")
        #expect(!passesNegated(.integer(200), .endsWith(.string("x"))))
        #expect(mismatch(.string("a"), .startsWith(.bytes([1]))) != nil)
    }

    @Test func containsOnStringsBytesAndLists() {
        #expect(passes(.string(#"{"error":"AccessDenied"}"#), .contains(.string("AccessDenied"))))
        #expect(passes(.string("abc"), .contains(.string(""))))
        #expect(passesNegated(.string("abc"), .contains(.string("x"))))
        #expect(passes(.bytes([1, 2, 3, 4]), .contains(.bytes([2, 3]))))
        #expect(!passes(.bytes([1, 2, 3, 4]), .contains(.bytes([3, 2]))))
        #expect(passes(.list([.string("a"), .integer(2)]), .contains(.float(2.0))))
        #expect(!passes(.list([.string("2")]), .contains(.integer(2))))
        #expect(mismatch(.integer(12), .contains(.string("1"))) == "type mismatch: contains applies to strings, bytes and lists, not to an integer")
        #expect(mismatch(.object(["a": 1]), .contains(.string("a"))) != nil)
    }

    @Test func includesOnLists() {
        #expect(passes(.list([.string("admin"), .string("user")]), .includes(.string("admin"))))
        #expect(passesNegated(.list([.string("user")]), .includes(.string("admin"))))
        #expect(passes(.list([.null]), .includes(.null)))
        #expect(mismatch(.string("admin"), .includes(.string("a"))) == "type mismatch: includes applies to lists, not to a string")
    }

    @Test func matchesSearchesStrings() {
        #expect(passes(.string("req-1234"), .matches(pattern: #"\d{4}"#)))
        #expect(passes(.string("Hello"), .matches(pattern: "(?i)^hello$")))
        #expect(!passes(.string("abc"), .matches(pattern: "^b")))
        #expect(passesNegated(.string("abc"), .matches(pattern: "^b")))
        #expect(mismatch(.integer(1), .matches(pattern: "1")) == "type mismatch: matches applies to strings, not to an integer")
        let invalid = HurlPredicate(.matches(pattern: "(")).evaluate(.string("("))
        #expect(!invalid.passed)
        #expect(invalid.typeMismatch?.hasPrefix(#"invalid regular expression "(""#) == true)
        #expect(HurlRegex.problem(with: "a+") == nil)
        #expect(HurlRegex.problem(with: "[a") != nil)
    }

    @Test func existsAndNone() {
        #expect(passes(.null, .exists))
        #expect(passes(.list([]), .exists))
        #expect(!passes(.none, .exists))
        #expect(passesNegated(.none, .exists))
        #expect(!passesNegated(.string(""), .exists))
        // A missing value satisfies nothing else, negated or not.
        for function: F in [.equal(.null), .notEqual(.integer(1)), .contains(.string("a")), .isEmpty, .isString] {
            #expect(!passes(.none, function))
            #expect(!passesNegated(.none, function))
            #expect(mismatch(.none, function) == "the query matched nothing")
        }
    }

    @Test func isEmptyOnStringsAndCollections() {
        #expect(passes(.string(""), .isEmpty))
        #expect(!passes(.string(" "), .isEmpty))
        #expect(passes(.list([]), .isEmpty))
        #expect(passesNegated(.list([.null]), .isEmpty))
        #expect(passes(.object([:]), .isEmpty))
        #expect(passes(.bytes([]), .isEmpty))
        #expect(mismatch(.integer(0), .isEmpty) == "type mismatch: isEmpty applies to strings and collections, not to an integer")
        #expect(!passesNegated(.null, .isEmpty))
    }

    @Test(arguments: [
        (HurlValue.string("1"), "isString"), (.integer(1), "isInteger"), (.float(1.0), "isFloat"),
        (.boolean(true), "isBoolean"), (.list([]), "isCollection"), (.object([:]), "isCollection"),
        (.bytes([1]), "isCollection"), (.null, "none of them"),
    ])
    func typePredicates(_ value: HurlValue, _ holds: String) {
        let functions: [(String, F)] = [
            ("isString", .isString), ("isInteger", .isInteger), ("isFloat", .isFloat),
            ("isBoolean", .isBoolean), ("isCollection", .isCollection),
        ]
        for (name, function) in functions {
            #expect(passes(value, function) == (name == holds), "\(value.literal) \(name)")
            #expect(passesNegated(value, function) == (name != holds), "\(value.literal) not \(name)")
        }
    }
}
