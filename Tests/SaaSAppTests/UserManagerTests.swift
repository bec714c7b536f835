import Core
import Testing

extension SaaSAppSuite {
    /// The user manager: a tenant's users in its own pool and their records, never another
    /// tenant's; and Lab 1's raw provisioning for the system admin.
    @Suite struct UserManagerTests {
        static func newUser(_ userName: String, role: String = "TenantUser") -> JSON {
            ["userName": .string(userName), "firstName": "Olga", "lastName": "Orders", "role": .string(role)]
        }

        @Test func tenantAdminCreatesATenantUserInItsOwnPool() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let added = try await client.send("POST", "/user", Self.newUser("olga@one.example"), token: one.token)
            #expect(added.status == 201, "\(added.body)")
            #expect(added["userName"] == "olga@one.example")
            #expect(added["email"] == "olga@one.example")
            #expect(added["firstName"] == "Olga")
            #expect(added["lastName"] == "Orders")
            #expect(added["role"] == "TenantUser")
            #expect(added["tier"] == "Advanced")
            #expect(added["tenant_id"] == .string(one.tenantId))
            #expect(added["status"] == "FORCE_CHANGE_PASSWORD")
            #expect(added["enabled"] == true)
            #expect(added["sub"]?.stringValue?.isEmpty == false)

            let cognito = try await client.cognitoUser(pool: one.pool, userName: "olga@one.example")
            #expect(cognito.attributes["custom:tenant_id"] == one.tenantId)
            #expect(cognito.attributes["custom:role"] == "TenantUser")
            #expect(cognito.status == "FORCE_CHANGE_PASSWORD")

            let record = try await client.send("GET", "/user/pool/olga@one.example", token: one.token)
            #expect(record.status == 200, "\(record.body)")
            #expect(record["tenant_id"] == .string(one.tenantId))
            #expect(record["userPoolId"] == .string(one.pool))
            #expect(record["role"] == "TenantUser")
            #expect(record["sub"] == added["sub"])

            // The new user signs in into the same tenant.
            let token = try await client.firstSignIn(pool: one.pool, userName: "olga@one.example")
            #expect(AppClient.claims(of: token)["custom:tenant_id"] == .string(one.tenantId))
            #expect(AppClient.claims(of: token)["custom:role"] == "TenantUser")
            // A TenantAdmin may add another TenantAdmin, with an explicit email.
            let second = try await client.send("POST", "/user", [
                "userName": "boss", "email": "boss@one.example", "firstName": "B", "lastName": "C", "role": "TenantAdmin",
            ], token: one.token)
            #expect(second.status == 201 && second["role"] == "TenantAdmin" && second["email"] == "boss@one.example", "\(second.body)")
        }

