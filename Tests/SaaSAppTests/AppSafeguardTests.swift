import Backend
import Core
import Foundation
import HTTP
import SaaSApp
import SigV4
import Testing

// What the app guards against: a tenant admin minting or promoting users, records planted to
// block another user, a template that would break every later registration, a deleted user's
// token, and metering under a tenant that never existed.

extension AppClient {
    /// An unsigned Cognito identity-pool call, as any client (or attacker) may send GetId and
    /// GetCredentialsForIdentity straight to the platform.
    func identityUnsigned(_ operation: String, _ body: JSON) async throws -> Reply {
        let request = HTTPRequest(
            method: "POST", target: "/",
            headers: [
                "Host": "localhost", "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "AWSCognitoIdentityService.\(operation)",
            ],
            text: body.serialized()
        )
        let response = await backend.router.respond(to: request)
        return Reply(status: response.status, body: (try? JSON.parse(bytes: response.body)) ?? .null, response: response)
    }

    /// The identity pool's temporary credentials for `token`, fetched directly from the
    /// platform (what the lab's scan step and any participant can do).
    func reviewTenantCredentials(token: String, pool: String) async throws -> AWSCredentials {
        let reg = try await send("GET", "/user/pool/\(AppClient.claims(of: token)["cognito:username"]?.stringValue ?? "")", token: token)
        let identityPool = try #require(reg["IdentityPoolId"]?.stringValue, "\(reg.body)")
        let provider = "cognito-idp.us-east-1.amazonaws.com/\(pool)"
        let id = try await identityUnsigned("GetId", ["IdentityPoolId": .string(identityPool), "Logins": [provider: .string(token)]])
        let identityId = try #require(id["IdentityId"]?.stringValue, "\(id.body)")
        let got = try await identityUnsigned("GetCredentialsForIdentity", ["IdentityId": .string(identityId), "Logins": [provider: .string(token)]])
        let credentials = try #require(got["Credentials"], "\(got.body)")
        return AWSCredentials(
            accessKeyId: credentials["AccessKeyId"]?.stringValue ?? "", secretAccessKey: credentials["SecretKey"]?.stringValue ?? "",
            sessionToken: credentials["SessionToken"]?.stringValue
        )
    }

    /// A user of `pool` whose ID token claims `tenantId` and `role`, made with the pool
    /// admin rights the TenantAdmin role grants on its own pool. The user name is first made
    /// through `POST /user` (so the app has its record), then the Cognito user is replaced.
    func reviewForgedUser(
        _ userName: String, pool: String, adminToken: String, claimingTenant tenantId: String, role: String
    ) async throws -> String {
        let added = try await send("POST", "/user", [
            "userName": .string(userName), "firstName": "Eve", "lastName": "Forger", "role": "TenantUser", "email": "eve@evil.example",
        ], token: adminToken)
        precondition(added.status == 201, "POST /user failed: \(added.body)")
        let credentials = try await reviewTenantCredentials(token: adminToken, pool: pool)
        let deleted = try await cognito("AdminDeleteUser", ["UserPoolId": .string(pool), "Username": .string(userName)], credentials: credentials)
        precondition(deleted.status == 200, "AdminDeleteUser with the TenantAdmin role failed: \(deleted.body)")
        let created = try await cognito("AdminCreateUser", [
            "UserPoolId": .string(pool), "Username": .string(userName),
            "UserAttributes": [
                ["Name": "email", "Value": "eve@evil.example"], ["Name": "custom:tenant_id", "Value": .string(tenantId)],
                ["Name": "custom:role", "Value": .string(role)], ["Name": "custom:tier", "Value": "Advanced"],
            ],
            "DesiredDeliveryMediums": ["EMAIL"],
        ], credentials: credentials)
        precondition(created.status == 200, "AdminCreateUser with the TenantAdmin role failed: \(created.body)")
        // The temporary password goes to the email the attacker chose; the outbox stands in for it.
        return try await firstSignIn(pool: pool, userName: userName, newPassword: "Ev3-Passw0rd!")
    }
}

extension SaaSAppSuite {
    @Suite struct AppSafeguardTests {
        // MARK: - Security

        /// A TenantAdmin holds cognito-idp:AdminCreateUser on its own pool (the bootcamp's
        /// policy). The gateway believes `custom:tenant_id` from any token its pool signs, so an
        /// admin of tenant one can mint a user of their own pool that claims tenant two, and the
        /// app then serves tenant two's tenant record, products and users to them.
        @Test func aTenantAdminCannotMintATokenForAnotherTenant() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            try await client.createPartitionedProductTable()
            let planted = try await client.send("POST", "/product", ["product_id": "secret", "title": "Two's secret"], token: two.token)
            #expect(planted.status == 201)

