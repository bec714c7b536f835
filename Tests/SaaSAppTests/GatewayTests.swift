import Core
import Testing

extension SaaSAppSuite {
    /// The gateway: every signed-in route verifies the bearer ID token through the platform and
    /// enforces the route's roles before any service runs.
    @Suite struct GatewayTests {
        static func isUnauthorized(_ reply: AppClient.Reply, saying words: String...) -> Bool {
            guard reply.status == 401, reply["error"] == "Unauthorized", reply.response.headers["WWW-Authenticate"] == "Bearer",
                  let message = reply["message"]?.stringValue else { return false }
            return words.allSatisfy { message.contains($0) }
        }

        @Test func healthNeedsNoToken() async throws {
            let client = try await AppClient.start()
            for (path, service) in [
                ("/auth/health", "Auth Manager"), ("/reg/health", "Tenant Registration"), ("/user/health", "User Manager"),
                ("/tenant/health", "Tenant Manager"), ("/product/health", "Product Manager"), ("/order/health", "Order Manager"),
            ] {
                let health = try await client.send("GET", path)
                #expect(health.status == 200, "\(path)")
                #expect(health.body == ["service": .string(service), "isAlive": true], "\(path): \(health.body)")
            }
        }

        @Test func missingAuthorizationHeaderIs401WithBearerChallenge() async throws {
            let client = try await AppClient.start()
            let reply = try await client.send("GET", "/users")
            #expect(reply.status == 401)
            #expect(reply.response.headers["WWW-Authenticate"] == "Bearer")
            #expect(reply["error"] == "Unauthorized")
            #expect(reply["message"]?.stringValue?.contains("GET /users needs 'Authorization: Bearer <token>'") == true, "\(reply.body)")
            let empty = try await client.sendRaw("GET", "/products", text: nil, authorization: "")
            #expect(Self.isUnauthorized(empty, saying: "needs 'Authorization: Bearer <token>'"), "\(empty.body)")
        }

        @Test func otherSchemesAndMalformedHeadersAre401() async throws {
            let client = try await AppClient.start()
            let basic = try await client.sendRaw("GET", "/users", text: nil, authorization: "Basic x")
            #expect(Self.isUnauthorized(basic, saying: "must be 'Bearer <token>'"), "\(basic.body)")
            let bare = try await client.sendRaw("GET", "/users", text: nil, authorization: "Bearer")
            #expect(Self.isUnauthorized(bare, saying: "must be 'Bearer <token>'"), "\(bare.body)")
            let spaces = try await client.sendRaw("GET", "/users", text: nil, authorization: "Bearer    ")
            #expect(Self.isUnauthorized(spaces, saying: "not a JWT"), "\(spaces.body)")
        }

        @Test func garbageTokensAre401NotAJWT() async throws {
            let client = try await AppClient.start()
            for garbage in ["garbage", "a.b", "a.b.c", "x.\(Base64URL.encode(Array("[1,2]".utf8))).y", "...."] {
                let reply = try await client.send("GET", "/users", token: garbage)
                #expect(Self.isUnauthorized(reply, saying: "not a JWT"), "\(garbage): \(reply.body)")
            }
        }

