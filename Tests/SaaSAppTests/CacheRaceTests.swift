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
            defer { gate.release() }
            let first = Task { try await client.send("GET", "/products", token: one.token) }
            try await gate.arrived()
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

        /// Olga's first request is being checked (the user-record lookup, or the identity pool's
        /// GetId after it, has been answered) when her admin deletes her.
        @Test(arguments: ["Query", "GetId"])
        func aTokenCheckedWhileItsUserIsDeletedIsNotRemembered(held: String) async throws {
            let (client, gate) = try await GatedApp.start()
            let one = try await client.registerTenant("one")
            let olga = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)

            gate.hold(held)
            defer { gate.release() }
            let first = Task { try await client.send("POST", "/user", [:], token: olga) }
            try await gate.arrived()
            #expect(try await client.send("DELETE", "/user/olga@one.example", token: one.token).status == 200)
            gate.release()
            // That request was checked against the user as it was: a TenantUser, refused 403.
            #expect(try await first.value.status == 403)
            // Her token is not remembered: the next request is checked again, and she is gone.
            let again = try await client.send("POST", "/user", [:], token: olga)
            #expect(again.status == 401, "\(again.body)")
        }

        @Test func aTenantDeletedDuringASignInStaysDeleted() async throws {
            let (client, gate) = try await GatedApp.start()
            let admin = try await client.systemAdminToken()
            let reg = try await client.send("POST", "/reg", [
                "companyName": "One Inc", "accountName": "one", "ownerName": "Owner", "tier": "Advanced",
                "email": "admin@one.example", "userName": "admin@one.example", "firstName": "Ada", "lastName": "One",
            ])
            #expect(reg.status == 201, "\(reg.body)")
            let tenantId = try #require(reg["id"]?.stringValue)
            let temporary = try await client.temporaryPassword(pool: reg["userPoolId"]?.stringValue ?? "", userName: "admin@one.example") ?? ""

            // The admin's first sign-in looks the tenant's pools up; hold that answer while the
            // system admin deletes the tenant.
            gate.hold("GetItem")
            defer { gate.release() }
            let first = Task { try await client.signIn("admin@one.example", temporary, newPassword: AppClient.newPassword) }
            try await gate.arrived()
            #expect(try await client.send("DELETE", "/tenant/\(tenantId)", token: admin).status == 200)
            gate.release()
            let signedIn = try await first.value
            // Whatever that sign-in got, nothing learnt during the deletion lets the tenant back in.
            if let token = signedIn["token"]?.stringValue {
                let users = try await client.send("GET", "/users", token: token)
                #expect(users.status == 401 || users.status == 403, "\(users.body)")
            }
            let again = try await client.signIn("admin@one.example", AppClient.newPassword)
            #expect(again.status == 401, "\(again.body)")
        }

        @Test func aDeletedTenantsCachedTokensStopWorking() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            #expect(try await client.send("GET", "/users", token: one.token).status == 200)
            #expect(try await client.send("DELETE", "/tenant/\(one.tenantId)", token: admin).status == 200)
            let after = try await client.send("GET", "/users", token: one.token)
            #expect(after.status == 401 || after.status == 403, "\(after.body)")
        }

        @Test func aDeletedUsersTokenDoesNotComeBackWithTheName() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let olga = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            #expect(try await client.send("DELETE", "/user/olga@one.example", token: one.token).status == 200)
            _ = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            // The new Olga is another user (another sub): the old one's token stays refused.
            let old = try await client.send("POST", "/user", [:], token: olga)
            #expect(old.status == 401, "\(old.body)")
            #expect(old["message"] == "the ID token belongs to an earlier user named 'olga@one.example', since deleted; sign in again")
        }

        @Test func aHeldCallThatNeverComesFailsInsteadOfHanging() async throws {
            let (_, gate) = try await GatedApp.start()
            gate.hold("NoSuchOperation")
            await #expect(throws: PlatformGate.NeverCalled.self) { try await gate.arrived(within: 0.05) }
        }
    }
}
