import Cloud
import Core
import Foundation
import HTTP
import Synchronization
import Testing

/// Service errors, unreadable bodies and platform bugs, as each protocol renders them.
struct ErrorRenderingTests {
    @Test func serviceErrorUsesTheServiceNamespace() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Missing"))
        #expect(response.status == 400)
        #expect(response.bodyText
            == #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#)
        #expect(response.headers["x-amzn-ErrorType"] == "ResourceNotFoundException")
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.0")
    }

    @Test func coralAccessDeniedHasCapitalMessage() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Deny"))
        #expect(response.status == 400)
        #expect(response.bodyText == #"{"__type":"com.amazon.coral.service#AccessDeniedException","#
            + #""Message":"User: arn:aws:sts::111122223333:assumed-role/r/s is not authorized to perform: dynamodb:Query"}"#)
    }

    @Test func malformedJSONIsASerializationException() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Echo", "{\n  \"TableName\": \"x\",\n}"))
        #expect(response.status == 400)
        #expect(response.headers["x-amzn-ErrorType"] == "SerializationException")
        let body = Fixture.body(response)
        #expect(body["__type"] == "com.amazon.coral.service#SerializationException")
        let message = body["message"]?.stringValue ?? ""
        #expect(message.hasPrefix("The request body is not valid JSON: line 3, column 1: "), "\(message)")
    }

    @Test func nonObjectJSONBody() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Echo", "[1]"))
        #expect(Fixture.body(response)["message"] == "The request body must be a JSON object, not an array")
    }

    @Test func missingMemberIsAValidationException() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Describe", "{}"))
        #expect(response.bodyText == #"{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","#
            + #""message":"1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"}"#)
    }

    @Test func mistypedMemberIsASerializationException() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Describe", #"{"TableName":5}"#))
        #expect(Fixture.body(response) == [
            "__type": "com.amazon.coral.service#SerializationException",
            "message": "NUMBER_VALUE can not be converted to a String (at 'tableName')",
        ])
    }

    @Test func queryServiceErrorIsAnErrorResponse() async {
        let request = Fixture.query([("Action", "GetRole"), ("Version", "2010-05-08"), ("RoleName", "ghost")])
        let response = await Fixture.door().respond(to: request)
        let id = response.headers["x-amzn-RequestId"] ?? ""
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "text/xml")
        #expect(response.bodyText == """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
            <Code>NoSuchEntity</Code><Message>The role with name ghost cannot be found.</Message></Error>\
            <RequestId>\(id)</RequestId></ErrorResponse>
            """)
    }

    @Test func queryValidationError() async {
        let response = await Fixture.door().respond(to: Fixture.query([("Action", "GetRole"), ("Version", "2010-05-08")]))
        #expect(response.status == 400)
        #expect(response.bodyText.contains("<Code>ValidationError</Code><Message>1 validation error detected: "
            + "Value null at &apos;roleName&apos; failed to satisfy constraint: Member must not be null</Message>"))
    }

    @Test func nonAWSErrorIsAnInternalFailure() async {
        let logged = LogBox()
        let door = CloudFrontDoor(
            services: [FakeJSONService(), FakeIAMService()], credentials: FakeResolver(), clock: ManualClock(start: Fixture.now),
            requestIDs: SeededRandomSource(seed: 1), region: "us-east-1", accountId: Fixture.account,
            errorSink: ErrorSink { report in logged.append("\(report.requestID) \(report.request) \(type(of: report.error))") }
        )
        let response = await door.respond(to: Fixture.json("DynamoDB_20120810.Crash"))
        let id = response.headers["x-amzn-RequestId"] ?? "?"
        #expect(response.status == 500)
        #expect(Fixture.body(response) == [
            "__type": "com.amazonaws.dynamodb.v20120810#InternalFailure",
            "message": .string("The request processing has failed because of an unknown error, exception or failure. (Request ID: \(id))"),
        ])
        #expect(logged.lines == ["\(id) dynamodb Crash FakeBug"])

        let query = await door.respond(to: Fixture.query([("Action", "Crash"), ("Version", "2010-05-08")]))
        #expect(query.status == 500)
        #expect(query.bodyText.contains("<Type>Receiver</Type><Code>InternalFailure</Code>"))
        let queryID = query.headers["x-amzn-RequestId"] ?? "?"
        #expect(logged.lines.last == "\(queryID) iam Crash FakeBug")
    }

    @Test func errorTypeNames() {
        let error = AWSError(code: "Thing", message: "m")
        #expect(error.jsonType(serviceNamespace: "ns") == "ns#Thing")
        #expect(error.jsonType(serviceNamespace: nil) == "Thing")
        var coral = error
        coral.typeName = .coral
        #expect(coral.jsonType(serviceNamespace: "ns") == "com.amazon.coral.service#Thing")
        #expect(coral.jsonType(serviceNamespace: nil) == "Thing")
        coral.typeName = .bare
        #expect(coral.jsonType(serviceNamespace: "ns") == "Thing")
        #expect(AWSError.internalFailure(requestID: "r").fault == .receiver)
        #expect(AWSError.noSuchEntity("x").description == "NoSuchEntity: x")
        #expect(AWSError.validation(["a", "b"], code: "ValidationError").message == "2 validation errors detected: a; b")
    }
}

/// Collects failure-log lines from the front door.
final class LogBox: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}
