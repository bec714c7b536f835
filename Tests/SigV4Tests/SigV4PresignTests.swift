import Core
import Foundation
import HTTP
import SigV4
import Testing

/// Query-string authentication: the published example, presign and verify, and every refusal.
struct SigV4PresignTests {
    static let verifier = SigV4Verifier()

    /// A presigned IAM-style GET, signed with `Suite`'s key (optionally temporary).
    static func presigned(
        sessionToken: String? = nil, expires: Int = 900, at date: Date = Suite.date, body: String = "",
        _ configure: (inout HTTPRequest) -> Void = { _ in }
    ) -> HTTPRequest {
        var request = HTTPRequest(method: "GET", target: "/?Action=ListRoles&Version=2010-05-08", headers: [
            "Host": "iam.saaslab.local",
        ], text: body)
        configure(&request)
        var signer = Suite.signer(sessionToken: sessionToken)
        signer.service = "iam"
        try! signer.presign(&request, at: date, expires: expires)
        return request
    }

    static func expectFailure(
        _ code: SigV4Error.Code, _ request: HTTPRequest, now: Date = Suite.date, lookup: (String) -> SigV4Secret? = Suite.lookup(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> SigV4Error? {
        SigV4VerifierTests.expectFailure(code, request, now: now, lookup: lookup, sourceLocation: sourceLocation)
    }

    /// `request` with the query parameter `name` set to `value` (appended when absent,
    /// removed when nil), every other byte of the target kept.
    static func settingQuery(_ request: HTTPRequest, _ name: String, _ value: String?) -> HTTPRequest {
        var pairs = request.rawQuery.split(separator: "&").map(String.init)
        let index = pairs.firstIndex { $0.hasPrefix(name + "=") }
        let replacement = value.map { "\(name)=\(URLEncoding.encode($0))" }
        switch (index, replacement) {
        case let (index?, replacement?): pairs[index] = replacement
        case let (index?, nil): pairs.remove(at: index)
        case let (nil, replacement?): pairs.append(replacement)
        case (nil, nil): break
        }
        var copy = request
        copy.target = request.rawPath + "?" + pairs.joined(separator: "&")
        return copy
    }

    // MARK: - The published example

    /// "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)" in the S3
    /// API Reference: a GET of `test.txt`, valid for a day from 2013-05-24.
    @Test func s3DocumentationExample() throws {
        let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let date = Date(timeIntervalSince1970: 1_369_353_600)
        var request = HTTPRequest(method: "GET", target: "/test.txt", headers: ["Host": "examplebucket.s3.amazonaws.com"])
        let result = try SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3").presign(&request, at: date, expires: 86400)

        let query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        #expect(result.canonicalRequest == "GET\n/test.txt\n\(query)\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD")
        #expect(result.stringToSign == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04
            """)
        #expect(result.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(request.target == "/test.txt?\(query)&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(request.headers.count == 1)

        // And the verifier takes it for exactly its day.
        let lookup: (String) -> SigV4Secret? = { _ in SigV4Secret(secretAccessKey: credentials.secretAccessKey) }
        let verified = try Self.verifier.verify(request, now: date.addingTimeInterval(86400), lookup: lookup)
        #expect(verified.service == "s3")
        #expect(verified.signedHeaders == ["host"])
        let error = Self.expectFailure(.requestExpired, request, now: date.addingTimeInterval(86401), lookup: lookup)
        #expect(error?.message == "Signature expired: 20130524T000000Z is now earlier than 20130524T000001Z (20130525T000001Z - 1440 min.)")
    }

    // MARK: - Presign, then verify

    @Test func roundTrip() throws {
        let request = Self.presigned()
        #expect(request.headers["Authorization"] == nil)
        #expect(request.target.hasPrefix("/?Action=ListRoles&Version=2010-05-08&X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        let parsed = try #require(try SigV4Authorization(request: request))
        #expect(parsed.presigning == SigV4Presigning(date: Suite.date, expires: 900))
        let result = try Self.verifier.verify(request, now: Suite.date.addingTimeInterval(900), lookup: Suite.lookup())
        #expect(result == SigV4Verification(
            accessKeyId: "AKIDEXAMPLE", sessionToken: nil, region: "us-east-1", service: "iam",
            signingDate: Suite.date, signedHeaders: ["host"]
        ))
    }

    @Test func sessionTokenTravelsInTheQuery() throws {
        let request = Self.presigned(sessionToken: Suite.sessionToken)
        #expect(request.query("X-Amz-Security-Token") != nil)
        let result = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup(sessionToken: Suite.sessionToken))
        #expect(result.sessionToken == Suite.sessionToken)
        // The wrong token, no token, and a token for a long-term key.
        _ = Self.expectFailure(.invalidClientTokenId, request, lookup: Suite.lookup(sessionToken: "another"))
        _ = Self.expectFailure(.invalidClientTokenId, Self.presigned(), lookup: Suite.lookup(sessionToken: Suite.sessionToken))
        _ = Self.expectFailure(.invalidClientTokenId, request, lookup: Suite.lookup())
    }

    @Test func signedHeadersMustBeSent() throws {
        let request = Self.presigned { $0.headers["X-Tenant"] = "t-1" }
        let parsed = try #require(try SigV4Authorization(request: request))
        #expect(parsed.signedHeaders == ["host", "x-tenant"])
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
        var without = request
        without.headers.remove(name: "X-Tenant")
        _ = Self.expectFailure(.signatureDoesNotMatch, without)
    }

    @Test func presigningAgainReplacesTheEarlierParameters() throws {
        var request = Self.presigned(expires: 60)
        try Suite.signer().presign(&request, at: Suite.date, expires: 120)
        #expect(request.queryItems.filter { $0.name == "X-Amz-Signature" }.count == 1)
        #expect(request.query("X-Amz-Expires") == "120")
        #expect(request.query("Action") == "ListRoles")
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
    }

    /// Presigned from the stages, with `payloadHash` in the canonical request and `extra`
    /// query parameters (for the payload forms the signer does not produce itself).
    static func presignedByHand(
        payloadHash: String, extra: [(name: String, value: String)] = [], method: String = "GET", service: String = "iam"
    ) -> HTTPRequest {
        var parameters: [(name: String, value: String)] = [
            ("Action", "ListRoles"), ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "AKIDEXAMPLE/20150830/us-east-1/\(service)/aws4_request"), ("X-Amz-Date", "20150830T123600Z"),
            ("X-Amz-Expires", "60"), ("X-Amz-SignedHeaders", "host"),
        ]
        parameters += extra
        let query = parameters.map { "\($0.name)=\(URLEncoding.encode($0.value))" }.joined(separator: "&")
        var request = HTTPRequest(method: method, target: "/?" + query, headers: ["Host": "iam.saaslab.local"])
        let canonical = SigV4.canonicalRequest(request, signedHeaders: ["host"], payloadHash: payloadHash, presigned: true)
        let key = SigV4.signingKey(secretAccessKey: Suite.credentials.secretAccessKey, dateStamp: "20150830", region: "us-east-1", service: service)
        let signature = SigV4.signature(stringToSign: SigV4.stringToSign(
            amzDate: "20150830T123600Z", credentialScope: "20150830/us-east-1/\(service)/aws4_request", canonicalRequest: canonical
        ), signingKey: key)
        request.target += "&X-Amz-Signature=" + signature
        return request
    }

    @Test func bodyIsSignedOutsideS3() throws {
        let request = Self.presigned(body: "Action=CreateAccessKey") { $0.method = "POST" }
        #expect(request.query("X-Amz-Content-Sha256") == nil)
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
        var swapped = request
        swapped.body = Array("Action=DeleteUser".utf8)
        _ = Self.expectFailure(.signatureDoesNotMatch, swapped)
    }

    @Test func unsignedPayloadOutsideS3OnlyWithoutABody() throws {
        // What an S3-minded presigner produces for IAM: accepted while there is nothing to swap.
        var request = Self.presignedByHand(payloadHash: SigV4.unsignedPayload, method: "POST")
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
        request.body = Array("Action=CreateAccessKey&UserName=operator".utf8)
        let error = Self.expectFailure(.contentSHA256Mismatch, request)
        #expect(error?.message == "UNSIGNED-PAYLOAD is accepted only for S3; sign the body of iam requests "
            + "(a presigned request declares its hash in X-Amz-Content-Sha256).")
    }

    @Test func declaredContentHashMustBeTheBodys() throws {
        let body = "Action=CreateAccessKey"
        let hash = Hex.encode(SHA256.hash(Array(body.utf8)))
        var request = Self.presignedByHand(payloadHash: hash, extra: [("X-Amz-Content-Sha256", hash)], method: "POST")
        request.body = Array(body.utf8)
        let parsed = try #require(try SigV4Authorization(request: request))
        #expect(parsed.presigning?.contentSHA256 == hash)
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
        request.body = Array("Action=DeleteUser".utf8)
        let error = Self.expectFailure(.contentSHA256Mismatch, request)
        #expect(error?.message == "The provided 'X-Amz-Content-Sha256' parameter does not match what was computed.")

        let garbled = Self.presignedByHand(payloadHash: "xyz", extra: [("X-Amz-Content-Sha256", "xyz")])
        #expect(Self.expectFailure(.contentSHA256Mismatch, garbled)?.message.hasPrefix("X-Amz-Content-Sha256 must be UNSIGNED-PAYLOAD") == true)
    }

    @Test func botocoreStylePresignSignsTheEmptyBodysHash() throws {
        // botocore's SigV4QueryAuth for STS or IAM hashes the (empty) body, unlike S3's presigner.
        let request = Self.presignedByHand(payloadHash: Hex.encode(SHA256.hash([UInt8]())))
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
        // For S3 only UNSIGNED-PAYLOAD is the implied hash.
        let s3 = Self.presignedByHand(payloadHash: Hex.encode(SHA256.hash([UInt8]())), service: "s3")
        _ = Self.expectFailure(.signatureDoesNotMatch, s3)
        _ = try Self.verifier.verify(Self.presignedByHand(payloadHash: SigV4.unsignedPayload, service: "s3"), now: Suite.date, lookup: Suite.lookup())
    }

    @Test func s3MayLeaveItsBodyUnsigned() throws {
        var request = HTTPRequest(method: "PUT", target: "/bucket/key", headers: ["Host": "s3.local"], text: "anything")
        try SigV4Signer(credentials: Suite.credentials, region: "us-east-1", service: "s3").presign(&request, at: Suite.date, expires: 60)
        #expect(request.query("X-Amz-Content-Sha256") == nil)
        request.body = Array("something else".utf8)
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
    }

    @Test func signerRefusals() {
        var request = HTTPRequest(method: "GET", target: "/", headers: ["Host": "iam.local"])
        for expires in [0, -1, 604_801] {
            #expect(throws: SigV4Error.self) { try Suite.signer().presign(&request, at: Suite.date, expires: expires) }
        }
        #expect(request.target == "/")
        var hostless = HTTPRequest(method: "GET", target: "/")
        #expect(throws: SigV4Error.missingHost) { try Suite.signer().presign(&hostless, at: Suite.date, expires: 60) }
    }

    // MARK: - Time

    @Test func expiryIsEnforcedToTheSecond() throws {
        let request = Self.presigned(expires: 1)
        _ = try Self.verifier.verify(request, now: Suite.date.addingTimeInterval(1), lookup: Suite.lookup())
        let error = Self.expectFailure(.requestExpired, request, now: Suite.date.addingTimeInterval(3))
        #expect(error?.message == "Signature expired: 20150830T123600Z is now earlier than 20150830T123602Z (20150830T123603Z - 1 sec.)")
    }

    @Test func aLongLifetimeOutlastsTheClockSkew() throws {
        let request = Self.presigned(expires: 604_800)
        _ = try Self.verifier.verify(request, now: Suite.date.addingTimeInterval(604_800), lookup: Suite.lookup())
        _ = Self.expectFailure(.requestExpired, request, now: Suite.date.addingTimeInterval(604_801))
    }

    @Test func futureDatesOnlyWithinTheSkew() throws {
        let request = Self.presigned(expires: 3600)
        _ = try Self.verifier.verify(request, now: Suite.date.addingTimeInterval(-300), lookup: Suite.lookup())
        let error = Self.expectFailure(.requestExpired, request, now: Suite.date.addingTimeInterval(-360))
        #expect(error?.message == "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T123000Z + 5 min.)")
    }

    @Test func scopeDateMustBeTheRequestDate() {
        let request = Self.settingQuery(Self.presigned(), "X-Amz-Credential", "AKIDEXAMPLE/20150831/us-east-1/iam/aws4_request")
        let error = Self.expectFailure(.signatureDoesNotMatch, request)
        #expect(error?.message.contains("'20150831' != '20150830'") == true)
    }

    // MARK: - Tampering

    @Test(arguments: [
        ("Action", "CreateAccessKey"), ("X-Amz-Expires", "3600"), ("X-Amz-Date", "20150830T123700Z"),
        ("X-Amz-SignedHeaders", "host;x-amz-date"), ("X-Amz-Signature", String(repeating: "0", count: 64)), ("Extra", "1"),
    ])
    func tamperedQuery(name: String, value: String) {
        _ = Self.expectFailure(.signatureDoesNotMatch, Self.settingQuery(Self.presigned(), name, value))
    }

    @Test func tamperedPathOrMethod() {
        var path = Self.presigned()
        path.target = "/other" + path.target.dropFirst()
        _ = Self.expectFailure(.signatureDoesNotMatch, path)
        var method = Self.presigned()
        method.method = "POST"
        _ = Self.expectFailure(.signatureDoesNotMatch, method)
    }

    @Test func unknownKeyAndWrongSecret() {
        let error = Self.expectFailure(.invalidClientTokenId, Self.presigned()) { _ in nil }
        #expect(error?.message == "The security token included in the request is invalid.")
        _ = Self.expectFailure(.signatureDoesNotMatch, Self.presigned()) { _ in SigV4Secret(secretAccessKey: "not-the-secret") }
    }

    // MARK: - Malformed query authentication

    @Test func headerAndQueryTogether() {
        var request = Self.presigned()
        request.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            + "SignedHeaders=host, Signature=" + String(repeating: "0", count: 64)
        let error = Self.expectFailure(.incompleteSignature, request)
        #expect(error == .twoAuthenticationMechanisms)
        #expect(error?.message.hasPrefix("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter") == true)
        // The same refusal from a caller that parsed the query before the header was added.
        let parsed = try? SigV4Authorization(request: Self.presigned())
        #expect(throws: SigV4Error.twoAuthenticationMechanisms) {
            try Self.verifier.verify(request, parsed: parsed!, now: Suite.date, lookup: Suite.lookup())
        }
    }

    @Test(arguments: ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"])
    func missingParameter(_ name: String) {
        for value in [nil, ""] {
            let error = Self.expectFailure(.incompleteSignature, Self.settingQuery(Self.presigned(), name, value))
            #expect(error?.message == "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
        }
    }

    @Test(arguments: [
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA512", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\""),
        ("X-Amz-Expires", "0", "X-Amz-Expires must be at least 1 second"),
        ("X-Amz-Expires", "-5", "X-Amz-Expires must be non-negative"),
        ("X-Amz-Expires", "604801", "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"),
        ("X-Amz-Expires", String(repeating: "9", count: 5000), "X-Amz-Expires must be less than a week"),
        ("X-Amz-Expires", "15m", "X-Amz-Expires should be a number"),
        ("X-Amz-Expires", "-", "X-Amz-Expires should be a number"),
        ("X-Amz-Date", "2015-08-30T12:36:00Z", "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""),
        ("X-Amz-SignedHeaders", "x-amz-date", "'Host' must be a 'SignedHeader'"),
        ("X-Amz-SignedHeaders", "host;;x", "empty header name"),
        ("X-Amz-Credential", "AKIDEXAMPLE/20150830/us-east-1/iam", "form AccessKeyId/"),
        ("X-Amz-Credential", "AKIDEXAMPLE/2015083/us-east-1/iam/aws4_request", "valid date"),
        ("X-Amz-Signature", "abc", "64 hexadecimal"),
    ])
    func malformedParameter(name: String, value: String, message: String) {
        let error = Self.expectFailure(.incompleteSignature, Self.settingQuery(Self.presigned(), name, value))
        #expect(error?.message.hasPrefix(message) == true || error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.status == 400)
    }

    @Test func parameterGivenTwice() {
        var request = Self.presigned()
        request.target += "&X-Amz-Expires=60"
        let error = Self.expectFailure(.incompleteSignature, request)
        #expect(error?.message == "The query parameter 'X-Amz-Expires' must appear only once.")
    }

    @Test func encodedParameterNamesCountAsTheirDecodedSelves() throws {
        // `X-Amz-Signature` spelt with an escape is still the signature, left out of the canonical query.
        var request = Self.presigned()
        request.target = request.target.replacingOccurrences(of: "X-Amz-Signature=", with: "X%2DAmz-Signature=")
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
    }

    @Test func aQueryWithoutMarkersIsNotQueryAuthentication() throws {
        // A token or date alone in the query is no presigned request: the header rules apply.
        let request = HTTPRequest(method: "GET", target: "/?X-Amz-Date=20150830T123600Z&X-Amz-Security-Token=t", headers: ["Host": "h"])
        #expect(try SigV4Authorization(request: request) == nil)
        _ = Self.expectFailure(.missingAuthenticationToken, request)
    }
}

/// Every case of the official test suite, presigned and verified: its paths, queries and
/// headers exercise the canonical forms with the signature in the query instead.
@Suite(.enabled(if: SuiteFiles.enabled, "needs ../shared/vectors/sigv4 or SAASLAB_SIGV4_VECTORS"))
struct SigV4PresignSuiteTests {
    @Test(arguments: SuiteFiles.caseNames)
    func officialCasePresigned(_ name: String) throws {
        let usesToken = name.hasPrefix("post-sts-token/")
        var request = try SuiteFiles.load(name).request
        let result = try Suite.signer(sessionToken: usesToken ? Suite.sessionToken : nil).presign(&request, at: Suite.date, expires: 300)
        #expect(request.headers["X-Amz-Date"] == nil)
        let verification = try SigV4Verifier().verify(
            request, now: Suite.date, lookup: Suite.lookup(sessionToken: usesToken ? Suite.sessionToken : nil)
        )
        #expect(verification.signedHeaders == result.signedHeaders)
        #expect(verification.sessionToken == (usesToken ? Suite.sessionToken : nil))
    }
}
