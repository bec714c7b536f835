import Cloud
import Core
import Foundation
import HTTP
import SigV4
import Testing

/// Presigned requests (query-string authentication) through the front door: routed,
/// authenticated and refused exactly as header-signed ones, for both protocols.
struct PresignedRequestTests {
    static let echo = "DynamoDB_20120810.Echo"

    /// A presigned Query-protocol GET: the operation's parameters in the query string.
    static func query(
        _ parameters: [(name: String, value: String)], service: String = "iam", credentials: AWSCredentials = Fixture.admin,
        at date: Date = Fixture.now, expires: Int = 900
    ) -> HTTPRequest {
        var request = HTTPRequest(method: "GET", target: "/?" + URLEncoding.formEncode(parameters), headers: ["Host": "localhost:4566"])
        try! SigV4Signer(credentials: credentials, region: "us-east-1", service: service).presign(&request, at: date, expires: expires)
        return request
    }

    /// A presigned JSON-protocol POST: the target header and the body signed.
    static func json(
        _ target: String, _ body: String = "{}", service: String = "dynamodb", credentials: AWSCredentials = Fixture.admin,
        at date: Date = Fixture.now, expires: Int = 900
    ) -> HTTPRequest {
        var request = HTTPRequest(method: "POST", target: "/", headers: [
            "Host": "localhost:4566", "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target,
        ], text: body)
        try! SigV4Signer(credentials: credentials, region: "us-east-1", service: service).presign(&request, at: date, expires: expires)
        return request
    }

    static let getRole: [(name: String, value: String)] = [("Action", "GetRole"), ("Version", "2010-05-08"), ("RoleName", "admin")]

    // MARK: - Accepted

    @Test func queryServiceRoutedByTheScopeInTheQuery() async {
        let sts = await Fixture.door().respond(to: Self.query([("Action", "GetCallerIdentity"), ("Version", "2011-06-15")], service: "sts"))
        #expect(sts.status == 200)
        #expect(sts.bodyText.contains("<Arn>arn:aws:iam::111122223333:user/admin</Arn>"))
        let iam = await Fixture.door().respond(to: Self.query(Self.getRole))
        #expect(iam.status == 200)
        #expect(iam.bodyText.contains("<RoleName>admin</RoleName>"))
    }

    @Test func authenticationParametersAreNotOperationInput() async {
        let response = await Fixture.door().respond(to: Self.query([("Action", "Echo"), ("Version", "2010-05-08"), ("UserName", "bob")]))
        #expect(response.status == 200)
        #expect(response.bodyText.contains("<UserName>bob</UserName>"))
        #expect(!response.bodyText.contains("X-Amz"))
    }

