import Cloud
import Core
import Foundation
import HTTP
import SigV4
import Testing

/// Every SigV4 failure, with the exact code, status and body each protocol sends.
struct AuthenticationTests {
    static let unknownKey = AWSCredentials(accessKeyId: "AKIANOBODYEXAMPLE001", secretAccessKey: "x")
    static let wrongSecret = AWSCredentials(accessKeyId: Fixture.admin.accessKeyId, secretAccessKey: "not-the-secret")
    static let echo = "DynamoDB_20120810.Echo"
    static let getRole: [(name: String, value: String)] = [("Action", "GetRole"), ("Version", "2010-05-08"), ("RoleName", "admin")]

    static func expectJSON(
        _ response: HTTPResponse, _ code: String, _ message: String, type: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == 400, sourceLocation: sourceLocation)
        #expect(response.headers["x-amzn-ErrorType"] == code, sourceLocation: sourceLocation)
        let expected: JSON = ["__type": .string(type ?? "com.amazon.coral.service#\(code)"), "message": .string(message)]
        #expect(Fixture.body(response) == expected, sourceLocation: sourceLocation)
    }

    static func expectQuery(
        _ response: HTTPResponse, _ status: Int, _ code: String, _ message: String,
        namespace: String = "https://iam.amazonaws.com/doc/2010-05-08/", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, sourceLocation: sourceLocation)
        let id = response.headers["x-amzn-RequestId"] ?? ""
        #expect(response.bodyText == """
            <ErrorResponse xmlns="\(namespace)"><Error><Type>Sender</Type><Code>\(code)</Code>\
            <Message>\(XMLWriter.escape(message))</Message></Error><RequestId>\(id)</RequestId></ErrorResponse>
            """, sourceLocation: sourceLocation)
    }

    static let badSignature = "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    @Test func missingAuthentication() async {
        let door = Fixture.door()
        Self.expectJSON(await door.respond(to: Fixture.json(Self.echo, credentials: nil)),
                        "MissingAuthenticationTokenException", "Request is missing Authentication Token")
        Self.expectQuery(await door.respond(to: Fixture.query(Self.getRole, credentials: nil)),
                         403, "MissingAuthenticationToken", "Request is missing Authentication Token")
    }

    @Test func unknownAccessKey() async {
        let door = Fixture.door()
        Self.expectJSON(await door.respond(to: Fixture.json(Self.echo, credentials: Self.unknownKey)),
                        "UnrecognizedClientException", "The security token included in the request is invalid.")
        Self.expectQuery(await door.respond(to: Fixture.query(Self.getRole, credentials: Self.unknownKey)),
                         403, "InvalidClientTokenId", "The security token included in the request is invalid.")
    }

    @Test func badSignature() async {
        let door = Fixture.door()
        Self.expectJSON(await door.respond(to: Fixture.json(Self.echo, credentials: Self.wrongSecret)),
                        "InvalidSignatureException", Self.badSignature)
        Self.expectQuery(await door.respond(to: Fixture.query(Self.getRole, credentials: Self.wrongSecret)),
                         403, "SignatureDoesNotMatch", Self.badSignature)
    }

    @Test func bodyTamperedAfterSigning() async {
        var request = Fixture.json(Self.echo, #"{"TableName":"mine"}"#)
        request.body = Array(#"{"TableName":"theirs"}"#.utf8)
        Self.expectJSON(await Fixture.door().respond(to: request), "InvalidSignatureException", Self.badSignature)
    }

    @Test func sixMinutesOfClockSkew() async {
        let door = Fixture.door()
        let early = Fixture.now.addingTimeInterval(-360)
        let message = "Signature expired: 20231114T220720Z is now earlier than 20231114T220820Z (20231114T221320Z - 5 min.)"
        Self.expectJSON(await door.respond(to: Fixture.json(Self.echo, at: early)), "InvalidSignatureException", message)
        Self.expectQuery(await door.respond(to: Fixture.query(Self.getRole, at: early)), 403, "SignatureDoesNotMatch", message)

        let late = Fixture.now.addingTimeInterval(360)
        let response = await door.respond(to: Fixture.json(Self.echo, at: late))
        #expect(Fixture.body(response)["message"]?.stringValue?.hasPrefix("Signature not yet current: 20231114T221920Z") == true)
    }

    @Test func skewWithinFiveMinutesIsAccepted() async {
        let response = await Fixture.door().respond(to: Fixture.json(Self.echo, at: Fixture.now.addingTimeInterval(-290)))
        #expect(response.status == 200)
    }

    @Test func expiredSession() async {
        let door = Fixture.door()
        Self.expectJSON(await door.respond(to: Fixture.json(Self.echo, credentials: Fixture.expired)),
                        "ExpiredTokenException", "The security token included in the request is expired")
        Self.expectQuery(await door.respond(to: Fixture.query(Self.getRole, credentials: Fixture.expired)),
                         403, "ExpiredToken", "The security token included in the request is expired")
    }

    @Test func sessionCredentialsCarryTheirCaller() async {
        let response = await Fixture.door().respond(to: Fixture.json(Self.echo, credentials: Fixture.session))
        #expect(response.status == 200)
        #expect(Fixture.body(response)["caller"] == "arn:aws:sts::111122223333:assumed-role/tenant/s1")
    }

    @Test func sessionKeyWithoutItsToken() async {
        var request = Fixture.json(Self.echo, credentials: Fixture.session)
        request.headers["X-Amz-Security-Token"] = nil
        Self.expectJSON(await Fixture.door().respond(to: request),
                        "UnrecognizedClientException", "The security token included in the request is invalid.")
    }

    @Test func malformedAuthorization() async {
        var request = Fixture.json(Self.echo)
        request.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIA/20231114/us-east-1/dynamodb"
        let response = await Fixture.door().respond(to: request)
        #expect(response.status == 400)
        #expect(Fixture.body(response)["__type"] == "com.amazon.coral.service#IncompleteSignatureException")

        var query = Fixture.query(Self.getRole)
        query.headers["Authorization"] = "Basic dXNlcjpwYXNz"
        let queryResponse = await Fixture.door().respond(to: query)
        #expect(queryResponse.status == 400)
        #expect(queryResponse.bodyText.contains("<Code>IncompleteSignature</Code>"))
    }

    @Test func scopeMustNameTheService() async {
        let response = await Fixture.door().respond(to: Fixture.json(Self.echo, service: "iam"))
        Self.expectJSON(response, "InvalidSignatureException", "Credential should be scoped to correct service: 'dynamodb'. ")

        // Signed for STS but asking for an IAM action: routed by action, refused by scope.
        let query = await Fixture.door().respond(to: Fixture.query(Self.getRole, service: "s3"))
        Self.expectQuery(query, 403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'iam'. ")
    }

    @Test func cognitoAuthErrorsAreBare() async {
        let request = Fixture.json("AWSCognitoIdentityProviderService.ListUsers", version: "1.1", service: "cognito-idp", credentials: nil)
        let response = await Fixture.door().respond(to: request)
        Self.expectJSON(response, "MissingAuthenticationTokenException", "Request is missing Authentication Token",
                        type: "MissingAuthenticationTokenException")
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.1")
    }

    @Test func anUnknownJSONOperationIsUnknownSignedOrNot() async {
        for credentials in [nil, Fixture.admin, Self.wrongSecret] {
            let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Nope", credentials: credentials))
            Self.expectJSON(response, "UnknownOperationException", "Unknown operation: DynamoDB_20120810.Nope")
        }
        // A misspelt Cognito operation, as an unsigned SDK call of a sign-in operation sends it.
        let cognito = await Fixture.door().respond(
            to: Fixture.json("AWSCognitoIdentityProviderService.InitiateAuthh", version: "1.1", service: "cognito-idp", credentials: nil)
        )
        #expect(Fixture.body(cognito)["__type"] == "UnknownOperationException")
        // A real signed operation, unsigned, still needs its signature.
        let listUsers = await Fixture.door().respond(
            to: Fixture.json("AWSCognitoIdentityProviderService.ListUsers", version: "1.1", service: "cognito-idp", credentials: nil)
        )
        #expect(Fixture.body(listUsers)["__type"] == "MissingAuthenticationTokenException")
    }

    @Test func aQueryServiceAuthenticatesBeforeTheActionCheck() async {
        let response = await Fixture.door().respond(to: Fixture.query([("Action", "Nope"), ("Version", "2010-05-08")], credentials: nil))
        Self.expectQuery(response, 403, "MissingAuthenticationToken", "Request is missing Authentication Token")
    }
}
