import Backend
import Core
import Foundation
import HTTP
import SaaSApp
import SigV4

/// Drives a started backend as a participant's HTTP client would: JSON requests to the app
/// with a bearer token, and operator-signed calls to the platform's AWS API.
struct AppClient {
    let backend: Backend
    let clock: ManualClock
    /// Where app requests go when the app under test is not the backend's own (see
    /// `GatedApp`); nil sends them to the backend's router.
    var appRouter: Router? = nil
    static let operatorKey = AWSCredentials(
        accessKeyId: BackendConfig.exampleOperatorKey.accessKeyId, secretAccessKey: BackendConfig.exampleOperatorKey.secretAccessKey
    )

    /// A seeded backend with its app bootstrapped. Few password rounds keep tests quick.
    static func start(seed: UInt64 = 7) async throws -> AppClient {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_764_000_000))
        var config = BackendConfig(clock: clock, random: SeededRandomSource(seed: seed))
        // Password hashing runs on the cooperative pool; 10,000 rounds per sign-in in a debug
        // build would starve every other suite running alongside.
        config.passwordIterations = 8
        let backend = try await Backend.start(config)
        return AppClient(backend: backend, clock: clock)
    }

    struct Reply {
        let status: Int
        let body: JSON
        let response: HTTPResponse
        subscript(key: String) -> JSON? { body[key] }
    }

    func send(_ method: String, _ path: String, _ body: JSON? = nil, token: String? = nil) async throws -> Reply {
        var headers: HTTPHeaders = ["Host": "localhost"]
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(method: method, target: path, headers: headers, body: body.map { Array($0.serialized().utf8) } ?? [])
        let response = await (appRouter ?? backend.router).respond(to: request)
        let parsed = response.body.isEmpty ? JSON.null : ((try? JSON.parse(bytes: response.body)) ?? .string(response.bodyText))
        return Reply(status: response.status, body: parsed, response: response)
    }

    /// An AWS JSON-protocol call signed with `credentials` (the operator by default).
    func aws(_ service: String, _ target: String, version: String = "1.0", _ operation: String, _ body: JSON, credentials: AWSCredentials = AppClient.operatorKey) async throws -> Reply {
        var request = HTTPRequest(
            method: "POST", target: "/",
            headers: ["Host": "localhost", "Content-Type": "application/x-amz-json-\(version)", "X-Amz-Target": "\(target).\(operation)"],
            text: body.serialized()
        )
        _ = try SigV4Signer(credentials: credentials, region: "us-east-1", service: service).sign(&request, at: clock.now())
        let response = await backend.router.respond(to: request)
        return Reply(status: response.status, body: (try? JSON.parse(bytes: response.body)) ?? .null, response: response)
    }

    func dynamoDB(_ operation: String, _ body: JSON, credentials: AWSCredentials = AppClient.operatorKey) async throws -> Reply {
        try await aws("dynamodb", "DynamoDB_20120810", operation, body, credentials: credentials)
    }

    /// The product table keyed as the partitioning lab asks: tenant_id + product_id.
    func createPartitionedProductTable() async throws {
        let reply = try await dynamoDB("CreateTable", [
            "TableName": "ProductBootcamp", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [["AttributeName": "tenant_id", "AttributeType": "S"], ["AttributeName": "product_id", "AttributeType": "S"]],
            "KeySchema": [["AttributeName": "tenant_id", "KeyType": "HASH"], ["AttributeName": "product_id", "KeyType": "RANGE"]],
        ])
        precondition(reply.status == 200, "CreateTable failed: \(reply.body)")
    }

    /// The temporary password the pool emailed to `userName`.
    func temporaryPassword(pool: String, userName: String) async throws -> String? {
        var request = HTTPRequest(method: "GET", target: "/_saaslab/outbox/\(pool)", headers: ["Host": "localhost"])
        _ = try SigV4Signer(credentials: Self.operatorKey, region: "us-east-1", service: "cognito-idp").sign(&request, at: clock.now())
        let response = await backend.router.respond(to: request)
        let messages = try JSON.parse(bytes: response.body)["Messages"]?.arrayValue ?? []
        return messages.last { $0["Username"]?.stringValue == userName }?["TemporaryPassword"]?.stringValue
    }

    /// Registers a tenant and signs its admin in for the first time; returns (tenant id, token).
    func registerTenant(_ name: String) async throws -> (tenantId: String, token: String, pool: String) {
        let reg = try await send("POST", "/reg", [
            "companyName": .string("\(name) Inc"), "accountName": .string(name), "ownerName": .string("Owner \(name)"), "tier": "Advanced",
            "email": .string("admin@\(name).example"), "userName": .string("admin@\(name).example"), "firstName": "Ada", "lastName": .string(name),
        ])
        precondition(reg.status == 201, "registration failed: \(reg.body)")
        let pool = reg["userPoolId"]?.stringValue ?? ""
        let token = try await firstSignIn(pool: pool, userName: "admin@\(name).example")
        return (reg["id"]?.stringValue ?? "", token, pool)
    }

    /// Signs in with the emailed temporary password, setting a new one.
    func firstSignIn(pool: String, userName: String, newPassword: String = "N3w-Passw0rd!") async throws -> String {
        let temporary = try await temporaryPassword(pool: pool, userName: userName) ?? ""
        let signedIn = try await send("POST", "/auth", ["userName": .string(userName), "password": .string(temporary), "newPassword": .string(newPassword)])
        precondition(signedIn.status == 200, "first sign-in failed: \(signedIn.body)")
        return signedIn["token"]?.stringValue ?? ""
    }

    func systemAdminToken() async throws -> String {
        let account = SystemAdminAccount.default
        let reply = try await send("POST", "/auth", ["userName": .string(account.userName), "password": .string(account.password)])
        precondition(reply.status == 200, "system admin sign-in failed: \(reply.body)")
        return reply["token"]?.stringValue ?? ""
    }
}