    @Test func jsonServiceWithASignedBody() async {
        let response = await Fixture.door().respond(to: Self.json(Self.echo, #"{"TableName":"Orders"}"#))
        #expect(response.status == 200)
        #expect(Fixture.body(response)["input"] == ["TableName": "Orders"])
        #expect(Fixture.body(response)["caller"] == "arn:aws:iam::111122223333:user/admin")
    }

    @Test func sessionCredentialsPresigned() async {
        let response = await Fixture.door().respond(to: Self.json(Self.echo, credentials: Fixture.session))
        #expect(response.status == 200)
        #expect(Fixture.body(response)["caller"] == "arn:aws:sts::111122223333:assumed-role/tenant/s1")
    }

    @Test func validUntilItsExpiryNotJustTheSkew() async {
        let response = await Fixture.door().respond(to: Self.query(Self.getRole, at: Fixture.now.addingTimeInterval(-3600), expires: 3600))
        #expect(response.status == 200)
    }

    // MARK: - Refused as AWS refuses

    @Test func expiredPresignedRequest() async {
        let door = Fixture.door()
        let signed = Fixture.now.addingTimeInterval(-61)
        let message = "Signature expired: 20231114T221219Z is now earlier than 20231114T221220Z (20231114T221320Z - 1 min.)"
        AuthenticationTests.expectJSON(await door.respond(to: Self.json(Self.echo, at: signed, expires: 60)), "InvalidSignatureException", message)
        AuthenticationTests.expectQuery(await door.respond(to: Self.query(Self.getRole, at: signed, expires: 60)), 403, "SignatureDoesNotMatch", message)
    }

    @Test func signedInTheFuture() async {
        let response = await Fixture.door().respond(to: Self.query(Self.getRole, at: Fixture.now.addingTimeInterval(360)))
        AuthenticationTests.expectQuery(response, 403, "SignatureDoesNotMatch",
                         "Signature not yet current: 20231114T221920Z is still later than 20231114T221820Z (20231114T221320Z + 5 min.)")
    }

    @Test func tamperedOperation() async {
        var request = Self.query(Self.getRole)
        request.target = request.target.replacingOccurrences(of: "Action=GetRole", with: "Action=DeleteRole")
        AuthenticationTests.expectQuery(await Fixture.door().respond(to: request), 403, "SignatureDoesNotMatch", AuthenticationTests.badSignature)
    }

    @Test func aBodyCannotReplaceThePresignedOperation() async {
        // A presigned POST with nothing in its body, replayed with a form body naming another action.
        var request = HTTPRequest(method: "POST", target: "/?" + URLEncoding.formEncode(Self.getRole), headers: ["Host": "localhost:4566"])
        try! SigV4Signer(credentials: Fixture.admin, region: "us-east-1", service: "iam").presign(&request, at: Fixture.now, expires: 60)
        #expect(await Fixture.door().respond(to: request).status == 200)
        request.body = Array("Action=DeleteRole&RoleName=admin".utf8)
        AuthenticationTests.expectQuery(await Fixture.door().respond(to: request), 403, "SignatureDoesNotMatch", AuthenticationTests.badSignature)
    }

    @Test func jsonBodySwappedAfterPresigning() async {
        var request = Self.json(Self.echo, #"{"TableName":"mine"}"#)
        request.body = Array(#"{"TableName":"theirs"}"#.utf8)
        AuthenticationTests.expectJSON(await Fixture.door().respond(to: request), "InvalidSignatureException", AuthenticationTests.badSignature)
    }

    @Test func theOperationHeaderMustBeSigned() async {
        // Presigned without X-Amz-Target among its signed headers, the URL would run whatever
        // operation its bearer names: Echo signed, Describe sent with the same signed body.
        let message = "The 'X-Amz-Target' header must be a 'SignedHeader' in the AWS Authorization."
        var signer = SigV4Signer(credentials: Fixture.admin, region: "us-east-1", service: "dynamodb")
        signer.unsignedHeaders.insert("x-amz-target")
        var presigned = Self.json(Self.echo, #"{"TableName":"Orders"}"#)
        try! signer.presign(&presigned, at: Fixture.now, expires: 900)
        presigned.headers["X-Amz-Target"] = "DynamoDB_20120810.Describe"
        AuthenticationTests.expectJSON(await Fixture.door().respond(to: presigned), "IncompleteSignatureException", message)
        // The same for a header signature.
        var signed = HTTPRequest(method: "POST", target: "/", headers: [
            "Host": "localhost:4566", "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": Self.echo,
        ], text: #"{"TableName":"Orders"}"#)
        _ = try! signer.sign(&signed, at: Fixture.now)
        signed.headers["X-Amz-Target"] = "DynamoDB_20120810.Describe"
        AuthenticationTests.expectJSON(await Fixture.door().respond(to: signed), "IncompleteSignatureException", message)
    }

    @Test func unknownAndExpiredKeys() async {
        let door = Fixture.door()
        AuthenticationTests.expectJSON(await door.respond(to: Self.json(Self.echo, credentials: AuthenticationTests.unknownKey)),
                        "UnrecognizedClientException", "The security token included in the request is invalid.")
        AuthenticationTests.expectQuery(await door.respond(to: Self.query(Self.getRole, credentials: Fixture.expired)),
                         403, "ExpiredToken", "The security token included in the request is expired")
        AuthenticationTests.expectJSON(await door.respond(to: Self.json(Self.echo, credentials: Fixture.expired)),
                        "ExpiredTokenException", "The security token included in the request is expired")
    }

    @Test func scopeMustNameTheService() async {
        AuthenticationTests.expectJSON(await Fixture.door().respond(to: Self.json(Self.echo, service: "iam")),
                        "InvalidSignatureException", "Credential should be scoped to correct service: 'dynamodb'. ")
        // Scoped to no Query service here: routed by action, refused by scope.
        AuthenticationTests.expectQuery(await Fixture.door().respond(to: Self.query(Self.getRole, service: "s3")),
                         403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'iam'. ")
    }

    @Test func headerAndQueryTogether() async {
        let message = "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter "
            + "or the Authorization header should be specified"
        var json = Self.json(Self.echo)
        json.headers["Authorization"] = Fixture.json(Self.echo).headers["Authorization"]
        AuthenticationTests.expectJSON(await Fixture.door().respond(to: json), "IncompleteSignatureException", message)
        var query = Self.query(Self.getRole)
        query.headers["Authorization"] = Fixture.query(Self.getRole).headers["Authorization"]
        AuthenticationTests.expectQuery(await Fixture.door().respond(to: query), 400, "IncompleteSignature", message)
    }

    @Test func malformedQueryAuthentication() async {
        var request = Self.query(Self.getRole)
        request.target = request.target.replacingOccurrences(of: "X-Amz-Expires=900", with: "X-Amz-Expires=604801")
        let response = await Fixture.door().respond(to: request)
        #expect(response.status == 400)
        #expect(response.bodyText.contains("<Code>IncompleteSignature</Code><Message>X-Amz-Expires must be less than a week"))
    }

    @Test func anonymousOperationsIgnoreQueryAuthentication() async {
        // A presigned AssumeRoleWithWebIdentity: anonymous, and its X-Amz-* parameters are not input.
        var request = Self.query([("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", "arn:aws:iam::111122223333:role/r")],
                                 service: "sts", at: Fixture.now.addingTimeInterval(-86400))
        request.target += "&X-Amz-Expires=1"
        let response = await Fixture.door().respond(to: request)
        #expect(response.status == 200)
        #expect(response.bodyText.contains("<Anonymous>true</Anonymous>"))
    }
}
