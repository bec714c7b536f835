import Core
import Foundation
import Testing

extension SaaSAppSuite {
    /// `POST /reg`: validation, the resources one registration provisions (as the bootcamp's
    /// reference describes them), and all-or-nothing rollback when a step fails.
    @Suite struct RegistrationTests {
        static let requiredFields = ["userName", "companyName", "email", "firstName", "lastName"]

        static func isHexTenantId(_ id: String) -> Bool {
            id.hasPrefix("TENANT") && id.count == 38 && id.dropFirst(6).allSatisfy { "0123456789abcdef".contains($0) }
        }

        @Test func eachMissingRequiredFieldIs400NamingIt() async throws {
            let client = try await AppClient.start()
            for field in Self.requiredFields {
                var body = AppClient.registration("one")
                _ = body.removeValue(forKey: field)
                let reply = try await client.send("POST", "/reg", .object(body))
                #expect(reply.status == 400, "\(field)")
                #expect(reply["error"] == "BadRequest")
                #expect(reply["message"] == .string("the body needs \"\(field)\""), "\(field): \(reply.body)")
                var empty = AppClient.registration("one")
                empty[field] = ""
                let blank = try await client.send("POST", "/reg", .object(empty))
                #expect(blank.status == 400 && blank["message"]?.stringValue?.contains("\"\(field)\" must be a non-empty string") == true, "\(field): \(blank.body)")
            }
            // None of the refused attempts left anything behind.
            let admin = try await client.systemAdminToken()
            #expect(try await client.tenantIds(admin: admin).count == 1)
        }

        @Test func optionalFieldsDefault() async throws {
            let client = try await AppClient.start()
            var body = AppClient.registration("one")
            for field in ["tier", "accountName", "ownerName"] { _ = body.removeValue(forKey: field) }
            let reg = try await client.send("POST", "/reg", .object(body))
            #expect(reg.status == 201, "\(reg.body)")
            #expect(reg["tier"] == "Standard")
            let admin = try await client.systemAdminToken()
            let tenant = try await client.send("GET", "/tenant/\(try #require(reg["id"]?.stringValue))", token: admin)
            #expect(tenant["tier"] == "Standard")
            #expect(tenant["accountName"] == "one Inc")
            #expect(tenant["ownerName"] == "Ada one")
        }

        @Test func malformedBodiesAre400() async throws {
            let client = try await AppClient.start()
            let broken = try await client.sendRaw("POST", "/reg", text: "{\n  \"companyName\": \"Acme\",\n  \"userName\" \"ada\"\n}")
            #expect(broken.status == 400)
            #expect(broken["error"] == "BadRequest")
            let message = try #require(broken["message"]?.stringValue)
            #expect(message.hasPrefix("the body of POST /reg is not valid JSON: line 3, column "), "\(message)")
            let trailing = try await client.sendRaw("POST", "/reg", text: "{\"a\": 1,}")
            #expect(trailing.status == 400 && trailing["message"]?.stringValue?.contains("line 1, column") == true, "\(trailing.body)")
            let array = try await client.sendRaw("POST", "/reg", text: "[1, 2]")
            #expect(array.status == 400)
            #expect(array["message"] == "the body of POST /reg must be a JSON object, not array", "\(array.body)")
            let empty = try await client.sendRaw("POST", "/reg", text: nil)
            #expect(empty.status == 400 && empty["message"] == "POST /reg needs a JSON object body", "\(empty.body)")
        }

        @Test func duplicateUserNameIs409() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            var again = AppClient.registration("two")
            again["userName"] = "admin@one.example"
            let before = try await client.footprint()
            let reply = try await client.send("POST", "/reg", .object(again))
            #expect(reply.status == 409)
            #expect(reply["error"] == "UsernameExistsException")
            #expect(reply["message"] == "the user name 'admin@one.example' is already registered; choose another", "\(reply.body)")
            #expect(try await client.footprint() == before)
            // The system admin's user name is taken too.
            var system = AppClient.registration("three")
            system["userName"] = "admin"
            #expect(try await client.send("POST", "/reg", .object(system)).status == 409)
            _ = one
        }