        @Test func tokenWithoutRequiredClaimsIs401() async throws {
            let client = try await AppClient.start()
            let payload = Base64URL.encode(Array(#"{"token_use":"id","cognito:username":"x"}"#.utf8))
            let reply = try await client.send("GET", "/users", token: "eyJhbGciOiJSUzI1NiJ9.\(payload).c2ln")
            #expect(Self.isUnauthorized(reply, saying: "lacks iss, aud, cognito:username or exp"), "\(reply.body)")
        }

        @Test func accessTokenInsteadOfIdTokenIs401() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let signedIn = try await client.signIn("admin@one.example", AppClient.newPassword)
            let access = try #require(signedIn["access"]?.stringValue)
            #expect(AppClient.claims(of: access)["token_use"] == "access")
            let reply = try await client.send("GET", "/users", token: access)
            #expect(Self.isUnauthorized(reply, saying: "not an ID token", "\"token\""), "\(reply.body)")
            // The ID token from the same sign-in works.
            let good = try await client.send("GET", "/users", token: try #require(signedIn["token"]?.stringValue))
            #expect(good.status == 200, "\(good.body)")
            _ = one
        }

        @Test func tokenWithOnePayloadByteFlippedIs401() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let forged = AppClient.flippedTenantByte(one.token)
            #expect(forged != one.token)
            let forgedTenant = AppClient.claims(of: forged)["custom:tenant_id"]?.stringValue
            #expect(forgedTenant != nil && forgedTenant != one.tenantId && forgedTenant?.count == one.tenantId.count)
            let reply = try await client.send("GET", "/users", token: forged)
            // The forged tenant id finds no record of this user in that tenant, but the token is
            // refused for what it is, a tampered one, not as a stranger's.
            #expect(Self.isUnauthorized(reply, saying: "tampered with", "signature does not verify"), "\(reply.body)")
            #expect(reply["message"]?.stringValue?.contains("not registered") == false, "\(reply.body)")

            // Flipping a raw character of the encoded payload is refused too, whatever it decodes to.
            var parts = one.token.split(separator: ".").map(String.init)
            var payload = Array(parts[1])
            payload[10] = payload[10] == "A" ? "B" : "A"
            parts[1] = String(payload)
            let raw = try await client.send("GET", "/users", token: parts.joined(separator: "."))
            #expect(raw.status == 401 && raw["error"] == "Unauthorized", "\(raw.body)")

            // Claims intact but the signature altered: the identity pool refuses it.
            var signed = one.token.split(separator: ".").map(String.init)
            var signature = Array(signed[2])
            signature[5] = signature[5] == "A" ? "B" : "A"
            signed[2] = String(signature)
            let badSignature = try await client.send("GET", "/users", token: signed.joined(separator: "."))
            #expect(Self.isUnauthorized(badSignature, saying: "tampered with", "signature does not verify"), "\(badSignature.body)")

            // A verified token was not poisoned by the forgeries.
            let good = try await client.send("GET", "/users", token: one.token)
            #expect(good.status == 200, "\(good.body)")
        }

        @Test func expiredTokenIs401EvenOnceCached() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let unused = try #require(try await client.signIn("admin@one.example", AppClient.newPassword)["token"]?.stringValue)
            let used = try await client.send("GET", "/users", token: one.token)
            #expect(used.status == 200, "\(used.body)")
            client.clock.advance(by: 3_700)
            let cached = try await client.send("GET", "/users", token: one.token)
            #expect(Self.isUnauthorized(cached, saying: "expired", "POST /auth"), "\(cached.body)")
            let fresh = try await client.send("GET", "/users", token: unused)
            #expect(Self.isUnauthorized(fresh, saying: "expired"), "\(fresh.body)")
            // Signing in again gives a token that works at the new time.
            let again = try #require(try await client.signIn("admin@one.example", AppClient.newPassword)["token"]?.stringValue)
            #expect(try await client.send("GET", "/users", token: again).status == 200)
        }

        /// The ID token of `userName`, made in `pool` by the operator behind the app's back with
        /// `attributes` (custom:tenant_id, custom:role) and signed in through `clientId`.
        static func signedInBehindTheApp(_ client: AppClient, pool: String, clientId: String, userName: String,
                                         attributes: [String: String]) async throws -> String {
            let password = "Behind-the-4pp!"
            let created = try await client.cognito("AdminCreateUser", [
                "UserPoolId": .string(pool), "Username": .string(userName), "MessageAction": "SUPPRESS",
                "UserAttributes": .array([["Name": "email", "Value": .string("\(userName)@x.example")]]
                    + attributes.sorted { $0.key < $1.key }.map { ["Name": .string($0.key), "Value": .string($0.value)] }),
            ])
            #expect(created.status == 200, "\(created.body)")
            let set = try await client.cognito("AdminSetUserPassword", [
                "UserPoolId": .string(pool), "Username": .string(userName), "Password": .string(password), "Permanent": true,
            ])
            #expect(set.status == 200, "\(set.body)")
            let auth = try await client.cognitoUnsigned("InitiateAuth", [
                "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": .string(clientId),
                "AuthParameters": ["USERNAME": .string(userName), "PASSWORD": .string(password)],
            ])
            return try #require(auth["AuthenticationResult"]?["IdToken"]?.stringValue, "\(auth.body)")
        }

        @Test func tokenFromAPoolTheAppDoesNotKnowIs401() async throws {
            let client = try await AppClient.start()
            let raw = try await client.createRawUserPool("outsiders")
            let token = try await Self.signedInBehindTheApp(client, pool: raw.pool, clientId: raw.client, userName: "eve",
                                                            attributes: ["custom:tenant_id": "TENANTforged", "custom:role": "SystemAdmin"])
            #expect(AppClient.claims(of: token)["custom:role"] == "SystemAdmin")
            let reply = try await client.send("GET", "/tenants", token: token)
            // No tenant's identity pool trusts that user pool, so nothing here can tell whether the
            // token is genuine: the refusal says what its claims fail to name, not that eve is unknown.
            #expect(Self.isUnauthorized(reply, saying: "claims name no user or tenant of this app", raw.pool, "TENANTforged"), "\(reply.body)")
        }