        @Test func createRefusesBadRolesAndBodies() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            _ = try await client.registerTenant("two")
            for role in ["SystemAdmin", "SystemUser", "Boss", "tenantuser", "TenantUser "] {
                let reply = try await client.send("POST", "/user", Self.newUser("x@one.example", role: role), token: one.token)
                #expect(reply.status == 400, "\(role)")
                #expect(reply["message"] == .string("role must be TenantAdmin or TenantUser, not '\(role)'"), "\(reply.body)")
            }
            let noEmail = try await client.send("POST", "/user", Self.newUser("olga"), token: one.token)
            #expect(noEmail.status == 400)
            #expect(noEmail["message"] == #"the body needs "email" (or a userName that is an email address)"#, "\(noEmail.body)")
            let noName = try await client.send("POST", "/user", ["userName": "olga@one.example", "lastName": "O", "role": "TenantUser"], token: one.token)
            #expect(noName.status == 400 && noName["message"] == #"the body needs "firstName""#, "\(noName.body)")
            let noRole = try await client.send("POST", "/user", ["userName": "olga@one.example", "firstName": "O", "lastName": "O"], token: one.token)
            #expect(noRole.status == 400 && noRole["message"] == #"the body needs "role""#, "\(noRole.body)")
            // User names are unique across tenants.
            let taken = try await client.send("POST", "/user", Self.newUser("admin@two.example"), token: one.token)
            #expect(taken.status == 409)
            #expect(taken["error"] == "UsernameExistsException", "\(taken.body)")
            // Nothing was created by any of them.
            let users = try await client.send("GET", "/users", token: one.token)
            #expect(users.body.arrayValue?.count == 1, "\(users.body)")
        }

        @Test func listShowsOnlyTheCallersTenant() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            let olga = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            _ = try await client.addUser("tom@two.example", pool: two.pool, adminToken: two.token)

            let listed = try await client.send("GET", "/users", token: one.token)
            #expect(listed.status == 200)
            let users = listed.body.arrayValue ?? []
            #expect(users.compactMap { $0["userName"]?.stringValue }.sorted() == ["admin@one.example", "olga@one.example"])
            #expect(users.allSatisfy { $0["tenant_id"] == .string(one.tenantId) })
            // A TenantUser may read its own tenant's list.
            let byUser = try await client.send("GET", "/users", token: olga)
            #expect(byUser.status == 200 && byUser.body.arrayValue?.count == 2, "\(byUser.body)")
            let byTwo = try await client.send("GET", "/users", token: two.token)
            #expect(byTwo.body.arrayValue?.compactMap { $0["userName"]?.stringValue }.sorted() == ["admin@two.example", "tom@two.example"])
        }

        @Test func getUserOfAnotherTenantIs404() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            _ = try await client.registerTenant("two")
            let own = try await client.send("GET", "/user/admin@one.example", token: one.token)
            #expect(own.status == 200)
            #expect(own["tenant_id"] == .string(one.tenantId))
            #expect(own["status"] == "CONFIRMED")
            let other = try await client.send("GET", "/user/admin@two.example", token: one.token)
            #expect(other.status == 404)
            #expect(other["error"] == "UserNotFoundException", "\(other.body)")
            #expect(other["tenant_id"] == nil && other["email"] == nil)
            let missing = try await client.send("GET", "/user/nobody", token: one.token)
            #expect(missing.status == 404)
        }

        @Test func updateChangesNamesInPoolAndRecord() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            _ = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            let updated = try await client.send("PUT", "/user", ["userName": "olga@one.example", "firstName": "Olivia", "lastName": "Renamed"], token: one.token)
            #expect(updated.status == 200, "\(updated.body)")
            #expect(updated["firstName"] == "Olivia")
            #expect(updated["lastName"] == "Renamed")
            #expect(updated["role"] == "TenantUser")
            let cognito = try await client.cognitoUser(pool: one.pool, userName: "olga@one.example")
            #expect(cognito.attributes["given_name"] == "Olivia")
            #expect(cognito.attributes["family_name"] == "Renamed")
            let record = try await client.send("GET", "/user/pool/olga@one.example", token: one.token)
            #expect(record["firstName"] == "Olivia" && record["lastName"] == "Renamed", "\(record.body)")

            let promoted = try await client.send("PUT", "/user", ["userName": "olga@one.example", "role": "TenantAdmin"], token: one.token)
            #expect(promoted.status == 200 && promoted["role"] == "TenantAdmin", "\(promoted.body)")

            let nothing = try await client.send("PUT", "/user", ["userName": "olga@one.example"], token: one.token)
            #expect(nothing.status == 400)
            #expect(nothing["message"] == "nothing to update: send firstName, lastName, email or role", "\(nothing.body)")
            let badRole = try await client.send("PUT", "/user", ["userName": "olga@one.example", "role": "Boss"], token: one.token)
            #expect(badRole.status == 400 && badRole["message"] == "role must be TenantAdmin or TenantUser, not 'Boss'", "\(badRole.body)")
            let other = try await client.send("PUT", "/user", ["userName": "admin@two.example", "firstName": "Hacked"], token: one.token)
            #expect(other.status == 404)
            #expect(other["message"] == "no user 'admin@two.example' in your tenant", "\(other.body)")
            #expect(try await client.cognitoUser(pool: two.pool, userName: "admin@two.example").attributes["given_name"] == "Ada")
        }

        /// A tenant admin must not be able to make anyone a SystemAdmin: the gateway trusts the
        /// token's custom:role, so that would hand a tenant every tenant's data.
        @Test func updateCannotGrantASystemRole() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            _ = try await client.registerTenant("two")
            _ = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            for role in ["SystemAdmin", "SystemUser"] {
                let reply = try await client.send("PUT", "/user", ["userName": "olga@one.example", "role": .string(role)], token: one.token)
                #expect(reply.status == 400, "PUT /user role \(role) must be refused: \(reply.body)")
                #expect(reply["message"] == .string("role must be TenantAdmin or TenantUser, not '\(role)'"), "\(reply.body)")
            }
            let cognito = try await client.cognitoUser(pool: one.pool, userName: "olga@one.example")
            #expect(cognito.attributes["custom:role"] == "TenantUser")
            // Whatever the update did, the user's next token must not open system routes.
            let token = try #require(try await client.signIn("olga@one.example", AppClient.newPassword)["token"]?.stringValue)
            let tenants = try await client.send("GET", "/tenants", token: token)
            #expect(tenants.status == 403, "a tenant's user listed every tenant: \(tenants.body)")
            let other = try await client.send("GET", "/user/pool/admin@two.example", token: token)
            #expect(other.status == 404, "a tenant's user read another tenant's user record: \(other.body)")
        }

        @Test func disableAndEnable() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            _ = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            let disabled = try await client.send("PUT", "/user/disable", ["userName": "olga@one.example"], token: one.token)
            #expect(disabled.status == 200)
            #expect(disabled.body == ["userName": "olga@one.example", "enabled": false])
            #expect(try await client.cognitoUser(pool: one.pool, userName: "olga@one.example").enabled == false)
            let refused = try await client.signIn("olga@one.example", AppClient.newPassword)
            #expect(refused.status == 401 && refused["message"] == "User is disabled.", "\(refused.body)")
            let shown = try await client.send("GET", "/user/olga@one.example", token: one.token)
            #expect(shown["enabled"] == false)

            let enabled = try await client.send("PUT", "/user/enable", ["userName": "olga@one.example"], token: one.token)
            #expect(enabled.status == 200)
            #expect(enabled.body == ["userName": "olga@one.example", "enabled": true])
            let back = try await client.signIn("olga@one.example", AppClient.newPassword)
            #expect(back.status == 200 && back["token"]?.stringValue != nil, "\(back.body)")

            // Another tenant's user cannot be disabled.
            let other = try await client.send("PUT", "/user/disable", ["userName": "admin@two.example"], token: one.token)
            #expect(other.status == 404 && other["message"] == "no user 'admin@two.example' in your tenant", "\(other.body)")
            #expect(try await client.cognitoUser(pool: two.pool, userName: "admin@two.example").enabled == true)
            let noName = try await client.send("PUT", "/user/enable", ["user": "olga@one.example"], token: one.token)
            #expect(noName.status == 400 && noName["message"] == #"the body needs "userName""#, "\(noName.body)")
        }

        @Test func deleteRemovesUserAndRecord() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            _ = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            let deleted = try await client.send("DELETE", "/user/olga@one.example", token: one.token)
            #expect(deleted.status == 200)
            #expect(deleted.body == ["userName": "olga@one.example", "deleted": true])
            #expect(try await client.send("GET", "/user/olga@one.example", token: one.token).status == 404)
            #expect(try await client.send("GET", "/user/pool/olga@one.example", token: one.token).status == 404)
            let users = try await client.send("GET", "/users", token: one.token)
            #expect(users.body.arrayValue?.compactMap { $0["userName"]?.stringValue } == ["admin@one.example"])
            let signIn = try await client.signIn("olga@one.example", AppClient.newPassword)
            #expect(signIn.status == 401, "\(signIn.body)")
            let again = try await client.send("DELETE", "/user/olga@one.example", token: one.token)
            #expect(again.status == 404 && again["message"] == "no user 'olga@one.example' in your tenant", "\(again.body)")
            // The name is free again.
            #expect(try await client.send("POST", "/user", Self.newUser("olga@one.example"), token: one.token).status == 201)

            let other = try await client.send("DELETE", "/user/admin@two.example", token: one.token)
            #expect(other.status == 404)
            #expect(try await client.cognitoUser(pool: two.pool, userName: "admin@two.example").status == "CONFIRMED")
        }

        @Test func systemAdminProvisionsIntoARawPool() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let raw = try await client.createRawUserPool("lab1")
            let created = try await client.send("POST", "/user/create", [
                "userPoolId": .string(raw.pool), "tenant_id": "TENANTlab1", "userName": "lab-user", "email": "lab@one.example",
                "firstName": "Lab", "lastName": "User", "role": "TenantAdmin", "tier": "Premium",
            ], token: admin)
            #expect(created.status == 201, "\(created.body)")
            #expect(created["userName"] == "lab-user")
            #expect(created["status"] == "FORCE_CHANGE_PASSWORD")
            #expect(created["tenant_id"] == "TENANTlab1")
            #expect(created["role"] == "TenantAdmin")
            #expect(created["tier"] == "Premium")
            let cognito = try await client.cognitoUser(pool: raw.pool, userName: "lab-user")
            #expect(cognito.status == "FORCE_CHANGE_PASSWORD")
            #expect(cognito.attributes["custom:tenant_id"] == "TENANTlab1")
            #expect(cognito.attributes["email"] == "lab@one.example")
            #expect(cognito.attributes["given_name"] == "Lab")
            #expect(try await client.temporaryPassword(pool: raw.pool, userName: "lab-user") != nil)

            let standard = try await client.send("POST", "/user/create", [
                "userPoolId": .string(raw.pool), "tenant_id": "TENANTlab1", "userName": "lab-two", "email": "two@one.example",
                "firstName": "Lab", "lastName": "Two", "role": "TenantUser",
            ], token: admin)
            #expect(standard.status == 201 && standard["tier"] == "Standard", "\(standard.body)")
            let duplicate = try await client.send("POST", "/user/create", [
                "userPoolId": .string(raw.pool), "tenant_id": "TENANTlab1", "userName": "lab-two", "email": "two@one.example",
                "firstName": "Lab", "lastName": "Two", "role": "TenantUser",
            ], token: admin)
            #expect(duplicate.status == 409 && duplicate["error"] == "UsernameExistsException", "\(duplicate.body)")
        }

        @Test func rawProvisioningErrors() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            let body: JSONObject = [
                "userPoolId": "us-east-1_nosuchpool", "tenant_id": "TENANTx", "userName": "x", "email": "x@x.example",
                "firstName": "X", "lastName": "X", "role": "TenantUser",
            ]
            let forbidden = try await client.send("POST", "/user/create", .object(body), token: one.token)
            #expect(forbidden.status == 403 && forbidden["error"] == "Forbidden", "\(forbidden.body)")
            let missingPool = try await client.send("POST", "/user/create", .object(body), token: admin)
            #expect(missingPool.status == 404 && missingPool["error"] == "ResourceNotFoundException", "\(missingPool.body)")
            var noPool = body
            _ = noPool.removeValue(forKey: "userPoolId")
            let noPoolReply = try await client.send("POST", "/user/create", .object(noPool), token: admin)
            #expect(noPoolReply.status == 400 && noPoolReply["message"] == #"the body needs "userPoolId""#, "\(noPoolReply.body)")
            let plain = try await client.createRawUserPool("plain", customAttributes: false)
            var intoPlain = body
            intoPlain["userPoolId"] = .string(plain.pool)
            let noAttributes = try await client.send("POST", "/user/create", .object(intoPlain), token: admin)
            #expect(noAttributes.status == 400, "\(noAttributes.body)")
            #expect(noAttributes["message"]?.stringValue?.contains("custom:") == true, "\(noAttributes.body)")
        }

        @Test func poolLookupIsScopedToTheCallersTenant() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            let own = try await client.send("GET", "/user/pool/admin@one.example", token: one.token)
            #expect(own.status == 200)
            #expect(own["userPoolId"] == .string(one.pool))
            #expect(own["tenant_id"] == .string(one.tenantId))
            #expect(own["IdentityPoolId"]?.stringValue?.hasPrefix("us-east-1:") == true)
            #expect(own["client_id"]?.stringValue?.isEmpty == false)
            let other = try await client.send("GET", "/user/pool/admin@two.example", token: one.token)
            #expect(other.status == 404)
            #expect(other["message"] == "no user 'admin@two.example' in your tenant", "\(other.body)")
            #expect(other["userPoolId"] == nil)
            let admin = try await client.systemAdminToken()
            let bySystem = try await client.send("GET", "/user/pool/admin@two.example", token: admin)
            #expect(bySystem.status == 200 && bySystem["userPoolId"] == .string(two.pool), "\(bySystem.body)")
            let missing = try await client.send("GET", "/user/pool/nobody", token: admin)
            #expect(missing.status == 404)
        }
    }
}
