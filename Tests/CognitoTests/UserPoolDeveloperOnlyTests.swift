import Cognito
import Core
import Foundation
import Testing

/// Developer-only attributes are the administrator's: AdminGetUser shows them, an app
/// client's ID token and GetUser never do.
@Suite struct UserPoolDeveloperOnlyTests {
    @Test func developerOnlyAttributesStayOutOfTokensAndGetUser() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "p", schema: [
            SchemaAttributeInput(name: "tenant_id", dataType: .string),
            SchemaAttributeInput(name: "billing", dataType: .string, developerOnly: true),
        ]))
        let open = try fixture.passwordClient(pool)
        let naming = try fixture.passwordClient(pool, name: "naming") { $0.readAttributes = ["custom:tenant_id", "custom:billing"] }
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(
            username: "alice", attributes: [UserAttribute(name: "custom:tenant_id", value: "T1"), UserAttribute(name: "custom:billing", value: "secret-plan")],
            temporaryPassword: UserPoolFixture.temporaryPassword, desiredDeliveryMediums: []
        ))
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "alice").attributes.value(of: "custom:billing") == "secret-plan")
        let first = try fixture.firstSignIn(open)
        for tokens in [first, try fixture.signIn(naming)] {
            let id = try fixture.pools.verifyToken(tokens.idToken, use: .id, poolId: pool.id)
            #expect(id["custom:tenant_id"] == "T1")
            #expect(id["custom:billing"] == nil)
            let user = try fixture.pools.getUser(accessToken: tokens.accessToken)
            #expect(user.attributes.value(of: "custom:tenant_id") == "T1")
            #expect(user.attributes.value(of: "custom:billing") == nil)
        }
    }
}
