import Core
import Testing

extension SaaSAppSuite {
    /// The tenant manager: tenant records, listed and created by the system admin, read and
    /// updated by their own tenant within limits.
    @Suite struct TenantManagerTests {
        @Test func systemAdminListsEveryTenant() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            let listed = try await client.send("GET", "/tenants", token: admin)
            #expect(listed.status == 200)
            let tenants = listed.body.arrayValue ?? []
            let ids = tenants.compactMap { $0["tenant_id"]?.stringValue }
            let system = try #require(client.backend.app.systemTenantId)
            #expect(Set(ids) == [system, one.tenantId, two.tenantId])
            #expect(ids == ids.sorted())
            let systemRecord = tenants.first { $0["tenant_id"] == .string(system) }
            #expect(systemRecord?["companyName"] == "saaslab")
            #expect(systemRecord?["systemAdminRole"] == "SystemAdmin")
            #expect(tenants.first { $0["tenant_id"] == .string(one.tenantId) }?["companyName"] == "one Inc")
        }

        @Test func tenantReadsOnlyItsOwnRecord() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            let own = try await client.send("GET", "/tenant/\(one.tenantId)", token: one.token)
            #expect(own.status == 200)
            #expect(own["tenant_id"] == .string(one.tenantId))
            #expect(own["companyName"] == "one Inc")
            let other = try await client.send("GET", "/tenant/\(two.tenantId)", token: one.token)
            #expect(other.status == 403)
            #expect(other["error"] == "Forbidden")
            #expect(other["message"] == .string("admin@one.example may read only their own tenant, \(one.tenantId)"), "\(other.body)")
            #expect(other["companyName"] == nil)
            // A TenantUser reads its own tenant too.
            let olga = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            #expect(try await client.send("GET", "/tenant/\(one.tenantId)", token: olga).status == 200)
            #expect(try await client.send("GET", "/tenant/\(two.tenantId)", token: olga).status == 403)
            // Unknown as the system admin is 404.
            let admin = try await client.systemAdminToken()
            let missing = try await client.send("GET", "/tenant/TENANTnone", token: admin)
            #expect(missing.status == 404 && missing["message"] == "no tenant 'TENANTnone'", "\(missing.body)")
        }

        @Test func createStoresARecordOnce() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let created = try await client.send("POST", "/tenant", ["id": "TENANT123", "companyName": "Lab One", "tier": "Basic"], token: admin)
            #expect(created.status == 201, "\(created.body)")
            #expect(created.body.objectValue?.sortedByKey() == ["companyName": "Lab One", "status": "Active", "tenant_id": "TENANT123", "tier": "Basic"])
            let stored = try await client.send("GET", "/tenant/TENANT123", token: admin)
            #expect(stored.status == 200)
            #expect(stored["companyName"] == "Lab One")
            #expect(stored["status"] == "Active")
            #expect(stored["id"] == nil)

            let again = try await client.send("POST", "/tenant", ["id": "TENANT123", "companyName": "Overwritten"], token: admin)
            #expect(again.status == 409)
            #expect(again["error"] == "Conflict")
            #expect(again["message"] == "tenant 'TENANT123' already exists; PUT /tenant changes it", "\(again.body)")
            #expect(try await client.send("GET", "/tenant/TENANT123", token: admin)["companyName"] == "Lab One")

            let byTenantId = try await client.send("POST", "/tenant", ["tenant_id": "TENANT456", "status": "Inactive"], token: admin)
            #expect(byTenantId.status == 201 && byTenantId["status"] == "Inactive", "\(byTenantId.body)")
            // Without an id, the tenant manager assigns one in registration's format.
            let noId = try await client.send("POST", "/tenant", ["companyName": "Nameless"], token: admin)
            #expect(noId.status == 201, "\(noId.body)")
            let assigned = try #require(noId["tenant_id"]?.stringValue)
            #expect(assigned.hasPrefix("TENANT") && assigned.count == 38)
            #expect(try await client.send("GET", "/tenant/\(assigned)", token: admin)["companyName"] == "Nameless")
            let numberId = try await client.send("POST", "/tenant", ["id": 123], token: admin)
            #expect(numberId.status == 400, "\(numberId.body)")
            #expect(numberId["message"] == #""id" must be a non-empty string, not 123"#, "\(numberId.body)")
        }

        @Test func tenantAdminUpdatesDetailsButNotProvisionedResources() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            let before = try await client.send("GET", "/tenant/\(one.tenantId)", token: one.token)
            let updated = try await client.send("PUT", "/tenant", [
                "id": .string(one.tenantId), "companyName": "One Renamed", "UserPoolId": "us-east-1_hijacked",
                "IdentityPoolId": "us-east-1:hijacked", "ClientId": "hijacked", "systemAdminRole": "SystemAdmin",
                "systemSupportRole": "x", "trustRole": "x",
            ], token: one.token)
            #expect(updated.status == 200, "\(updated.body)")
            #expect(updated["companyName"] == "One Renamed")
            #expect(updated["UserPoolId"] == .string(one.pool))
            let stored = try await client.send("GET", "/tenant/\(one.tenantId)", token: one.token)
            #expect(stored["companyName"] == "One Renamed")
            for field in ["UserPoolId", "IdentityPoolId", "ClientId", "systemAdminRole", "systemSupportRole", "trustRole", "tenant_id"] {
                #expect(stored[field] == before[field], "\(field) changed to \(stored[field] ?? .null)")
            }
            #expect(stored["id"] == nil)
            // The tenant still works: its admin can sign in again.
            #expect(try await client.signIn("admin@one.example", AppClient.newPassword).status == 200)

            let other = try await client.send("PUT", "/tenant", ["id": .string(two.tenantId), "companyName": "Hijacked"], token: one.token)
            #expect(other.status == 403)
            #expect(other["message"] == .string("admin@one.example may change only their own tenant, \(one.tenantId)"), "\(other.body)")
            let admin = try await client.systemAdminToken()
            #expect(try await client.send("GET", "/tenant/\(two.tenantId)", token: admin)["companyName"] == "two Inc")

            let noId = try await client.send("PUT", "/tenant", ["companyName": "x"], token: one.token)
            #expect(noId.status == 400 && noId["message"] == #"the body needs "id" (or "tenant_id")"#, "\(noId.body)")
            let bySystem = try await client.send("PUT", "/tenant", ["tenant_id": .string(two.tenantId), "tier": "Premium"], token: admin)
            #expect(bySystem.status == 200 && bySystem["tier"] == "Premium", "\(bySystem.body)")
            let missing = try await client.send("PUT", "/tenant", ["id": "TENANTnone", "tier": "x"], token: admin)
            #expect(missing.status == 404 && missing["message"] == "no tenant 'TENANTnone'", "\(missing.body)")
        }

        @Test func deleteRemovesTheRecordOnce() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            let refused = try await client.send("DELETE", "/tenant/\(one.tenantId)", token: one.token)
            #expect(refused.status == 403)
            let deleted = try await client.send("DELETE", "/tenant/\(one.tenantId)", token: admin)
            #expect(deleted.status == 200)
            #expect(deleted["tenant_id"] == .string(one.tenantId))
            #expect(deleted["companyName"] == "one Inc")
            #expect(try await client.send("GET", "/tenant/\(one.tenantId)", token: admin).status == 404)
            let again = try await client.send("DELETE", "/tenant/\(one.tenantId)", token: admin)
            #expect(again.status == 404)
            #expect(again["message"] == .string("no tenant '\(one.tenantId)'"), "\(again.body)")
            #expect(try await client.tenantIds(admin: admin) == [try #require(client.backend.app.systemTenantId)])
        }
    }
}
