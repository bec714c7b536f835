import Core
import Foundation
import HTTP
import SigV4
import Testing

/// Sign, then verify; and every way verification must fail, by AWS error code.
struct SigV4VerifierTests {
    static let verifier = SigV4Verifier()

    /// A signed POST with a query and a JSON body.
    static func signedRequest(sessionToken: String? = nil, at date: Date = Suite.date) -> HTTPRequest {
        var request = HTTPRequest(method: "POST", target: "/tenants/t-1/orders?limit=10&next=a%2Fb", headers: [
            "Host": "api.saaslab.local", "Content-Type": "application/json", "X-Tenant": "t-1",
        ], text: #"{"item":"book","qty":2}"#)
        var signer = Suite.signer(sessionToken: sessionToken)
        signer.region = "eu-west-1"
        signer.service = "execute-api"
        try! signer.sign(&request, at: date)
        return request
    }

    static func expectFailure(
        _ code: SigV4Error.Code, _ request: HTTPRequest, now: Date = Suite.date,
        lookup: (String) -> SigV4Secret? = Suite.lookup(), sourceLocation: SourceLocation = #_sourceLocation
    ) -> SigV4Error? {
        do {
            _ = try verifier.verify(request, now: now, lookup: lookup)
            Issue.record("verification unexpectedly succeeded", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            return error
        }
    }

    static func replacingAuthorization(_ request: HTTPRequest, _ transform: (String) -> String) -> HTTPRequest {
        var copy = request
        copy.headers["Authorization"] = transform(request.headers["Authorization"]!)
        return copy
    }

    @Test func roundTrip() throws {
        let request = Self.signedRequest()
        let result = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
        #expect(result == SigV4Verification(
            accessKeyId: "AKIDEXAMPLE", sessionToken: nil, region: "eu-west-1", service: "execute-api",
            signingDate: Suite.date, signedHeaders: ["content-type", "host", "x-amz-date", "x-tenant"]
        ))
    }

