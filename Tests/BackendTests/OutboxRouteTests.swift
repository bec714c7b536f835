import Backend
import Cognito
import Core
import HTTP
import SigV4
import Testing

/// The mail a user pool would have sent, readable over HTTP by labs and tests, but only with a
/// signature of someone allowed to read the pool's users.
@Suite struct OutboxRouteTests {
    private func outbox(_ client: PlatformClient, _ poolId: String, signed: Bool = true, service: String = "cognito-idp") async throws -> HTTPResponse {
        var request = HTTPRequest(method: "GET", target: "/_saaslab/outbox/\(poolId)", headers: ["Host": "127.0.0.1:8080"])
        if signed {
            try SigV4Signer(credentials: client.credentials, region: "us-east-1", service: service).sign(&request, at: client.clock.now())
        }
        return try await InProcessClient(responder: client.backend.router).send(request)
    }

    private func poolWithInvitation(_ client: PlatformClient) throws -> String {
        let pool = try client.backend.userPools.createUserPool(UserPoolSettings(name: "tenant"))
        _ = try client.backend.userPools.adminCreateUser(poolId: pool.id, NewUser(
            username: "admin@tenant.com", attributes: [UserAttribute(name: "email", value: "admin@tenant.com")],
            temporaryPassword: "Temp0rary!pw", desiredDeliveryMediums: ["EMAIL"]
        ))
        return pool.id
    }

    @Test func theOperatorReadsInvitationsWithTheTemporaryPassword() async throws {
        let client = PlatformClient()
        let poolId = try poolWithInvitation(client)
        let response = try await outbox(client, poolId)
        #expect(response.status == 200)
        let message = try #require(try JSON.parse(response.bodyText)["Messages"]?[0])
        #expect(message["Purpose"] == "invitation")
        #expect(message["Username"] == "admin@tenant.com")
        #expect(message["Destination"] == "admin@tenant.com")
        #expect(message["TemporaryPassword"] == "Temp0rary!pw")
    }

    @Test func anUnsignedReaderIsRefused() async throws {
        let client = PlatformClient()
        let response = try await outbox(client, try poolWithInvitation(client), signed: false)
        #expect(response.status == 403)
        #expect(!response.bodyText.contains("Temp0rary"))
        #expect(try JSON.parse(response.bodyText)["error"] == "MissingAuthenticationToken")
    }

    @Test func aSignatureForAnotherServiceIsRefused() async throws {
        let client = PlatformClient()
        let response = try await outbox(client, try poolWithInvitation(client), service: "sts")
        #expect(response.status == 403)
        #expect(try JSON.parse(response.bodyText)["error"] == "SignatureDoesNotMatch")
        #expect(!response.bodyText.contains("Temp0rary"))
    }

    @Test func aPrincipalWithoutReadOutboxIsRefused() async throws {
        var client = PlatformClient()
        let poolId = try poolWithInvitation(client)
        _ = try await client.query("iam", "CreateUser", [("UserName", "tenant-user")])
        let key = try await client.query("iam", "CreateAccessKey", [("UserName", "tenant-user")])
        client.credentials = .init(
            accessKeyId: try #require(PlatformClient.element("AccessKeyId", in: key)),
            secretAccessKey: try #require(PlatformClient.element("SecretAccessKey", in: key))
        )
        let response = try await outbox(client, poolId)
        #expect(response.status == 403)
        #expect(try JSON.parse(response.bodyText)["error"] == "AccessDeniedException")
        #expect(!response.bodyText.contains("Temp0rary"))
    }

    @Test func anUnknownPoolIs404() async throws {
        let response = try await outbox(PlatformClient(), "us-east-1_nothere")
        #expect(response.status == 404)
        #expect(try JSON.parse(response.bodyText)["error"] == "ResourceNotFoundException")
    }
}