            let forged = try await client.reviewForgedUser("eve@one.example", pool: one.pool, adminToken: one.token, claimingTenant: two.tenantId, role: "TenantAdmin")
            #expect(AppClient.claims(of: forged)["custom:tenant_id"] == .string(two.tenantId))

            let tenant = try await client.send("GET", "/tenant/\(two.tenantId)", token: forged)
            #expect(tenant.status == 401 || tenant.status == 403, "tenant one's pool got tenant two's record: \(tenant.status) \(tenant.body)")
            let products = try await client.send("GET", "/products", token: forged)
            #expect(products.status == 401 || products.status == 403, "tenant one's pool read tenant two's products: \(products.status) \(products.body)")
            let changed = try await client.send("PUT", "/tenant", ["id": .string(two.tenantId), "companyName": "Owned"], token: forged)
            #expect(changed.status == 401 || changed.status == 403, "tenant one's pool changed tenant two's record: \(changed.status) \(changed.body)")
        }

        /// The same forgery with the system tenant's id and `SystemAdmin`: the system-role check
        /// compares the token's own (forged) tenant id, not the pool that signed it.
        @Test func aTenantAdminCannotBecomeSystemAdmin() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let systemTenant = try #require(client.backend.app.systemTenantId)
            let forged = try await client.reviewForgedUser("eve@one.example", pool: one.pool, adminToken: one.token, claimingTenant: systemTenant, role: "SystemAdmin")

            let tenants = try await client.send("GET", "/tenants", token: forged)
            #expect(tenants.status == 401 || tenants.status == 403, "a tenant's pool listed every tenant: \(tenants.status)")
            let settings = try await client.send("PUT", "/admin/services/product", ["credentials": "system"], token: forged)
            #expect(settings.status == 401 || settings.status == 403, "a tenant's pool changed service settings: \(settings.status) \(settings.body)")
        }
    }
}

extension SaaSAppSuite.AppSafeguardTests {
    // MARK: - Templates

