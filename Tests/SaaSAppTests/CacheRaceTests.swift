import Core
import Foundation
import HTTP
import SaaSApp
import Testing

extension SaaSAppSuite {
    /// What the token manager learns while a change lands must not outlive the change: a
    /// platform call held in flight (PlatformGate) while an administrator changes a role
    /// mapping or deletes a user.
    @Suite struct CacheRaceTests {
        @Test func credentialsFetchedWhileARoleMappingChangesAreNotReused() async throws {
            let (client, gate) = try await GatedApp.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            try await client.createPartitionedProductTable()
            #expect(try await client.send("PUT", "/admin/services/product", ["credentials": "tenant"], token: admin).status == 200)

            // Tenant one's first product request fetches credentials; hold that fetch.
            gate.hold("GetCredentialsForIdentity")
            let first = Task { try await client.send("GET", "/products", token: one.token) }
            await gate.arrived()
            // Meanwhile every tenant's admins are mapped to the TenantUser role, which may
            // read products but not write them.
            var mappings = try await client.send("GET", "/admin/templates/role-mappings", token: admin).body
            let rendered = mappings.serialized().replacingOccurrences(of: "{{tenant_admin_role_arn}}", with: "{{tenant_user_role_arn}}")
            mappings = try JSON.parse(bytes: Array(rendered.utf8))
            let applied = try await client.send("PUT", "/admin/templates/role-mappings?apply=existing", mappings, token: admin)
            #expect(applied.status == 200, "\(applied.body)")
            gate.release()
            #expect(try await first.value.status == 200)

            // The held credentials were the old role's: the next write gets the new role's.
            let write = try await client.send("POST", "/product", ["title": "after the change"], token: one.token)
            #expect(write.status == 403, "\(write.body)")
            #expect(write["error"] == "AccessDeniedException")
        }

        @Test func aTokenCheckedWhileItsUserIsDeletedIsNotRemembered() async throws {
            let (client, gate) = try await GatedApp.start()
            let one = try await client.registerTenant("one")
            let olga = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)

            // Olga's first request is being checked (GetId held) when her admin deletes her.
            gate.hold("GetId")
            let first = Task { try await client.send("POST", "/user", [:], token: olga) }
            await gate.arrived()
            #expect(try await client.send("DELETE", "/user/olga@one.example", token: one.token).status == 200)
            gate.release()
            // That request was checked against the user as it was: a TenantUser, refused 403.
            #expect(try await first.value.status == 403)
            // Her token is not remembered: the next request is checked again, and she is gone.
            let again = try await client.send("POST", "/user", [:], token: olga)
            #expect(again.status == 401, "\(again.body)")
        }
    }
}