        @Test func responseAndTenantRecordMatchTheReference() async throws {
            let client = try await AppClient.start()
            let reg = try await client.send("POST", "/reg", .object(AppClient.registration("one")))
            #expect(reg.status == 201)
            let id = try #require(reg["id"]?.stringValue)
            #expect(Self.isHexTenantId(id), "\(id)")
            #expect(reg["company"] == "one Inc")
            #expect(reg["tier"] == "Advanced")
            #expect(reg["status"] == "Active")
            #expect(reg["userName"] == "admin@one.example")
            let pool = try #require(reg["userPoolId"]?.stringValue)
            let identityPool = try #require(reg["identityPoolId"]?.stringValue)
            let clientId = try #require(reg["clientId"]?.stringValue)
            #expect(pool.hasPrefix("us-east-1_"))
            #expect(identityPool.hasPrefix("us-east-1:"))

            let admin = try await client.systemAdminToken()
            let tenant = try await client.send("GET", "/tenant/\(id)", token: admin)
            #expect(tenant.status == 200)
            let expected: JSON = [
                "tenant_id": .string(id), "companyName": "one Inc", "accountName": "one", "ownerName": "Owner one", "tier": "Advanced",
                "email": "admin@one.example", "status": "Active", "UserPoolId": .string(pool), "IdentityPoolId": .string(identityPool),
                "ClientId": .string(clientId), "systemAdminRole": .string("\(id)-TenantAdmin"), "systemSupportRole": .string("\(id)-TenantUser"),
                "trustRole": .string("\(id)-Trust"), "userName": "admin@one.example",
            ]
            #expect(tenant.body.objectValue?.sortedByKey() == expected.objectValue?.sortedByKey(), "\(tenant.body)")

            // Two registrations get two different ids.
            let two = try await client.send("POST", "/reg", .object(AppClient.registration("two")))
            let second = try #require(two["id"]?.stringValue)
            #expect(Self.isHexTenantId(second) && second != id)
        }

        @Test func adminUserAndRecordMatchTheReference() async throws {
            let client = try await AppClient.start()
            let reg = try await client.send("POST", "/reg", .object(AppClient.registration("one")))
            let id = try #require(reg["id"]?.stringValue)
            let pool = try #require(reg["userPoolId"]?.stringValue)
            let user = try await client.cognitoUser(pool: pool, userName: "admin@one.example")
            #expect(user.status == "FORCE_CHANGE_PASSWORD")
            #expect(user.enabled == true)
            #expect(user.attributes["custom:tenant_id"] == id)
            #expect(user.attributes["custom:role"] == "TenantAdmin")
            #expect(user.attributes["custom:tier"] == "Advanced")
            #expect(user.attributes["custom:company_name"] == "one Inc")
            #expect(user.attributes["custom:account_name"] == "one")
            #expect(user.attributes["email"] == "admin@one.example")
            #expect(user.attributes["given_name"] == "Ada")
            #expect(user.attributes["family_name"] == "one")
            let sub = try #require(user.attributes["sub"])

            // The user record sign-in uses to find the pool.
            let records = try await client.scanTable("UserBootcamp").filter { $0["user_id"]?["S"] == "admin@one.example" }
            #expect(records.count == 1)
            let record = try #require(records.first)
            #expect(record["tenant_id"]?["S"] == .string(id))
            #expect(record["userName"]?["S"] == "admin@one.example")
            #expect(record["role"]?["S"] == "TenantAdmin")
            #expect(record["userPoolId"]?["S"] == .string(pool))
            #expect(record["IdentityPoolId"]?["S"] == reg["identityPoolId"])
            #expect(record["client_id"]?["S"] == reg["clientId"])
            #expect(record["sub"]?["S"] == .string(sub))
            #expect(record["tier"]?["S"] == "Advanced")
        }

