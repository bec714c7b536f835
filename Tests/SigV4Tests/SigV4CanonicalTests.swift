import Core
import Foundation
import HTTP
import SigV4
import Testing

/// Each stage of SigV4 on its own, and `get-vanilla` end to end with its answers inline.
struct SigV4CanonicalTests {
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test func getVanillaEndToEnd() throws {
        var request = HTTPRequest(method: "GET", target: "/", headers: ["Host": "example.amazonaws.com"])
        let result = try Suite.signer().sign(&request, at: Suite.date)
        #expect(result.canonicalRequest == """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            \(Self.emptyHash)
            """)
        #expect(result.stringToSign == """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """)
        #expect(result.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(request.headers["Authorization"] == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(request.headers["X-Amz-Date"] == "20150830T123600Z")
        #expect(!request.headers.contains("X-Amz-Security-Token"))
    }

    /// The signing key from the IAM User Guide's derivation example.
    @Test func signingKeyFromAWSDocumentation() {
        let key = SigV4.signingKeyBytes(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", dateStamp: "20150830", region: "us-east-1", service: "iam"
        )
        #expect(Hex.encode(key) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
        let prepared = SigV4.signingKey(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", dateStamp: "20150830", region: "us-east-1", service: "iam"
        )
        #expect(prepared.authenticate("x") == HMACSHA256.authenticate(Array("x".utf8), key: key))
    }

    @Test(arguments: [
        ("", "/"), ("/", "/"), ("//", "/"), ("/./", "/"), ("/example/..", "/"), ("/a/b/../..", "/"), ("/../..", "/"),
        ("/./example", "/example"), ("//example//", "/example/"), ("/a/./b/../c", "/a/c"), ("/a/b/..", "/a"),
        ("/a/b/../", "/a/"), ("/example space/", "/example%20space/"), ("/ሴ", "/%E1%88%B4"),
        ("/-._~AZaz09", "/-._~AZaz09"), ("/a%20b", "/a%2520b"), ("/a+b=c", "/a%2Bb%3Dc"), ("/..a/.b./...", "/..a/.b./..."),
    ])
    func canonicalURI(rawPath: String, expected: String) {
        #expect(SigV4.canonicalURI(rawPath) == expected)
    }

    @Test func canonicalURIWithS3RulesKeepsThePathAsSent() {
        #expect(SigV4.canonicalURI("/bucket/a//b/../c%20d", normalizing: false) == "/bucket/a//b/../c%20d")
        #expect(SigV4.canonicalURI("", normalizing: false) == "/")
        #expect(SigV4.usesS3PathRules(service: "s3"))
        #expect(!SigV4.usesS3PathRules(service: "dynamodb"))
    }

    @Test(arguments: [
        ("", ""), ("Param1=value1", "Param1=value1"), ("Param2=value2&Param1=value1", "Param1=value1&Param2=value2"),
        ("Param1=value2&Param1=Value1", "Param1=Value1&Param1=value2"), ("a", "a="), ("a=&a", "a=&a="),
        ("x=%7e&y=~", "x=~&y=~"), ("k=a+b", "k=a%2Bb"), ("k=%2f", "k=%2F"), ("k=%FF", "k=%FF"), ("k=%zz", "k=%25zz"),
        ("&&a=1&", "a=1"), ("a=1=2", "a=1%3D2"), ("b=1&a.b=2&a-b=3&A=4", "A=4&a-b=3&a.b=2&b=1"),
        ("ሴ=bar", "%E1%88%B4=bar"), ("k=a b", "k=a%20b"), ("k=%E1%88%B4", "k=%E1%88%B4"),
    ])
    func canonicalQuery(rawQuery: String, expected: String) {
        #expect(SigV4.canonicalQuery(rawQuery) == expected)
    }

    @Test func canonicalHeaderValues() {
        #expect(SigV4.canonicalHeaderValue("  a   b \t c  ") == "a b c")
        #expect(SigV4.canonicalHeaderValue("\"a   b   c\"") == "\"a b c\"")
        #expect(SigV4.canonicalHeaderValue("") == "")
    }

    @Test func canonicalHeadersGroupDuplicatesInOrder() {
        let headers: HTTPHeaders = HTTPHeaders([
            ("Host", "example.amazonaws.com"), ("My-Header1", "value4"), ("X-Amz-Date", "20150830T123600Z"),
            ("my-header1", " value1 "), ("MY-HEADER1", "value3"),
        ])
        let names = SigV4.signedHeaderNames(headers, excluding: SigV4Signer.defaultUnsignedHeaders)
        #expect(names == ["host", "my-header1", "x-amz-date"])
        #expect(SigV4.canonicalHeaders(headers, signedHeaders: names)
            == "host:example.amazonaws.com\nmy-header1:value4,value1,value3\nx-amz-date:20150830T123600Z\n")
        // A listed header that is absent contributes an empty value.
        #expect(SigV4.canonicalHeaders(headers, signedHeaders: ["host", "x-missing"]) == "host:example.amazonaws.com\nx-missing:\n")
    }

    @Test func signedHeaderNamesLeaveOutTheExclusions() {
        let headers: HTTPHeaders = [
            "Host": "h", "User-Agent": "ua", "Expect": "100-continue", "Connection": "close",
            "X-Amzn-Trace-Id": "Root=1", "Authorization": "old", "Content-Length": "3", "Content-Type": "text/plain",
        ]
        #expect(SigV4.signedHeaderNames(headers, excluding: SigV4Signer.defaultUnsignedHeaders)
            == ["content-length", "content-type", "host"])
    }

    @Test func payloadHashPrefersTheDeclaredHeader() {
        var request = HTTPRequest(method: "PUT", target: "/", text: "abc")
        #expect(SigV4.payloadHash(request) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        request.headers["X-Amz-Content-SHA256"] = "UNSIGNED-PAYLOAD"
        #expect(SigV4.payloadHash(request) == "UNSIGNED-PAYLOAD")
    }

    @Test func signerRequiresHost() {
        var request = HTTPRequest(method: "GET", target: "/")
        #expect(throws: SigV4Error.missingHost) { try Suite.signer().sign(&request, at: Suite.date) }
        #expect(SigV4Error.missingHost.status == 400)
    }

    @Test func signerSignsTheSessionTokenAndReplacesOldSignatures() throws {
        var request = HTTPRequest(method: "GET", target: "/", headers: [
            "Host": "example.amazonaws.com", "Authorization": "stale", "User-Agent": "saaslab",
        ])
        let signer = Suite.signer(sessionToken: "token-1")
        try signer.sign(&request, at: Suite.date)
        let result = try signer.sign(&request, at: Suite.date)
        #expect(request.headers.values(for: "Authorization") == [result.authorization])
        #expect(request.headers.values(for: "X-Amz-Security-Token") == ["token-1"])
        #expect(result.signedHeaders == ["host", "x-amz-date", "x-amz-security-token"])
    }

    @Test func s3SignerDeclaresThePayloadHashAndKeepsThePath() throws {
        var request = HTTPRequest(method: "PUT", target: "/bucket/a//b%20c", headers: ["Host": "s3.amazonaws.com"], text: "abc")
        let signer = SigV4Signer(credentials: Suite.credentials, region: "us-east-1", service: "s3")
        let result = try signer.sign(&request, at: Suite.date)
        #expect(request.headers["x-amz-content-sha256"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(result.canonicalRequest.split(separator: "\n")[1] == "/bucket/a//b%20c")
        #expect(result.signedHeaders.contains("x-amz-content-sha256"))
    }

    @Test func errorDescriptionsAndStatuses() {
        #expect(SigV4Error.missingAuthenticationToken.description == "MissingAuthenticationToken: Request is missing Authentication Token")
        #expect(SigV4Error.missingAuthenticationToken.status == 403)
        #expect(SigV4Error.invalidClientTokenId.message == "The security token included in the request is invalid.")
        #expect(SigV4Error.invalidClientTokenId.status == 403)
        #expect(SigV4Error.signatureDoesNotMatch.status == 403)
        #expect(SigV4Error.incompleteSignature("x").status == 400)
        #expect(SigV4Error(.requestExpired, "x").status == 400)
        #expect(SigV4Error.signatureDoesNotMatch.message.hasPrefix("The request signature we calculated does not match"))
    }
}
