import Backend
import Core
import Foundation
import HTTP
import SaaSApp
import SigV4

/// The SaaS app's hot path: an authenticated `GET /products` by a tenant admin whose product
/// service signs with tenant-scoped credentials under a LeadingKeys policy: the gateway's
/// token check, the tenant's cached credentials, a SigV4-signed Query through the platform's
/// front door and IAM, and the JSON answer, all in-process.
enum BenchSaaSApp {
    struct Fixture {
        let router: Router
        let request: HTTPRequest
    }

    /// A seeded backend with one registered tenant holding ten products.
    static func fixture() async throws -> Fixture {
        var config = BackendConfig(random: SeededRandomSource(seed: 1))
        // The benchmark measures requests with a token, not sign-ins: keep the setup quick.
        config.passwordIterations = 8
        let backend = try await LabBackend.start(config)
        let router = backend.router
        func send(_ method: String, _ path: String, _ body: JSON?, token: String? = nil) async throws -> JSON {
            var headers: HTTPHeaders = ["Host": "localhost"]
            if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
            let response = await router.respond(to: HTTPRequest(method: method, target: path, headers: headers, text: body?.serialized() ?? ""))
            guard response.status < 300 else { throw HTTPError(status: HTTPStatus(response.status), code: "BenchSetup", message: "\(method) \(path): \(response.bodyText)") }
            return try JSON.parse(bytes: response.body)
        }
        let system = try await send("POST", "/auth", ["userName": .string(config.systemAdmin.userName), "password": .string(config.systemAdmin.password)])["token"]?.stringValue ?? ""
        let registered = try await send("POST", "/reg", [
            "companyName": "Bench", "email": "bench@example.com", "userName": "bench@example.com", "firstName": "B", "lastName": "Ench",
        ])
        let pool = registered["userPoolId"]?.stringValue ?? ""

        // The emailed temporary password, read as the operator.
        let operatorKey = AWSCredentials(accessKeyId: config.operatorKey.accessKeyId, secretAccessKey: config.operatorKey.secretAccessKey)
        var outbox = HTTPRequest(method: "GET", target: "/_saaslab/outbox/\(pool)", headers: ["Host": "localhost"])
        _ = try SigV4Signer(credentials: operatorKey, region: config.region, service: "cognito-idp").sign(&outbox, at: Date())
        let messages = try JSON.parse(bytes: await router.respond(to: outbox).body)["Messages"]?.arrayValue ?? []
        let temporary = messages.last?["TemporaryPassword"]?.stringValue ?? ""
        let token = try await send("POST", "/auth", ["userName": "bench@example.com", "password": .string(temporary), "newPassword": "Bench-Passw0rd!"])["token"]?.stringValue ?? ""

        var create = HTTPRequest(method: "POST", target: "/", headers: [
            "Host": "localhost", "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.CreateTable",
        ], text: #"{"TableName":"ProductBootcamp","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"tenant_id","AttributeType":"S"},{"AttributeName":"product_id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"},{"AttributeName":"product_id","KeyType":"RANGE"}]}"#)
        _ = try SigV4Signer(credentials: operatorKey, region: config.region, service: "dynamodb").sign(&create, at: Date())
        _ = await router.respond(to: create)

        var policy = try await send("GET", "/admin/templates/tenant-admin-policy", nil, token: system)
        if case .object(var members) = policy, let statements = members["Statement"]?.arrayValue {
            members["Statement"] = .array(statements.map { statement in
                guard statement["Sid"]?.stringValue == "TenantAdminProductTable", case .object(var scoped) = statement else { return statement }
                scoped["Condition"] = ["ForAllValues:StringEquals": ["dynamodb:LeadingKeys": ["{{tenant_id}}"]]]
                return .object(scoped)
            })
            policy = .object(members)
        }
        _ = try await send("PUT", "/admin/templates/tenant-admin-policy?apply=existing", policy, token: system)
        _ = try await send("PUT", "/admin/services/product", ["credentials": "tenant", "tenantContext": "token"], token: system)
        for index in 0..<10 {
            _ = try await send("POST", "/product", ["product_id": .string("p\(index)"), "title": .string("Product \(index)"), "unitCost": 10], token: token)
        }
        let request = HTTPRequest(method: "GET", target: "/products", headers: ["Host": "localhost", "Authorization": "Bearer \(token)"])
        guard await router.respond(to: request).status == 200 else {
            throw HTTPError(status: .internalServerError, code: "BenchSetup", message: "GET /products did not answer 200")
        }
        return Fixture(router: router, request: request)
    }

    /// Requests per second of `GET /products`, `concurrency` requests in flight at a time.
    static func rate(seconds: Double, concurrency: Int) async throws(CommandFailure) -> String {
        let fixture: Fixture
        do {
            fixture = try await Self.fixture()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            return "setup failed: \(error)"
        }
        let router = fixture.router
        let request = fixture.request
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        let total = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var count = 0
                    while clock.now - start < budget {
                        for _ in 0..<64 {
                            let response = await router.respond(to: request)
                            if response.status != 200 { fatalError("bench: GET /products answered \(response.status): \(response.bodyText)") }
                        }
                        count += 64
                    }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        let rate = Double(total) / (clock.now - start).seconds
        return "\(Int(rate.rounded())) requests/s"
    }
}
