import Cloud
import Core
import Foundation
import HTTP
import SigV4
import Testing

/// Errors a fake service throws that are not AWS errors, to test the 500 path.
struct FakeBug: Error {}

/// A DynamoDB-shaped JSON 1.0 service. `Echo` returns what it got and who called.
struct FakeJSONService: CloudService {
    var signingName: String { "dynamodb" }
    var awsProtocol: AWSProtocol {
        .json(version: "1.0", targetPrefix: "DynamoDB_20120810", errorNamespace: "com.amazonaws.dynamodb.v20120810")
    }
    var operations: Set<String> { ["Echo", "Missing", "Deny", "Crash", "Public", "Describe"] }
    var allowsAnonymous: Set<String> { ["Public"] }

    func handle(_ call: CloudCall) async throws -> JSON {
        switch call.operation {
        case "Echo", "Public":
            return ["input": call.input, "caller": call.caller.map { .string($0.principalArn) } ?? .null, "region": .string(call.region)]
        case "Missing":
            throw AWSError.resourceNotFound()
        case "Deny":
            throw AWSError.coralAccessDenied("User: arn:aws:sts::111122223333:assumed-role/r/s is not authorized to perform: dynamodb:Query")
        case "Describe":
            let table = try call.members.string("TableName")
            return ["Table": ["TableName": .string(table)]]
        default:
            throw FakeBug()
        }
    }
}

/// A Cognito-shaped JSON 1.1 service with bare error types and anonymous `InitiateAuth`.
struct FakeCognitoService: CloudService {
    var signingName: String { "cognito-idp" }
    var awsProtocol: AWSProtocol { .json(version: "1.1", targetPrefix: "AWSCognitoIdentityProviderService", errorNamespace: nil) }
    var operations: Set<String> { ["InitiateAuth", "ListUsers"] }
    var allowsAnonymous: Set<String> { ["InitiateAuth"] }

    func handle(_ call: CloudCall) async throws(AWSError) -> JSON {
        if call.operation == "InitiateAuth" { throw AWSError.notAuthorized("Incorrect username or password.") }
        return ["Users": []]
    }
}

