import Core
import Testing

extension SaaSAppSuite {
    /// `POST /auth`: sign-in through the user's own pool, the first-login password change, and
    /// every way it refuses.
    @Suite struct AuthManagerTests {
        /// A registered tenant whose admin has not signed in yet: (pool, temporary password).
        static func freshTenant(_ client: AppClient, _ name: String = "one") async throws -> (pool: String, temporary: String) {
            let reg = try await client.send("POST", "/reg", .object(AppClient.registration(name)))
            #expect(reg.status == 201, "\(reg.body)")
            let pool = try #require(reg["userPoolId"]?.stringValue)
            let temporary = try #require(try await client.temporaryPassword(pool: pool, userName: "admin@\(name).example"))
            return (pool, temporary)
        }

        static func isNotAuthorized(_ reply: AppClient.Reply, _ message: String) -> Bool {
            reply.status == 401 && reply["error"] == "NotAuthorizedException" && reply["message"] == .string(message)
                && reply.response.headers["WWW-Authenticate"] == "Bearer"
        }

        @Test func firstSignInAsksForANewPasswordThenIssuesTokens() async throws {
            let client = try await AppClient.start()
            let fresh = try await Self.freshTenant(client)
            let first = try await client.signIn("admin@one.example", fresh.temporary)
            #expect(first.status == 200)
            #expect(first.body == ["newPasswordRequired": true])

            let weak = try await client.signIn("admin@one.example", fresh.temporary, newPassword: "weak")
            #expect(weak.status == 400)
            #expect(weak["error"] == "InvalidPasswordException")
            #expect(weak["message"]?.stringValue?.hasPrefix("Password did not conform with policy") == true, "\(weak.body)")
            // Each of the policy's rules is enforced.
            for password in ["Sh0rt!", "nouppercase1!", "NOLOWERCASE1!", "NoNumbers!!", "NoSymbols123"] {
                let refused = try await client.signIn("admin@one.example", fresh.temporary, newPassword: password)
                #expect(refused.status == 400 && refused["error"] == "InvalidPasswordException", "\(password): \(refused.body)")
            }
            // The refused changes left the user waiting for a new password.
            #expect(try await client.cognitoUser(pool: fresh.pool, userName: "admin@one.example").status == "FORCE_CHANGE_PASSWORD")

            let set = try await client.signIn("admin@one.example", fresh.temporary, newPassword: "Str0ng-Enough!")
            #expect(set.status == 200, "\(set.body)")
            #expect(set["token"]?.stringValue != nil && set["access"]?.stringValue != nil)
            #expect(try await client.cognitoUser(pool: fresh.pool, userName: "admin@one.example").status == "CONFIRMED")

            let again = try await client.signIn("admin@one.example", "Str0ng-Enough!")
            #expect(again.status == 200)
            #expect(again.body.objectValue?.keys.sorted() == ["access", "token"])
            let token = try #require(again["token"]?.stringValue)
            let claims = AppClient.claims(of: token)
            #expect(claims["token_use"] == "id")
            #expect(claims["cognito:username"] == "admin@one.example")
            #expect(claims["custom:role"] == "TenantAdmin")
            #expect(claims["custom:tenant_id"]?.stringValue?.hasPrefix("TENANT") == true)
            #expect(AppClient.claims(of: try #require(again["access"]?.stringValue))["token_use"] == "access")
            // The token works at the gateway.
            #expect(try await client.send("GET", "/users", token: token).status == 200)

            // The temporary password is spent.
            let old = try await client.signIn("admin@one.example", fresh.temporary)
            #expect(Self.isNotAuthorized(old, "Incorrect username or password."), "\(old.body)")
        }

        @Test func wrongPasswordIs401() async throws {
            let client = try await AppClient.start()
            _ = try await client.registerTenant("one")
            let reply = try await client.signIn("admin@one.example", "Wr0ng-Passw0rd!")
            #expect(Self.isNotAuthorized(reply, "Incorrect username or password."), "\(reply.body)")
            #expect(reply["token"] == nil)
            let temporary = try await client.signIn("admin@one.example", "Wr0ng-Passw0rd!", newPassword: "An0ther-Passw0rd!")
            #expect(Self.isNotAuthorized(temporary, "Incorrect username or password."), "\(temporary.body)")
        }

        @Test func unknownUserIs401WithTheSameMessage() async throws {
            let client = try await AppClient.start()
            _ = try await client.registerTenant("one")
            let reply = try await client.signIn("nobody@one.example", AppClient.newPassword)
            #expect(Self.isNotAuthorized(reply, "Incorrect username or password."), "\(reply.body)")
        }

        @Test func systemAdminSignsInWithTheConfiguredPassword() async throws {
            let client = try await AppClient.start()
            let reply = try await client.signIn("admin", "Admin-Passw0rd!")
            #expect(reply.status == 200, "\(reply.body)")
            let claims = AppClient.claims(of: try #require(reply["token"]?.stringValue))
            #expect(claims["custom:role"] == "SystemAdmin")
            #expect(claims["custom:tenant_id"]?.stringValue == client.backend.app.systemTenantId)
            let wrong = try await client.signIn("admin", "admin")
            #expect(Self.isNotAuthorized(wrong, "Incorrect username or password."), "\(wrong.body)")
        }

        @Test func disabledUserCannotSignIn() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            _ = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            let disabled = try await client.send("PUT", "/user/disable", ["userName": "olga@one.example"], token: one.token)
            #expect(disabled.status == 200)
            let refused = try await client.signIn("olga@one.example", AppClient.newPassword)
            #expect(Self.isNotAuthorized(refused, "User is disabled."), "\(refused.body)")
        }

        @Test func badBodiesAre400NamingTheField() async throws {
            let client = try await AppClient.start()
            let noPassword = try await client.send("POST", "/auth", ["userName": "admin"])
            #expect(noPassword.status == 400 && noPassword["error"] == "BadRequest")
            #expect(noPassword["message"] == #"the body needs "password""#, "\(noPassword.body)")
            let noUser = try await client.send("POST", "/auth", ["password": "x"])
            #expect(noUser["message"] == #"the body needs "userName""#, "\(noUser.body)")
            let emptyUser = try await client.send("POST", "/auth", ["userName": "", "password": "x"])
            #expect(emptyUser.status == 400)
            #expect(emptyUser["message"] == #""userName" must be a non-empty string, not """#, "\(emptyUser.body)")
            let numberPassword = try await client.send("POST", "/auth", ["userName": "admin", "password": 12345678])
            #expect(numberPassword.status == 400)
            #expect(numberPassword["message"]?.stringValue?.hasPrefix(#""password" must be a non-empty string"#) == true, "\(numberPassword.body)")
            let badNew = try await client.send("POST", "/auth", ["userName": "admin", "password": "x", "newPassword": true])
            #expect(badNew.status == 400)
            #expect(badNew["message"]?.stringValue?.hasPrefix(#""newPassword" must be a string"#) == true, "\(badNew.body)")
            let noBody = try await client.sendRaw("POST", "/auth", text: nil)
            #expect(noBody.status == 400)
            #expect(noBody["message"] == "POST /auth needs a JSON object body", "\(noBody.body)")
        }
    }
}
