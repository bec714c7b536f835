import Cloud
import Core
import Foundation
import HTTP
import Testing

/// Finding the service and operation, and the shape of successful responses.
struct DispatchTests {
    @Test func jsonTargetReachesTheService() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Echo", #"{"TableName":"Orders","Limit":5}"#))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(response.bodyText == #"{"input":{"TableName":"Orders","Limit":5},"caller":"arn:aws:iam::111122223333:user/admin","region":"us-east-1"}"#)
    }

    @Test func jsonOnePointOneService() async {
        let request = Fixture.json("AWSCognitoIdentityProviderService.ListUsers", version: "1.1", service: "cognito-idp")
        let response = await Fixture.door().respond(to: request)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.1")
        #expect(response.bodyText == #"{"Users":[]}"#)
    }

    @Test func emptyJSONBodyIsAnEmptyObject() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Echo", ""))
        #expect(response.status == 200)
        #expect(Fixture.body(response)["input"] == [:])
    }

    @Test func unknownTargetPrefix() async {
        let response = await Fixture.door().respond(to: Fixture.json("Nope_2020.Echo"))
        #expect(response.status == 400)
        #expect(response.headers["x-amzn-ErrorType"] == "UnknownOperationException")
        #expect(Fixture.body(response)["__type"] == "com.amazon.coral.service#UnknownOperationException")
    }

    @Test func unknownJSONOperationOfAKnownService() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.DropEverything"))
        #expect(response.status == 400)
        #expect(Fixture.body(response) == [
            "__type": "com.amazon.coral.service#UnknownOperationException",
            "message": "Unknown operation: DynamoDB_20120810.DropEverything",
        ])
    }

    @Test func queryActionChosenByCredentialScope() async {
        let iam = await Fixture.door().respond(to: Fixture.query([("Action", "DeleteRole"), ("Version", "2010-05-08"), ("RoleName", "x")]))
        #expect(iam.status == 200)
        #expect(iam.headers["Content-Type"] == "text/xml")
        #expect(iam.bodyText.hasPrefix(#"<DeleteRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">"#))

        let sts = await Fixture.door().respond(to: Fixture.query([("Action", "GetCallerIdentity"), ("Version", "2011-06-15")], service: "sts"))
        #expect(sts.status == 200)
        #expect(sts.bodyText.contains("<GetCallerIdentityResult><UserId>AIDAADMIN</UserId><Account>111122223333</Account>"))
    }

    @Test func queryParametersFromTheQueryString() async {
        var request = HTTPRequest(method: "GET", target: "/?Action=GetRole&Version=2010-05-08&RoleName=admin", headers: ["Host": "localhost:4566"])
        request = Fixture.sign(request, Fixture.admin, service: "iam", at: Fixture.now)
        let response = await Fixture.door().respond(to: request)
        #expect(response.status == 200)
        #expect(response.bodyText.contains("<RoleName>admin</RoleName>"))
    }

    @Test func unknownQueryAction() async {
        let response = await Fixture.door().respond(to: Fixture.query([("Action", "CreateUniverse"), ("Version", "2010-05-08")]))
        #expect(response.status == 400)
        #expect(response.bodyText.contains("<Code>InvalidAction</Code><Message>Could not find operation CreateUniverse for version 2010-05-08</Message>"))
    }

    @Test func missingAction() async {
        let response = await Fixture.door().respond(to: Fixture.query([("Version", "2010-05-08")]))
        #expect(response.status == 400)
        #expect(response.bodyText.contains("<Code>MissingAction</Code>"))
    }

    @Test func anonymousJSONOperationNeedsNoSignature() async {
        let response = await Fixture.door().respond(to: Fixture.json("DynamoDB_20120810.Public", #"{"a":1}"#, credentials: nil))
        #expect(response.status == 200)
        #expect(Fixture.body(response)["caller"] == .null)
    }

    @Test func anonymousOperationIgnoresAuthorization() async {
        var request = Fixture.json("AWSCognitoIdentityProviderService.InitiateAuth", version: "1.1", service: "cognito-idp")
        request.headers["Authorization"] = "garbage"
        let response = await Fixture.door().respond(to: request)
        #expect(response.status == 400)
        #expect(Fixture.body(response) == ["__type": "NotAuthorizedException", "message": "Incorrect username or password."])
    }

    @Test func unsignedQueryActionFoundByName() async {
        let request = Fixture.query([("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", "arn:aws:iam::1:role/r")], credentials: nil)
        let response = await Fixture.door().respond(to: request)
        #expect(response.status == 200)
        #expect(response.bodyText.contains(#"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">"#))
        #expect(response.bodyText.contains("<Anonymous>true</Anonymous><RoleArn>arn:aws:iam::1:role/r</RoleArn>"))
    }

    @Test func requestIDsAreDeterministicForASeed() async {
        let request = Fixture.json("DynamoDB_20120810.Echo")
        let first = Fixture.door(seed: 42), second = Fixture.door(seed: 42), other = Fixture.door(seed: 43)
        var ids: [[String]] = [[], [], []]
        for (index, door) in [first, second, other].enumerated() {
            for _ in 0..<3 { ids[index].append(await door.respond(to: request).headers["x-amzn-RequestId"] ?? "") }
        }
        #expect(ids[0] == ids[1])
        #expect(ids[0] != ids[2])
        #expect(Set(ids[0]).count == 3)
        #expect(ids[0].allSatisfy { $0.count == 36 })
    }

    @Test func everyResponseCarriesTheRequestID() async {
        let door = Fixture.door()
        for request in [Fixture.json("DynamoDB_20120810.Echo"), Fixture.json("Bad.Target"), Fixture.query([("Action", "Nope")], credentials: nil)] {
            let response = await door.respond(to: request)
            let id = response.headers["x-amzn-RequestId"]
            #expect(id != nil)
            #expect(response.headers["x-amz-request-id"] == id)
        }
    }

    @Test func crc32HeaderMatchesTheBody() async {
        for request in [Fixture.json("DynamoDB_20120810.Echo", #"{"k":"v"}"#), Fixture.json("DynamoDB_20120810.Missing")] {
            let response = await Fixture.door().respond(to: request)
            #expect(response.headers["x-amz-crc32"] == String(CRC32.checksum(response.body)))
        }
    }

    @Test func registersOnARouter() async {
        var router = Router()
        Fixture.door().register(on: &router)
        let response = await router.respond(to: Fixture.json("DynamoDB_20120810.Echo"))
        #expect(response.status == 200)
    }
}
