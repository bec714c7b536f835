@testable import SigV4
import Testing

/// The byte-level parser for well-formed `Authorization` headers agrees with the general one:
/// the same result where it answers, and no answer (so the general parser's error) otherwise.
@Suite struct SigV4AuthorizationParsingTests {
    static let signature = String(repeating: "0123456789abcdef", count: 4)

    static let headers: [String] = [
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,SignedHeaders=host,Signature=\(signature)",
        "AWS4-HMAC-SHA256 Signature=\(signature), SignedHeaders=Host;X-Amz-Date, Credential=AK/20150830/r/s/aws4_request",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature.uppercased())",
        "AWS4-HMAC-SHA256 Credential=AK=1/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature)",
        // Refused or unusual: the fast path must step aside.
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature),",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request,, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature), Extra=1",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=x-amz-date, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host;;x-amz-date, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature.dropLast())",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature.dropLast())g",
        "AWS4-HMAC-SHA256 Credential=AK/2015083/r/s/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/2015083x/r/s/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_requests, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830//s/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential = AK/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host, Signature",
        "AWS4-HMAC-SHA256 Credential=AKé/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request,\tSignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 ",
        "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA512 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "",
    ]

    @Test(arguments: headers)
    func agreesWithTheGeneralParser(_ header: String) throws {
        let general = Result { () throws(SigV4Error) in try SigV4Authorization(parsingGenerally: header) }
        let parsed = Result { () throws(SigV4Error) in try SigV4Authorization(parsing: header) }
        var bytes = header
        let fast = bytes.withUTF8 { SigV4Authorization.parseWellFormed($0) }
        switch general {
        case .success(let expected):
            #expect(try parsed.get() == expected)
            if let fast { #expect(fast == expected) }
        case .failure(let error):
            #expect(fast == nil)
            #expect(throws: error) { try parsed.get() }
        }
    }

    @Test func theUsualHeaderTakesTheFastPath() {
        var header = Self.headers[0]
        #expect(header.withUTF8 { SigV4Authorization.parseWellFormed($0) } != nil)
    }
}