    /// A role-mapping template the identity pool refuses (here `MatchType "Equal"`) is stored
    /// with 200; with `?apply=existing` it is stored even though every tenant failed. From
    /// then on every `POST /reg` fails, including each lab's setup, so on a served backend one
    /// participant's typo zeroes everyone's Labs 1-3 until an admin DELETEs the template.
    @Test func aRoleMappingTheIdentityPoolRefusesIsNotStored() async throws {
        let client = try await AppClient.start()
        let admin = try await client.systemAdminToken()
        _ = try await client.registerTenant("one")
        var mappings = try await client.send("GET", "/admin/templates/role-mappings", token: admin).body
        mappings = JSON.parseOrNull(mappings.serialized().replacingOccurrences(of: #""Equals""#, with: #""Equal""#))
        #expect(mappings.serialized().contains(#""Equal""#))

        let applied = try await client.send("PUT", "/admin/templates/role-mappings?apply=existing", mappings, token: admin)
        let failedEverywhere = applied["applied"]?.arrayValue?.isEmpty == true && applied["failed"]?.arrayValue?.isEmpty == false
        #expect(applied.status == 400 || !failedEverywhere, "\(applied.status) \(applied.body)")
        let plain = try await client.send("PUT", "/admin/templates/role-mappings", mappings, token: admin)
        #expect((400..<500).contains(plain.status), "an invalid role mapping was accepted: \(plain.status) \(plain.body)")

        let reg = try await client.send("POST", "/reg", .object(AppClient.registration("two")))
        #expect(reg.status == 201, "registration is broken by a refused template: \(reg.body)")
    }
}

extension SaaSAppSuite.AppSafeguardTests {
    // MARK: - Gateway cache

    /// `DELETE /user/:id` removes the Cognito user and its record, but a token the gateway
    /// verified once stays in its cache until it expires (an hour), and the cache hit skips
    /// the record lookup that would now fail: the deleted user keeps using the app.
    @Test func aDeletedUsersTokenStopsWorking() async throws {
        let client = try await AppClient.start()
        let one = try await client.registerTenant("one")
        let olga = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
        #expect(try await client.send("GET", "/users", token: olga).status == 200)

        let deleted = try await client.send("DELETE", "/user/olga@one.example", token: one.token)
        #expect(deleted.status == 200, "\(deleted.body)")
        let after = try await client.send("GET", "/users", token: olga)
        #expect(after.status == 401, "a deleted user still lists the tenant's users: \(after.status)")
    }

    // MARK: - Sign-in by user name

    /// Sign-in finds a user's pool by user name through the `UserNameIndex` and takes the
    /// first record. A TenantAdmin may write its own partition of the user table (the
    /// bootcamp's policy), so it can add a record named like any other user — the system
    /// admin here — pointing at its own pool; whether sign-in then goes to the attacker's pool
    /// depends only on index order. Either sign-in of the real user breaks, or (here, checked
    /// both ways) the app must refuse the ambiguity rather than pick a pool.
    @Test func aRecordPlantedUnderAnotherUsersNameCannotBlockTheirSignIn() async throws {
        let client = try await AppClient.start()
        let one = try await client.registerTenant("one")
        let two = try await client.registerTenant("two")
        let credentials = try await client.reviewTenantCredentials(token: one.token, pool: one.pool)
        let own = try await client.send("GET", "/user/pool/admin@one.example", token: one.token)
        for victim in [SystemAdminAccount.default.userName, "admin@two.example"] {
            var item: JSONObject = [:]
            for (key, value) in own.body.objectValue ?? [:] { item[key] = ["S": value] }
            item["user_id"] = ["S": .string(victim)]
            item["userName"] = ["S": .string(victim)]
            let put = try await client.dynamoDB("PutItem", ["TableName": "UserBootcamp", "Item": .object(item)], credentials: credentials)
            #expect(put.status == 200, "the TenantAdmin role could not write its own partition: \(put.body)")
        }
        let system = try await client.signIn(SystemAdminAccount.default.userName, SystemAdminAccount.default.password)
        #expect(system.status == 200, "the system admin can no longer sign in: \(system.body)")
        let victim = try await client.signIn("admin@two.example", AppClient.newPassword)
        #expect(victim.status == 200, "tenant two's admin can no longer sign in: \(victim.body)")
        _ = two
    }

    /// A record planted in tenant one's partition under tenant two's admin's name, naming
    /// tenant two's own pool, must not stand in for the genuine record when tenant two's token
    /// is verified: only records in the claimed tenant's partition count.
    @Test func aRecordPlantedWithTheVictimsPoolCannotBlockTheirToken() async throws {
        let client = try await AppClient.start()
        let one = try await client.registerTenant("one")
        let two = try await client.registerTenant("two")
        let credentials = try await client.reviewTenantCredentials(token: one.token, pool: one.pool)
        let genuine = try await client.send("GET", "/user/pool/admin@two.example", token: two.token)
        var item: JSONObject = [:]
        for (key, value) in genuine.body.objectValue ?? [:] { item[key] = ["S": value] }
        item["tenant_id"] = ["S": .string(one.tenantId)]
        let put = try await client.dynamoDB("PutItem", ["TableName": "UserBootcamp", "Item": .object(item)], credentials: credentials)
        #expect(put.status == 200, "the TenantAdmin role could not write its own partition: \(put.body)")
        let fresh = try #require(try await client.signIn("admin@two.example", AppClient.newPassword)["token"]?.stringValue)
        let users = try await client.send("GET", "/users", token: fresh)
        #expect(users.status == 200, "tenant two's admin was locked out by a planted record: \(users.body)")
    }
}

extension SaaSAppSuite.AppSafeguardTests {
    // MARK: - Telemetry

    /// Registration names the meter's tenant before provisioning; when provisioning fails
    /// and is rolled back, the request stays metered (and logged) under a tenant id that was
    /// never created, so the system admin's billing view grows tenants that do not exist.
    @Test func aFailedRegistrationIsNotMeteredUnderATenantThatNeverExisted() async throws {
        let client = try await AppClient.start()
        let admin = try await client.systemAdminToken()
        let put = try await client.send("PUT", "/admin/templates/user-pool", [
            "PoolName": "{{tenant_id}}", "Schema": [["Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": true]],
        ], token: admin)
        #expect(put.status == 200)
        let reply = try await client.send("POST", "/reg", .object(AppClient.registration("ghost")))
        #expect(reply.status == 400, "\(reply.body)")

        let tenants = Set(try await client.tenantIds(admin: admin))
        let metering = try await client.send("GET", "/metering", token: admin)
        let metered = Set(metering["tenants"]?.objectValue?.keys ?? [])
        let phantoms = metered.subtracting(tenants).subtracting([Telemetry.anonymous])
        #expect(phantoms.isEmpty, "metered under tenants that do not exist: \(phantoms.sorted())")
    }
}

extension SaaSAppSuite.AppSafeguardTests {
    // MARK: - The outbox

    /// The outbox lets any principal with `cognito-idp:AdminGetUser` on a pool read its
    /// invitations, temporary passwords included. The bootcamp's TenantUser role has exactly
    /// that on its own pool, so an Order Manager takes the identity pool's credentials, reads the
    /// temporary password of a TenantAdmin who has not signed in yet, signs in first, sets the
    /// password, and manages users. (OutboxRoute's comment says "a tenant's session cannot".)
    @Test func aTenantUserCannotReadTemporaryPasswordsAndBecomeTenantAdmin() async throws {
        let client = try await AppClient.start()
        let one = try await client.registerTenant("one")
        let olga = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
        let invited = try await client.send("POST", "/user", [
            "userName": "boss@one.example", "firstName": "New", "lastName": "Admin", "role": "TenantAdmin",
        ], token: one.token)
        #expect(invited.status == 201, "\(invited.body)")

        let credentials = try await client.reviewTenantCredentials(token: olga, pool: one.pool)
        var request = HTTPRequest(method: "GET", target: "/_saaslab/outbox/\(one.pool)", headers: ["Host": "localhost"])
        _ = try SigV4Signer(credentials: credentials, region: "us-east-1", service: "cognito-idp").sign(&request, at: client.clock.now())
        let outbox = await client.backend.router.respond(to: request)
        #expect(outbox.status == 403, "a TenantUser's session read the pool's outbox: \(outbox.status)")

        let messages = (try? JSON.parse(bytes: outbox.body))?["Messages"]?.arrayValue ?? []
        if let temporary = messages.last(where: { $0["Username"] == "boss@one.example" })?["TemporaryPassword"]?.stringValue {
            let taken = try await client.signIn("boss@one.example", temporary, newPassword: "Tak3n-Passw0rd!")
            let token = taken["token"]?.stringValue ?? ""
            let managed = try await client.send("POST", "/user", [
                "userName": "mallory@one.example", "firstName": "Mal", "lastName": "Lory", "role": "TenantAdmin",
            ], token: token)
            #expect(managed.status != 201, "the TenantUser became a TenantAdmin through the outbox")
        }
    }
}

extension SaaSAppSuite.AppSafeguardTests {
    // MARK: - Writable custom:role

    /// The default app-client template names no `WriteAttributes`, so the client may write every
    /// mutable attribute, `custom:role` included. An invited Order Manager does their first
    /// sign-in straight against the user pool (the client id is the `aud` of any token of the
    /// tenant, and `/reg` answers it) and answers NEW_PASSWORD_REQUIRED with
    /// `userAttributes.custom:role = TenantAdmin`: the gateway then believes TenantAdmin and the
    /// identity pool maps them to the TenantAdmin role. Authorization attributes must not be
    /// client-writable (WriteAttributes without custom:role/custom:tenant_id/custom:tier).
    @Test func anInvitedTenantUserCannotMakeThemselvesTenantAdminAtFirstSignIn() async throws {
        let client = try await AppClient.start()
        let one = try await client.registerTenant("one")
        let added = try await client.send("POST", "/user", [
            "userName": "olga@one.example", "firstName": "Olga", "lastName": "Orders", "role": "TenantUser",
        ], token: one.token)
        #expect(added.status == 201, "\(added.body)")
        let clientId = try #require(AppClient.claims(of: one.token)["aud"]?.stringValue)
        let temporary = try #require(try await client.temporaryPassword(pool: one.pool, userName: "olga@one.example"))

        let started = try await client.cognitoUnsigned("InitiateAuth", [
            "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": .string(clientId),
            "AuthParameters": ["USERNAME": "olga@one.example", "PASSWORD": .string(temporary)],
        ])
        #expect(started["ChallengeName"] == "NEW_PASSWORD_REQUIRED", "\(started.body)")
        let answered = try await client.cognitoUnsigned("RespondToAuthChallenge", [
            "ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": .string(clientId), "Session": started["Session"] ?? .null,
            "ChallengeResponses": [
                "USERNAME": "olga@one.example", "NEW_PASSWORD": "Olga-Passw0rd!", "userAttributes.custom:role": "TenantAdmin",
            ],
        ])
        let token = answered["AuthenticationResult"]?["IdToken"]?.stringValue ?? ""
        let role = AppClient.claims(of: token)["custom:role"]?.stringValue
        #expect(role != "TenantAdmin", "the TenantUser wrote custom:role = TenantAdmin into their own token")
        let managed = try await client.send("POST", "/user", [
            "userName": "mallory@one.example", "firstName": "Mal", "lastName": "Lory", "role": "TenantAdmin",
        ], token: token)
        #expect(managed.status != 201, "an invited TenantUser created a TenantAdmin")
    }
}