    @Test func roundTripWithSessionToken() throws {
        let request = Self.signedRequest(sessionToken: "session-xyz")
        let result = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup(sessionToken: "session-xyz"))
        #expect(result.sessionToken == "session-xyz")
        #expect(result.signedHeaders.contains("x-amz-security-token"))
    }

    @Test func toleratesSkewUpToTheLimitAndUnsignedAdditions() throws {
        var request = Self.signedRequest()
        request.headers.add(name: "User-Agent", value: "proxy/1.0")  // not signed: may be added in transit
        _ = try Self.verifier.verify(request, now: Suite.date.addingTimeInterval(299), lookup: Suite.lookup())
        _ = try Self.verifier.verify(request, now: Suite.date.addingTimeInterval(-299), lookup: Suite.lookup())
    }

    @Test func tamperedBody() {
        var request = Self.signedRequest()
        request.body = Array(#"{"item":"book","qty":200}"#.utf8)
        _ = Self.expectFailure(.signatureDoesNotMatch, request)
    }

    @Test func tamperedSignedHeader() {
        var request = Self.signedRequest()
        request.headers["X-Tenant"] = "t-2"
        let error = Self.expectFailure(.signatureDoesNotMatch, request)
        #expect(error == SigV4Error.signatureDoesNotMatch)
        #expect(error?.status == 403)
    }

    @Test func tamperedPathAndQuery() {
        var path = Self.signedRequest()
        path.target = path.target.replacingOccurrences(of: "t-1", with: "t-2")
        _ = Self.expectFailure(.signatureDoesNotMatch, path)
        var query = Self.signedRequest()
        query.target = query.target.replacingOccurrences(of: "limit=10", with: "limit=1000")
        _ = Self.expectFailure(.signatureDoesNotMatch, query)
    }

    @Test func wrongSecret() {
        _ = Self.expectFailure(.signatureDoesNotMatch, Self.signedRequest()) { _ in SigV4Secret(secretAccessKey: "not-the-secret") }
    }

    @Test func unknownKey() {
        let error = Self.expectFailure(.invalidClientTokenId, Self.signedRequest()) { _ in nil }
        #expect(error?.message == "The security token included in the request is invalid.")
        #expect(error?.status == 403)
    }

    @Test func expiredBySixMinutes() {
        let error = Self.expectFailure(.requestExpired, Self.signedRequest(), now: Suite.date.addingTimeInterval(360))
        #expect(error?.message == "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T124200Z - 5 min.)")
        #expect(error?.status == 400)
    }

    @Test func sixMinutesInTheFuture() {
        let error = Self.expectFailure(.requestExpired, Self.signedRequest(), now: Suite.date.addingTimeInterval(-360))
        #expect(error?.message == "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T123000Z + 5 min.)")
    }

    @Test func scopeDateMismatch() {
        let request = Self.replacingAuthorization(Self.signedRequest()) {
            $0.replacingOccurrences(of: "/20150830/", with: "/20150831/")
        }
        let error = Self.expectFailure(.signatureDoesNotMatch, request)
        #expect(error?.message.contains("'20150831' != '20150830'") == true)
    }

    @Test func missingAuthorization() {
        var request = Self.signedRequest()
        request.headers.remove(name: "Authorization")
        let error = Self.expectFailure(.missingAuthenticationToken, request)
        #expect(error?.message == "Request is missing Authentication Token")
        #expect(error?.status == 403)
    }

    @Test(arguments: [
        ("Signature=", "'Signature'"),
        ("SignedHeaders=", "'SignedHeaders'"),
        ("Credential=", "'Credential'"),
        ("/aws4_request", "terminator"),
        ("/eu-west-1/", "form AccessKeyId/"),
        ("host;", "'Host' must be a 'SignedHeader'"),
        ("AWS4-HMAC-SHA256 ", "Unsupported AWS 'algorithm'"),
        ("/20150830/", "valid date"),
        ("Signature=0", "64 hexadecimal"),
        (", Signature", "duplicate"),
    ])
    func malformedAuthorization(damage: String, mentions: String) {
        let request = Self.replacingAuthorization(Self.signedRequest()) { header in
            switch damage {
            case "Signature=", "SignedHeaders=", "Credential=":
                // Drop that component entirely.
                let algorithm = "AWS4-HMAC-SHA256 "
                return algorithm + header.dropFirst(algorithm.count).components(separatedBy: ", ")
                    .filter { !$0.hasPrefix(damage) }.joined(separator: ", ")
            case "/aws4_request": return header.replacingOccurrences(of: damage, with: "/aws5_request")
            case "/eu-west-1/": return header.replacingOccurrences(of: damage, with: "/")
            case "host;": return header.replacingOccurrences(of: damage, with: "")
            case "AWS4-HMAC-SHA256 ": return header.replacingOccurrences(of: damage, with: "AWS4-HMAC-SHA512 ")
            case "/20150830/": return header.replacingOccurrences(of: damage, with: "/2015083/")
            case "Signature=0": return String(header.dropLast())
            default: return header + ", Signature=" + String(repeating: "0", count: 64)
            }
        }
        let error = Self.expectFailure(.incompleteSignature, request)
        #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "")")
        #expect(error?.status == 400)
    }

    @Test func missingOrUnparseableDate() {
        var missing = Self.signedRequest()
        missing.headers.remove(name: "X-Amz-Date")
        let error = Self.expectFailure(.incompleteSignature, missing)
        #expect(error?.message.contains("'X-Amz-Date' or a 'Date' header") == true)

        var garbled = Self.signedRequest()
        garbled.headers["X-Amz-Date"] = "2015-08-30T12:36:00Z"
        _ = Self.expectFailure(.incompleteSignature, garbled)
    }

    @Test func unsignedDateIsRejected() throws {
        var request = HTTPRequest(method: "GET", target: "/", headers: ["Host": "example.amazonaws.com"])
        let signer = Suite.signer()
        try signer.sign(&request, at: Suite.date)
        request = Self.replacingAuthorization(request) { $0.replacingOccurrences(of: "host;x-amz-date", with: "host") }
        _ = Self.expectFailure(.incompleteSignature, request)
    }

    @Test func sessionTokenMismatch() {
        // Wrong token for a temporary key.
        _ = Self.expectFailure(.invalidClientTokenId, Self.signedRequest(sessionToken: "forged"), lookup: Suite.lookup(sessionToken: "real"))
        // Temporary key, no token sent.
        _ = Self.expectFailure(.invalidClientTokenId, Self.signedRequest(), lookup: Suite.lookup(sessionToken: "real"))
        // Long-term key, token sent anyway.
        _ = Self.expectFailure(.invalidClientTokenId, Self.signedRequest(sessionToken: "extra"), lookup: Suite.lookup())
    }

    @Test func dateHeaderInsteadOfAmzDate() throws {
        // Built from the stages: a client that signs `Date` rather than `X-Amz-Date`.
        var request = HTTPRequest(method: "GET", target: "/", headers: [
            "Host": "example.amazonaws.com", "Date": "Sun, 30 Aug 2015 12:36:00 GMT",
        ])
        let signed = ["date", "host"]
        let canonical = SigV4.canonicalRequest(request, signedHeaders: signed, payloadHash: SigV4.payloadHash(request))
        let scope = SigV4.credentialScope(dateStamp: "20150830", region: "us-east-1", service: "service")
        let key = SigV4.signingKey(secretAccessKey: Suite.credentials.secretAccessKey, dateStamp: "20150830", region: "us-east-1", service: "service")
        let signature = SigV4.signature(
            stringToSign: SigV4.stringToSign(amzDate: "20150830T123600Z", credentialScope: scope, canonicalRequest: canonical), signingKey: key
        )
        request.headers["Authorization"] = SigV4.authorization(accessKeyId: "AKIDEXAMPLE", credentialScope: scope, signedHeaders: signed, signature: signature)
        let result = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
        #expect(result.signingDate == Suite.date)
    }

    @Test func s3PayloadHashMustMatchTheBody() throws {
        var request = HTTPRequest(method: "PUT", target: "/bucket/key//x", headers: ["Host": "s3.local"], text: "hello")
        try SigV4Signer(credentials: Suite.credentials, region: "us-east-1", service: "s3").sign(&request, at: Suite.date)
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
        // The declared hash is signed, so a swapped body passes the signature but not the hash.
        request.body = Array("HELLO".utf8)
        let error = Self.expectFailure(.contentSHA256Mismatch, request)
        #expect(error?.status == 400)
    }

    @Test func unsignedPayloadIsAccepted() throws {
        var request = HTTPRequest(method: "PUT", target: "/bucket/key", headers: [
            "Host": "s3.local", "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        ], text: "anything")
        try SigV4Signer(credentials: Suite.credentials, region: "us-east-1", service: "s3").sign(&request, at: Suite.date)
        request.body = Array("something else".utf8)
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
    }

    @Test func unsignedPayloadIsRefusedOutsideS3() throws {
        var request = HTTPRequest(method: "POST", target: "/", headers: [
            "Host": "iam.local", "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        ], text: "Action=GetUser")
        try SigV4Signer(credentials: Suite.credentials, region: "us-east-1", service: "iam").sign(&request, at: Suite.date)
        request.body = Array("Action=CreateAccessKey&UserName=operator".utf8)
        #expect {
            try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
        } throws: { error in
            (error as? SigV4Error)?.code == .contentSHA256Mismatch
        }
    }

    @Test func signatureComparisonIgnoresHexCase() throws {
        let request = Self.replacingAuthorization(Self.signedRequest()) { header in
            let parts = header.components(separatedBy: "Signature=")
            return parts[0] + "Signature=" + parts[1].uppercased()
        }
        _ = try Self.verifier.verify(request, now: Suite.date, lookup: Suite.lookup())
    }
}