        @Test func aWellSignedTokenOfAnUnknownUserIsNotRegistered() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            // A user made in tenant one's pool behind the app's back: a genuine token, but no record.
            let token = try await Self.signedInBehindTheApp(
                client, pool: one.pool, clientId: AppClient.claims(of: one.token)["aud"]?.stringValue ?? "", userName: "ghost",
                attributes: ["custom:tenant_id": one.tenantId, "custom:role": "TenantAdmin"])
            let reply = try await client.send("GET", "/users", token: token)
            #expect(Self.isUnauthorized(reply, saying: "the ID token's user 'ghost' is not registered with this app"), "\(reply.body)")

            // The same token altered, or past its time, says so instead.
            let renamed = AppClient.tampered(token) { Array(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "ghost", with: "admin@one.example").utf8) }
            let tampered = try await client.send("GET", "/users", token: renamed)
            #expect(Self.isUnauthorized(tampered, saying: "tampered with"), "\(tampered.body)")
            client.clock.advance(by: 3_700)
            let expired = try await client.send("GET", "/users", token: token)
            #expect(Self.isUnauthorized(expired, saying: "expired", "POST /auth"), "\(expired.body)")
            #expect(expired["message"]?.stringValue?.contains("not registered") == false, "\(expired.body)")
        }

        /// Registers tenant `name` after setting the app-client template's `ReadAttributes` to `read`.
        static func registerWithReadAttributes(_ client: AppClient, _ name: String, read: [String]) async throws -> (tenantId: String, token: String, pool: String) {
            let admin = try await client.systemAdminToken()
            var template = try #require(try await client.send("GET", "/admin/templates/app-client", token: admin).body.objectValue)
            template["ReadAttributes"] = .array(read.map { .string($0) })
            let put = try await client.send("PUT", "/admin/templates/app-client", .object(template), token: admin)
            #expect(put.status == 200, "\(put.body)")
            return try await client.registerTenant(name)
        }

        @Test func aGenuineTokenWithoutTheAppsClaimsSaysTheClientHidesThem() async throws {
            let client = try await AppClient.start()
            // The client reads names and email only: sign-in works, but the ID token carries
            // neither custom:tenant_id nor custom:role, so the user looks like no one the app knows.
            let one = try await Self.registerWithReadAttributes(client, "one", read: ["email", "given_name", "family_name"])
            #expect(AppClient.claims(of: one.token)["custom:tenant_id"] == nil && AppClient.claims(of: one.token)["custom:role"] == nil)
            let reply = try await client.send("GET", "/users", token: one.token)
            #expect(Self.isUnauthorized(
                reply, saying: "the ID token has no custom:tenant_id or custom:role claim",
                "the app client's ReadAttributes must include custom:tenant_id and custom:role"), "\(reply.body)")
            #expect(reply["message"]?.stringValue?.contains("not registered") == false, "\(reply.body)")

            // A client that reads the tenant but not the role: the refusal names the one missing.
            let two = try await Self.registerWithReadAttributes(client, "two", read: ["email", "custom:tenant_id"])
            let roleless = try await client.send("GET", "/users", token: two.token)
            #expect(Self.isUnauthorized(roleless, saying: "the ID token has no custom:role claim", "ReadAttributes must include"), "\(roleless.body)")

            // A user made behind the app's back in that pool: the token lacks custom:role too, but
            // the app has no record of them, so they are unknown first (with every claim, too:
            // aWellSignedTokenOfAnUnknownUserIsNotRegistered).
            let ghost = try await Self.signedInBehindTheApp(
                client, pool: two.pool, clientId: AppClient.claims(of: two.token)["aud"]?.stringValue ?? "", userName: "ghost",
                attributes: ["custom:tenant_id": two.tenantId, "custom:role": "TenantAdmin"])
            let unknown = try await client.send("GET", "/users", token: ghost)
            #expect(Self.isUnauthorized(unknown, saying: "the ID token's user 'ghost' is not registered with this app"), "\(unknown.body)")
        }

        @Test func eachPlatformRefusalIsToldByItsCause() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            // A token whose header is not JSON but whose claims are intact: the platform calls it
            // malformed, and so does the gateway.
            let parts = one.token.split(separator: ".").map(String.init)
            let headless = try await client.send("GET", "/users", token: ["bm90IGpzb24", parts[1], parts[2]].joined(separator: "."))
            #expect(Self.isUnauthorized(headless, saying: "malformed"), "\(headless.body)")
            // Tampered and expired at once: the signature is checked first.
            client.clock.advance(by: 3_700)
            let both = try await client.send("GET", "/users", token: AppClient.flippedTenantByte(one.token))
            #expect(Self.isUnauthorized(both, saying: "tampered with"), "\(both.body)")
        }

        @Test func bearerSchemeIsCaseInsensitive() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let reply = try await client.sendRaw("GET", "/users", text: nil, authorization: "bearer \(one.token)")
            #expect(reply.status == 200, "\(reply.body)")
            #expect(reply.body.arrayValue?.count == 1)
        }

        @Test func tenantUserMayNotManageUsers() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let user = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            let reply = try await client.send("POST", "/user", [
                "userName": "mallory@one.example", "firstName": "M", "lastName": "M", "role": "TenantAdmin",
            ], token: user)
            #expect(reply.status == 403)
            #expect(reply["error"] == "Forbidden")
            #expect(reply.response.headers["WWW-Authenticate"] == nil)
            #expect(reply["message"] == "TenantUser olga@one.example may not POST /user; it needs SystemAdmin or TenantAdmin", "\(reply.body)")
            for (method, path) in [("PUT", "/user"), ("PUT", "/user/disable"), ("PUT", "/user/enable"), ("DELETE", "/user/admin@one.example"), ("PUT", "/tenant")] {
                let refused = try await client.send(method, path, ["userName": "admin@one.example", "id": .string(one.tenantId)], token: user)
                #expect(refused.status == 403 && refused["error"] == "Forbidden", "\(method) \(path): \(refused.body)")
            }
            // Nobody was created.
            let users = try await client.send("GET", "/users", token: one.token)
            #expect(users.body.arrayValue?.compactMap { $0["userName"]?.stringValue }.sorted() == ["admin@one.example", "olga@one.example"])
        }

        @Test func tenantAdminMayNotUseSystemRoutes() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let tenants = try await client.send("GET", "/tenants", token: one.token)
            #expect(tenants.status == 403)
            #expect(tenants["error"] == "Forbidden")
            #expect(tenants["message"]?.stringValue?.contains("TenantAdmin admin@one.example may not GET /tenants; it needs SystemAdmin or SystemUser") == true, "\(tenants.body)")
            for (method, path) in [
                ("GET", "/admin/templates"), ("GET", "/admin/templates/user-pool"), ("PUT", "/admin/templates/user-pool"),
                ("DELETE", "/admin/templates/user-pool"), ("GET", "/admin/services/product"), ("PUT", "/admin/services/product"),
                ("POST", "/tenant"), ("DELETE", "/tenant/\(one.tenantId)"), ("POST", "/user/create"),
            ] {
                let body: JSON? = method == "GET" || method == "DELETE" ? nil : ["tenantContext": "request"]
                let refused = try await client.send(method, path, body, token: one.token)
                #expect(refused.status == 403, "\(method) \(path): \(refused.body)")
                #expect(refused["message"]?.stringValue?.contains("it needs SystemAdmin") == true, "\(method) \(path): \(refused.body)")
            }
            // The refused PUT changed nothing.
            let admin = try await client.systemAdminToken()
            let settings = try await client.send("GET", "/admin/services/product", token: admin)
            #expect(settings["tenantContext"] == "token")
        }

        /// A system role in a tenant's token (here set behind the app's back by the operator)
        /// counts for nothing: system roles come only from the provider's own pool.
        @Test func aSystemRoleInATenantsTokenIsRefused() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let changed = try await client.cognito("AdminUpdateUserAttributes", [
                "UserPoolId": .string(one.pool), "Username": "admin@one.example",
                "UserAttributes": [["Name": "custom:role", "Value": "SystemAdmin"]],
            ])
            #expect(changed.status == 200, "\(changed.body)")
            let signedIn = try await client.signIn("admin@one.example", "N3w-Passw0rd!")
            let token = try #require(signedIn["token"]?.stringValue)
            let tenants = try await client.send("GET", "/tenants", token: token)
            #expect(tenants.status == 403)
            #expect(tenants["message"]?.stringValue?.contains("SystemAdmin is a role of the provider's own tenant") == true, "\(tenants.body)")
        }
    }
}