/// An IAM-shaped Query service. `Echo` returns its structured input as the result.
struct FakeIAMService: CloudService {
    var signingName: String { "iam" }
    var awsProtocol: AWSProtocol { .query(apiVersion: "2010-05-08", xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/") }
    var operations: Set<String> { ["GetRole", "DeleteRole", "Echo", "Crash"] }
    var allowsAnonymous: Set<String> { [] }

    func handle(_ call: CloudCall) async throws -> JSON {
        switch call.operation {
        case "GetRole":
            let name = try call.members.string("RoleName")
            guard name == "admin" else { throw AWSError.noSuchEntity("The role with name \(name) cannot be found.") }
            return ["Role": ["RoleName": "admin", "MaxSessionDuration": 3600, "Tags": [["Key": "team", "Value": "a&b"]]]]
        case "DeleteRole":
            return [:]
        case "Echo":
            return call.input
        default:
            throw FakeBug()
        }
    }
}

/// An STS-shaped Query service with anonymous `AssumeRoleWithWebIdentity`.
struct FakeSTSService: CloudService {
    var signingName: String { "sts" }
    var awsProtocol: AWSProtocol { .query(apiVersion: "2011-06-15", xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/") }
    var operations: Set<String> { ["GetCallerIdentity", "AssumeRoleWithWebIdentity"] }
    var allowsAnonymous: Set<String> { ["AssumeRoleWithWebIdentity"] }

    func handle(_ call: CloudCall) async throws -> JSON {
        if call.operation == "GetCallerIdentity" {
            let caller = try call.requireCaller()
            return ["UserId": .string(caller.userId), "Account": .string(caller.accountId), "Arn": .string(caller.principalArn)]
        }
        return ["Anonymous": .bool(call.caller == nil), "RoleArn": .string(try call.members.string("RoleArn"))]
    }
}

/// Keys by access key id: a long-term admin key, a live session and an expired session.
struct FakeResolver: CredentialResolver {
    func resolve(accessKeyId: String, at: Date) async -> CredentialResolution {
        switch accessKeyId {
        case Fixture.admin.accessKeyId:
            .found(secret: Fixture.admin.secretAccessKey, sessionToken: nil, caller: Fixture.adminCaller)
        case Fixture.session.accessKeyId:
            .found(secret: Fixture.session.secretAccessKey, sessionToken: Fixture.session.sessionToken, caller: Fixture.sessionCaller)
        case Fixture.expired.accessKeyId:
            .expired
        default:
            .unknown
        }
    }
}

enum Fixture {
    /// 2023-11-14T22:13:20Z.
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let account = "111122223333"
    static let admin = AWSCredentials(accessKeyId: "AKIAADMINEXAMPLE0001", secretAccessKey: "admin/secret+key")
    static let session = AWSCredentials(accessKeyId: "ASIASESSIONEXAMPLE01", secretAccessKey: "session-secret", sessionToken: "FwoGZXIvYXdzEXAMPLE")
    static let expired = AWSCredentials(accessKeyId: "ASIAEXPIREDEXAMPLE01", secretAccessKey: "old", sessionToken: "OLDTOKEN")
    static let adminCaller = AuthenticatedCaller(
        accessKeyId: admin.accessKeyId, principalArn: "arn:aws:iam::\(account):user/admin", accountId: account,
        userId: "AIDAADMIN", kind: .user
    )
    static let sessionCaller = AuthenticatedCaller(
        accessKeyId: session.accessKeyId, sessionToken: session.sessionToken,
        principalArn: "arn:aws:sts::\(account):assumed-role/tenant/s1", accountId: account, userId: "AROATENANT:s1",
        kind: .assumedRole, sessionTags: ["tenant": "t1"]
    )

    static func door(seed: UInt64 = 7, clock: ManualClock = ManualClock(start: now)) -> CloudFrontDoor {
        CloudFrontDoor(
            services: [FakeJSONService(), FakeCognitoService(), FakeIAMService(), FakeSTSService()],
            credentials: FakeResolver(), clock: clock, requestIDs: SeededRandomSource(seed: seed),
            region: "us-east-1", accountId: account
        )
    }

    /// A JSON-protocol request as botocore builds it, signed unless `credentials` is nil.
    static func json(
        _ target: String, _ body: String = "{}", version: String = "1.0", service: String = "dynamodb",
        credentials: AWSCredentials? = admin, at date: Date = now
    ) -> HTTPRequest {
        let request = HTTPRequest(method: "POST", target: "/", headers: [
            "Host": "localhost:4566", "Content-Type": "application/x-amz-json-\(version)", "X-Amz-Target": target,
        ], text: body)
        return sign(request, credentials, service: service, at: date)
    }

    /// A Query-protocol POST with a form body, signed unless `credentials` is nil.
    static func query(
        _ parameters: [(name: String, value: String)], service: String = "iam",
        credentials: AWSCredentials? = admin, at date: Date = now
    ) -> HTTPRequest {
        let request = HTTPRequest(method: "POST", target: "/", headers: [
            "Host": "localhost:4566", "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        ], text: URLEncoding.formEncode(parameters))
        return sign(request, credentials, service: service, at: date)
    }

    static func sign(_ request: HTTPRequest, _ credentials: AWSCredentials?, service: String, at date: Date) -> HTTPRequest {
        guard let credentials else { return request }
        var signed = request
        try! SigV4Signer(credentials: credentials, region: "us-east-1", service: service).sign(&signed, at: date)
        return signed
    }

    /// The parsed JSON body of a response.
    static func body(_ response: HTTPResponse) -> JSON {
        (try? JSON.parse(bytes: response.body)) ?? .string("<not JSON: \(response.bodyText)>")
    }
}

// The fakes authorise nothing, so the access probe has nothing to ask them.
extension FakeJSONService { func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall] { [] } }
extension FakeCognitoService { func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall] { [] } }
extension FakeIAMService { func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall] { [] } }
extension FakeSTSService { func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall] { [] } }