        @Test func identityResourcesMatchTheReference() async throws {
            let client = try await AppClient.start()
            let reg = try await client.send("POST", "/reg", .object(AppClient.registration("one")))
            let id = try #require(reg["id"]?.stringValue)
            let pool = try #require(reg["userPoolId"]?.stringValue)
            let identityPool = try #require(reg["identityPoolId"]?.stringValue)
            let clientId = try #require(reg["clientId"]?.stringValue)

            let described = try await client.cognito("DescribeUserPool", ["UserPoolId": .string(pool)])
            #expect(described.status == 200, "\(described.body)")
            let userPool = try #require(described["UserPool"])
            #expect(userPool["Name"] == .string(id))
            let policy = userPool["Policies"]?["PasswordPolicy"]
            #expect(policy?["MinimumLength"]?.intValue == 8)
            for rule in ["RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"] {
                #expect(policy?[rule] == true, "\(rule)")
            }
            #expect(userPool["AdminCreateUserConfig"]?["AllowAdminCreateUserOnly"] == true)
            let schema = (userPool["SchemaAttributes"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue }
            for attribute in ["custom:tenant_id", "custom:tier", "custom:company_name", "custom:role", "custom:account_name"] {
                #expect(schema.contains(attribute), "\(attribute) in \(schema)")
            }
            let tenantIdAttribute = (userPool["SchemaAttributes"]?.arrayValue ?? []).first { $0["Name"] == "custom:tenant_id" }
            #expect(tenantIdAttribute?["Mutable"] == false)

            let identity = try await client.cognitoIdentity("DescribeIdentityPool", ["IdentityPoolId": .string(identityPool)])
            #expect(identity.status == 200, "\(identity.body)")
            #expect(identity["AllowUnauthenticatedIdentities"] == false)
            #expect(identity["CognitoIdentityProviders"]?[0]?["ClientId"] == .string(clientId))
            #expect(identity["CognitoIdentityProviders"]?[0]?["ProviderName"] == .string("cognito-idp.us-east-1.amazonaws.com/\(pool)"))

            let roles = try await client.cognitoIdentity("GetIdentityPoolRoles", ["IdentityPoolId": .string(identityPool)])
            #expect(roles.status == 200, "\(roles.body)")
            #expect(roles["Roles"]?["authenticated"] == .string("arn:aws:iam::123456789012:role/\(id)-Trust"))
            let mapping = roles["RoleMappings"]?["cognito-idp.us-east-1.amazonaws.com/\(pool):\(clientId)"]
            #expect(mapping?["Type"] == "Rules")
            #expect(mapping?["AmbiguousRoleResolution"] == "Deny")
            let rules = mapping?["RulesConfiguration"]?["Rules"]?.arrayValue ?? []
            #expect(rules.count == 2)
            #expect(rules.contains { $0["Claim"] == "custom:role" && $0["MatchType"] == "Equals" && $0["Value"] == "TenantAdmin"
                && $0["RoleARN"] == .string("arn:aws:iam::123456789012:role/\(id)-TenantAdmin") })
            #expect(rules.contains { $0["Claim"] == "custom:role" && $0["Value"] == "TenantUser"
                && $0["RoleARN"] == .string("arn:aws:iam::123456789012:role/\(id)-TenantUser") })

            let roleNames = try await client.roleNames()
            for suffix in ["TenantAdmin", "TenantUser", "Trust"] {
                #expect(roleNames.contains("\(id)-\(suffix)"), "\(suffix)")
            }
            let trust = try await client.query("iam", "GetRole", [("RoleName", "\(id)-TenantAdmin")])
            let trustText = (Self.xmlText(trust.text, "AssumeRolePolicyDocument").removingPercentEncoding) ?? ""
            #expect(trustText.contains("cognito-identity.amazonaws.com"), "\(trust.text)")
            #expect(trustText.contains("sts:AssumeRoleWithWebIdentity"))
            #expect(trustText.contains(identityPool))
            #expect(trustText.contains("authenticated"))

            // The product statement has no LeadingKeys condition (the Lab 3 exercise); user and order do.
            let adminPolicy = try await client.query("iam", "GetRolePolicy", [("RoleName", "\(id)-TenantAdmin"), ("PolicyName", "TenantAdminPolicy")])
            #expect(adminPolicy.status == 200, "\(adminPolicy.text)")
            let document = try JSON.parse(Self.xmlText(adminPolicy.text, "PolicyDocument").removingPercentEncoding ?? "")
            let statements = document["Statement"]?.arrayValue ?? []
            func statement(_ sid: String) -> JSON? { statements.first { $0["Sid"] == .string(sid) } }
            let leading: JSON = ["ForAllValues:StringEquals": ["dynamodb:LeadingKeys": [.string(id)]]]
            #expect(statement("TenantAdminUserTable")?["Condition"] == leading)
            #expect(statement("TenantAdminOrderTable")?["Condition"] == leading)
            #expect(statement("TenantAdminProductTable") != nil)
            #expect(statement("TenantAdminProductTable")?["Condition"] == nil)
            #expect(statement("TenantAdminUserPool")?["Resource"] == .string("arn:aws:cognito-idp:us-east-1:123456789012:userpool/\(pool)"))
        }

        /// An XML element's text with the entities AWS escapes decoded.
        static func xmlText(_ text: String, _ name: String) -> String {
            (AppClient.elements(name, in: text).first ?? "")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        }

        // MARK: - Rollback

        @Test func failedAdminCreationRollsEverythingBack() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            _ = try await client.registerTenant("one")
            let template: JSON = [
                "PoolName": "{{tenant_id}}",
                "Schema": [["Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": true]],
            ]
            let put = try await client.send("PUT", "/admin/templates/user-pool", template, token: admin)
            #expect(put.status == 200, "\(put.body)")
            let before = try await client.footprint()

            let reply = try await client.send("POST", "/reg", .object(AppClient.registration("two")))
            #expect(reply.status == 400, "\(reply.body)")
            #expect(reply["error"]?.stringValue?.hasSuffix("Exception") == true, "\(reply.body)")
            #expect(reply["message"]?.stringValue?.contains("custom:") == true, "\(reply.body)")
            #expect(reply["id"] == nil)

            let after = try await client.footprint()
            #expect(after == before, "before: \(before), after: \(after)")
            #expect(try await client.tenantIds(admin: admin).count == 2)

            // With the default restored, the same user name registers: nothing was left to block it.
            #expect(try await client.send("DELETE", "/admin/templates/user-pool", token: admin).status == 200)
            let retried = try await client.send("POST", "/reg", .object(AppClient.registration("two")))
            #expect(retried.status == 201, "\(retried.body)")
        }

        @Test func failedRoleMappingRollsBackPoolsRolesAndRecords() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            _ = try await client.registerTenant("one")
            var mappings = try await client.send("GET", "/admin/templates/role-mappings", token: admin).body
            // A rule whose claim value is longer than Cognito allows (128): the identity pool
            // refuses the mapping, after the pools and all three roles exist.
            mappings = JSON.parseOrNull(mappings.serialized().replacingOccurrences(of: #""TenantUser""#, with: "\"\(String(repeating: "U", count: 129))\""))
            #expect(mappings.serialized().contains(String(repeating: "U", count: 129)))
            let put = try await client.send("PUT", "/admin/templates/role-mappings", mappings, token: admin)
            #expect(put.status == 200, "\(put.body)")
            let before = try await client.footprint()

            let reply = try await client.send("POST", "/reg", .object(AppClient.registration("two")))
            #expect(reply.status == 400, "\(reply.body)")
            #expect(reply["message"]?.stringValue?.hasPrefix("registration could not set the identity pool's roles") == true, "\(reply.body)")
            let after = try await client.footprint()
            #expect(after == before, "before: \(before), after: \(after)")
            #expect(!after.roles.contains { $0.hasSuffix("-Trust") && !before.roles.contains($0) })

            #expect(try await client.send("DELETE", "/admin/templates/role-mappings", token: admin).status == 200)
            #expect(try await client.send("POST", "/reg", .object(AppClient.registration("two"))).status == 201)
        }

        /// A mapping to a role the app may not pass (outside `TENANT*`) is refused by the platform
        /// with NotAuthorizedException. The registration caller sent no token and needs none, so the
        /// answer must be a 4xx that does not ask them to authenticate (not 401 + WWW-Authenticate).
        @Test func roleMappingToARoleTheAppMayNotPassIsOneClear4xx() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            var mappings = try await client.send("GET", "/admin/templates/role-mappings", token: admin).body
            mappings = JSON.parseOrNull(mappings.serialized().replacingOccurrences(of: "{{tenant_user_role_arn}}", with: "arn:aws:iam::123456789012:role/NoSuchRole"))
            #expect(try await client.send("PUT", "/admin/templates/role-mappings", mappings, token: admin).status == 200)
            let before = try await client.footprint()

            let reply = try await client.send("POST", "/reg", .object(AppClient.registration("two")))
            #expect((400..<500).contains(reply.status), "\(reply.body)")
            #expect(reply.status != 401, "a refused provisioning step is not the caller's failure to authenticate: \(reply.body)")
            #expect(reply.response.headers["WWW-Authenticate"] == nil)
            #expect(reply["message"]?.stringValue?.contains("NoSuchRole") == true, "\(reply.body)")
            #expect(try await client.footprint() == before)
        }
    }
}

extension JSON {
    static func parseOrNull(_ text: String) -> JSON { (try? JSON.parse(text)) ?? .null }
}
