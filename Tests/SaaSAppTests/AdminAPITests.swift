import Core
import Foundation
import Testing

extension SaaSAppSuite {
    /// The admin API's templates: listing, reading, checked replacement, applying to existing
    /// tenants, and restoring the defaults.
    @Suite struct AdminAPITests {
        static let templateNames = ["user-pool", "app-client", "identity-pool", "tenant-admin-policy", "tenant-user-policy", "role-mappings", "principal-tags"]

        @Test func listsEveryTemplateWithItsPlaceholders() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let listed = try await client.send("GET", "/admin/templates", token: admin)
            #expect(listed.status == 200)
            let templates = listed["templates"]?.arrayValue ?? []
            #expect(templates.compactMap { $0["name"]?.stringValue } == Self.templateNames)
            #expect(templates.allSatisfy { $0["default"] == true })
            func entry(_ name: String) -> JSON? { templates.first { $0["name"] == .string(name) } }
            #expect(entry("user-pool")?["appliesToExistingTenants"] == false)
            #expect(entry("tenant-admin-policy")?["appliesToExistingTenants"] == true)
            let userPoolPlaceholders = entry("user-pool")?["placeholders"]?.arrayValue ?? []
            #expect(userPoolPlaceholders.contains("{{tenant_id}}") && !userPoolPlaceholders.contains("{{user_pool_id}}"))
            #expect(entry("role-mappings")?["placeholders"]?.arrayValue?.contains("{{tenant_admin_role_arn}}") == true)

            let pool = try await client.send("GET", "/admin/templates/user-pool", token: admin)
            #expect(pool.status == 200)
            #expect(pool["PoolName"] == "{{tenant_id}}")
            #expect(pool["AdminCreateUserConfig"]?["AllowAdminCreateUserOnly"] == true)
        }

