import Backend
import Cognito
import Core
import HTTP
import Testing

/// The mail a user pool would have sent, readable over HTTP by labs and tests.
@Suite struct OutboxRouteTests {
    @Test func invitationsCarryTheTemporaryPassword() async throws {
        let client = PlatformClient()
        let pool = try client.backend.userPools.createUserPool(UserPoolSettings(name: "tenant"))
        _ = try client.backend.userPools.adminCreateUser(poolId: pool.id, NewUser(
            username: "admin@tenant.com", attributes: [UserAttribute(name: "email", value: "admin@tenant.com")],
            temporaryPassword: "Temp0rary!pw", desiredDeliveryMediums: ["EMAIL"]
        ))
        let response = try await InProcessClient(responder: client.backend.router)
            .send(HTTPRequest(method: "GET", target: "/_saaslab/outbox/\(pool.id)"))
        #expect(response.status == 200)
        let body = try JSON.parse(response.bodyText)
        let message = try #require(body["Messages"]?[0])
        #expect(message["Purpose"] == "invitation")
        #expect(message["Username"] == "admin@tenant.com")
        #expect(message["Destination"] == "admin@tenant.com")
        #expect(message["TemporaryPassword"] == "Temp0rary!pw")
    }

    @Test func anUnknownPoolIs404() async throws {
        let client = PlatformClient()
        let response = try await InProcessClient(responder: client.backend.router)
            .send(HTTPRequest(method: "GET", target: "/_saaslab/outbox/us-east-1_nothere"))
        #expect(response.status == 404)
        #expect(try JSON.parse(response.bodyText)["error"] == "ResourceNotFoundException")
    }
}