        @Test func unknownTemplateIs404WithDidYouMean() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            for method in ["GET", "PUT", "DELETE"] {
                let reply = try await client.send(method, "/admin/templates/user-pol", method == "PUT" ? ["PoolName": "x"] : nil, token: admin)
                #expect(reply.status == 404, "\(method)")
                #expect(reply["error"] == "NotFound")
                let message = try #require(reply["message"]?.stringValue)
                #expect(message.hasPrefix("no template 'user-pol'; did you mean 'user-pool'?"), "\(message)")
                #expect(message.contains("Templates: " + Self.templateNames.joined(separator: ", ")), "\(message)")
            }
            let far = try await client.send("GET", "/admin/templates/zzzzzzzzzzzz", token: admin)
            #expect(far.status == 404 && far["message"]?.stringValue?.contains("did you mean") == false, "\(far.body)")
        }

        @Test func unknownPlaceholderIs400WithDidYouMean() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let reply = try await client.send("PUT", "/admin/templates/user-pool", ["PoolName": "{{tenant_idd}}"], token: admin)
            #expect(reply.status == 400)
            #expect(reply["error"] == "BadRequest")
            let message = try #require(reply["message"]?.stringValue)
            #expect(message.hasPrefix("template user-pool uses {{tenant_idd}}, which is not known when it is applied; did you mean {{tenant_id}}?"), "\(message)")
            #expect(message.contains("It may use: {{tenant_id}}, {{region}}"), "\(message)")
            // A placeholder that exists, but only later, is refused for a template used earlier.
            let early = try await client.send("PUT", "/admin/templates/user-pool", ["PoolName": "{{client_id}}"], token: admin)
            #expect(early.status == 400 && early["message"]?.stringValue?.contains("uses {{client_id}}, which is not known") == true, "\(early.body)")
            // Placeholders in member names are checked too.
            let inKey = try await client.send("PUT", "/admin/templates/role-mappings", ["RoleMappings": ["{{provider_nam}}:{{client_id}}": ["Type": "Token"]]], token: admin)
            #expect(inKey.status == 400 && inKey["message"]?.stringValue?.contains("did you mean {{provider_name}}?") == true, "\(inKey.body)")
            // Nothing was stored.
            #expect(try await client.send("GET", "/admin/templates/user-pool", token: admin)["PoolName"] == "{{tenant_id}}")
            let listed = try await client.send("GET", "/admin/templates", token: admin)
            #expect(listed["templates"]?.arrayValue?.allSatisfy { $0["default"] == true } == true)
        }

        /// `{{ tenant_id }}` passes the placeholder check (names are trimmed there), so it must
        /// also be filled in when the template is used: otherwise it reaches AWS literally.
        @Test func aPlaceholderThatPassesValidationIsRendered() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            var template = try #require(try await client.send("GET", "/admin/templates/user-pool", token: admin).body.objectValue)
            template["PoolName"] = "pool-{{ tenant_id }}"
            let put = try await client.send("PUT", "/admin/templates/user-pool", .object(template), token: admin)
            guard put.status == 200 else {
                #expect(put.status == 400, "\(put.body)")
                return
            }
            let reg = try await client.send("POST", "/reg", .object(AppClient.registration("one")))
            #expect(reg.status == 201, "\(reg.body)")
            let id = try #require(reg["id"]?.stringValue)
            let described = try await client.cognito("DescribeUserPool", ["UserPoolId": .string(try #require(reg["userPoolId"]?.stringValue))])
            #expect(described["UserPool"]?["Name"] == .string("pool-\(id)"), "\(described["UserPool"]?["Name"] ?? .null)")
        }

        @Test func invalidPolicyTemplateIs400MalformedPolicyDocument() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let notAPolicy = try await client.send("PUT", "/admin/templates/tenant-admin-policy", [
                "Version": "2012-10-17", "Statement": [["Effect": "Permit", "Action": "dynamodb:GetItem", "Resource": "{{product_table_arn}}"]],
            ], token: admin)
            #expect(notAPolicy.status == 400)
            #expect(notAPolicy["error"] == "MalformedPolicyDocument", "\(notAPolicy.body)")
            #expect(notAPolicy["message"]?.stringValue?.hasPrefix("the policy template is not a valid IAM policy: ") == true, "\(notAPolicy.body)")
            let noStatement = try await client.send("PUT", "/admin/templates/tenant-user-policy", ["Version": "2012-10-17"], token: admin)
            #expect(noStatement.status == 400 && noStatement["error"] == "MalformedPolicyDocument", "\(noStatement.body)")
            // The defaults are still in force.
            let listed = try await client.send("GET", "/admin/templates", token: admin)
            #expect(listed["templates"]?.arrayValue?.allSatisfy { $0["default"] == true } == true)
        }

        @Test func aPolicyWithVariablesButNoVersionIsStoredWithAWarning() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            try await client.createPartitionedProductTable()
            let created = try await client.send("POST", "/product", ["product_id": "p1", "title": "One's widget"], token: one.token)
            #expect(created.status == 201, "\(created.body)")
            var statement: JSONObject = [
                "Sid": "Products", "Effect": "Allow", "Action": ["dynamodb:Query", "dynamodb:GetItem"], "Resource": "{{product_table_arn}}",
                "Condition": ["ForAllValues:StringEquals": ["dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]]],
            ]
            // IAM accepts it, so it is stored; the answer says what IAM will do with the variable.
            let put = try await client.send("PUT", "/admin/templates/tenant-admin-policy?apply=existing", ["Statement": [.object(statement)]], token: admin)
            #expect(put.status == 200, "\(put.body)")
            #expect(put["applied"] == [.string(one.tenantId)])
            #expect(put["warnings"] == [.string(
                #"the policy has no "Version", so IAM will leave ${aws:PrincipalTag/tenant_id} as written and compare the text itself: "#
                    + #"policy variables are substituted only under "Version": "2012-10-17""#)], "\(put.body)")

            // The refusal it causes says the same, in IAM's explanation.
            _ = try await client.send("PUT", "/admin/services/product", ["credentials": "tenant"], token: admin)
            let refused = try await client.send("GET", "/products", token: one.token)
            #expect(refused.status == 403 && refused["error"] == "AccessDeniedException", "\(refused.body)")
            #expect(refused["explanation"]?.stringValue?.hasSuffix(
                #"not within [${aws:PrincipalTag/tenant_id}] (the policy has no "Version": "2012-10-17", so IAM left ${aws:PrincipalTag/tenant_id} as written)"#
            ) == true, "\(refused.body)")

            // With "2008-10-17" the warning names it; with the current version there is none, and
            // the tenant's own products come back.
            let old = try await client.send("PUT", "/admin/templates/tenant-admin-policy", ["Version": "2008-10-17", "Statement": [.object(statement)]], token: admin)
            #expect(old["warnings"]?.arrayValue?.first?.stringValue?.hasPrefix(#"the policy has "Version": "2008-10-17", so IAM will leave"#) == true, "\(old.body)")
            statement["Resource"] = ["{{product_table_arn}}"]
            let current = try await client.send("PUT", "/admin/templates/tenant-admin-policy?apply=existing", ["Version": "2012-10-17", "Statement": [.object(statement)]], token: admin)
            #expect(current.status == 200 && current["warnings"] == [], "\(current.body)")
            let own = try await client.send("GET", "/products", token: one.token)
            #expect(own.status == 200 && own.body.arrayValue?.count == 1, "\(own.body)")
            // Any other template's answer has no warnings either.
            let pool = try await client.send("GET", "/admin/templates/user-pool", token: admin)
            #expect(try await client.send("PUT", "/admin/templates/user-pool", pool.body, token: admin)["warnings"] == [])
        }

        @Test func applyExistingIsOnlyForTemplatesThatCanChangeExistingTenants() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let pool = try await client.send("GET", "/admin/templates/user-pool", token: admin)
            for name in ["user-pool", "app-client", "identity-pool"] {
                let document = try await client.send("GET", "/admin/templates/\(name)", token: admin).body
                let reply = try await client.send("PUT", "/admin/templates/\(name)?apply=existing", document, token: admin)
                #expect(reply.status == 400, "\(name)")
                #expect(reply["message"] == .string("template \(name) shapes new tenants only; existing tenants' pools are not rebuilt, so leave out ?apply=existing"), "\(reply.body)")
            }
            let bogus = try await client.send("PUT", "/admin/templates/user-pool?apply=all", pool.body, token: admin)
            #expect(bogus.status == 400 && bogus["message"] == "apply must be 'existing' (apply to every registered tenant) or left out", "\(bogus.body)")
            let listed = try await client.send("GET", "/admin/templates", token: admin)
            #expect(listed["templates"]?.arrayValue?.allSatisfy { $0["default"] == true } == true)
        }

        @Test func applyExistingRewritesEveryTenantsPolicy() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            let policy: JSON = [
                "Version": "2012-10-17",
                "Statement": [["Sid": "OnlyOrders", "Effect": "Allow", "Action": "dynamodb:Query", "Resource": "{{order_table_arn}}",
                               "Condition": ["ForAllValues:StringEquals": ["dynamodb:LeadingKeys": ["{{tenant_id}}"]]]]],
            ]
            let reply = try await client.send("PUT", "/admin/templates/tenant-user-policy?apply=existing", policy, token: admin)
            #expect(reply.status == 200, "\(reply.body)")
            #expect(reply["template"] == "tenant-user-policy")
            #expect(reply["document"] == policy)
            #expect(reply["applied"]?.arrayValue?.compactMap(\.stringValue) == [one.tenantId, two.tenantId].sorted())
            #expect(reply["failed"] == [])
            for tenant in [one.tenantId, two.tenantId] {
                let stored = try await client.query("iam", "GetRolePolicy", [("RoleName", "\(tenant)-TenantUser"), ("PolicyName", "TenantUserPolicy")])
                let text = RegistrationTests.xmlText(stored.text, "PolicyDocument").removingPercentEncoding ?? ""
                #expect(text.contains("OnlyOrders") && text.contains(tenant) && !text.contains("{{"), "\(text)")
            }
            let listed = try await client.send("GET", "/admin/templates", token: admin)
            #expect(listed["templates"]?.arrayValue?.first { $0["name"] == "tenant-user-policy" }?["default"] == false)
        }

        @Test func deleteRestoresTheDefault() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let original = try await client.send("GET", "/admin/templates/app-client", token: admin)
            let changed: JSON = ["UserPoolId": "{{user_pool_id}}", "ClientName": "custom-{{tenant_id}}", "GenerateSecret": false,
                                 "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]]
            let put = try await client.send("PUT", "/admin/templates/app-client", changed, token: admin)
            #expect(put.status == 200)
            #expect(put["applied"] == [] && put["failed"] == [])
            #expect(try await client.send("GET", "/admin/templates/app-client", token: admin).body == changed)
            var listed = try await client.send("GET", "/admin/templates", token: admin)
            #expect(listed["templates"]?.arrayValue?.first { $0["name"] == "app-client" }?["default"] == false)

            // New tenants use the changed template.
            let reg = try await client.send("POST", "/reg", .object(AppClient.registration("one")))
            let id = try #require(reg["id"]?.stringValue)
            let described = try await client.cognito("DescribeUserPoolClient", [
                "UserPoolId": .string(try #require(reg["userPoolId"]?.stringValue)), "ClientId": .string(try #require(reg["clientId"]?.stringValue)),
            ])
            #expect(described["UserPoolClient"]?["ClientName"] == .string("custom-\(id)"), "\(described.body)")

            let restored = try await client.send("DELETE", "/admin/templates/app-client", token: admin)
            #expect(restored.status == 200)
            #expect(restored.body == original.body)
            #expect(try await client.send("GET", "/admin/templates/app-client", token: admin).body == original.body)
            listed = try await client.send("GET", "/admin/templates", token: admin)
            #expect(listed["templates"]?.arrayValue?.allSatisfy { $0["default"] == true } == true)
        }

        @Test func templateBodiesMustBeJSONObjects() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let array = try await client.sendRaw("PUT", "/admin/templates/user-pool", text: "[]", authorization: "Bearer \(admin)")
            #expect(array.status == 400 && array["message"] == "the body of PUT /admin/templates/user-pool must be a JSON object, not array", "\(array.body)")
            let broken = try await client.sendRaw("PUT", "/admin/templates/user-pool", text: "{\"PoolName\": }", authorization: "Bearer \(admin)")
            #expect(broken.status == 400 && broken["message"]?.stringValue?.contains("is not valid JSON: line 1, column") == true, "\(broken.body)")
        }
    }
}

extension SaaSAppSuite.AdminAPITests {
    @Test func aTemplateThePlatformRefusesWhenAppliedSaysItWasBeingApplied() async throws {
        let client = try await AppClient.start()
        let admin = try await client.systemAdminToken()
        let one = try await client.registerTenant("one")
        var mappings = try await client.send("GET", "/admin/templates/role-mappings", token: admin).body
        let broken = mappings.serialized().replacingOccurrences(of: "{{tenant_admin_role_arn}}", with: "not-an-arn")
        mappings = try JSON.parse(bytes: Array(broken.utf8))
        let reply = try await client.send("PUT", "/admin/templates/role-mappings?apply=existing", mappings, token: admin)
        #expect(reply.status == 400, "\(reply.body)")
        let message = reply["message"]?.stringValue ?? ""
        #expect(message.hasPrefix(
            "template role-mappings was not stored: the platform refused it for tenant \(one.tenantId): applying template role-mappings could not set the identity pool's roles: "
        ), "\(message)")
        #expect(!message.contains("registration"))
    }
}

extension SaaSAppSuite.AdminAPITests {
    /// A policy template is held to IAM's quota on a role's inline policies when it is put:
    /// one rendering to exactly 10,240 characters is applied to a real tenant, one character
    /// more is refused and not stored.
    @Test func aPolicyTemplateTooLargeForIAMIsRefusedWhenPut() async throws {
        let client = try await AppClient.start()
        let admin = try await client.systemAdminToken()
        let one = try await client.registerTenant("one")
        func policy(renderedSize: Int) -> JSON {
            func template(_ sid: String) -> JSON {
                ["Version": "2012-10-17", "Statement": [[
                    "Sid": .string(sid), "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*",
                    "Condition": ["ForAllValues:StringEquals": ["dynamodb:LeadingKeys": ["{{tenant_id}}"]]],
                ]]]
            }
            let rendered = template("").serialized().replacingOccurrences(of: "{{tenant_id}}", with: one.tenantId)
            return template(String(repeating: "S", count: renderedSize - rendered.count))
        }
        let atTheQuota = try await client.send("PUT", "/admin/templates/tenant-user-policy?apply=existing", policy(renderedSize: 10_240), token: admin)
        #expect(atTheQuota.status == 200 && atTheQuota["applied"] == [.string(one.tenantId)], "\(atTheQuota.body)")
        let over = try await client.send("PUT", "/admin/templates/tenant-user-policy?apply=existing", policy(renderedSize: 10_241), token: admin)
        #expect(over.status == 400 && over["error"] == "LimitExceeded", "\(over.body)")
        #expect(over["message"] == .string(
            "the policy template is too large for IAM: rendered for a tenant it is 10241 characters without whitespace, and IAM allows a role's inline policies 10240 together"
        ))
        #expect(try await client.send("GET", "/admin/templates/tenant-user-policy", token: admin).body == policy(renderedSize: 10_240))
    }
}
