import Core
import Testing

extension SaaSAppSuite {
    /// The whole story the SaaS app exists to tell, in-process: two tenants onboard, partition
    /// their data, leak it through an injected tenant id under the service's own credentials,
    /// and stop the leak with tenant-scoped credentials and a LeadingKeys policy.
    @Suite struct MustShowTests {
        static let leadingKeysProductStatement: JSON = [
            "Sid": "TenantAdminProductTable", "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                       "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable", "dynamodb:CreateTable"],
            "Resource": ["{{product_table_arn}}", "{{product_table_arn}}/index/*"],
            "Condition": ["ForAllValues:StringEquals": ["dynamodb:LeadingKeys": ["{{tenant_id}}"]]],
        ]

        /// The default TenantAdmin policy template with the product statement made tenant-scoped.
        static func scopedAdminPolicy(_ client: AppClient, admin: String) async throws -> JSON {
            let current = try await client.send("GET", "/admin/templates/tenant-admin-policy", token: admin)
            guard var policy = current.body.objectValue, let statements = policy["Statement"]?.arrayValue else { return .null }
            policy["Statement"] = .array(statements.map { $0["Sid"]?.stringValue == "TenantAdminProductTable" ? leadingKeysProductStatement : $0 })
            return .object(policy)
        }

        @Test func onboardingFirstSignInAndAUserWhoCannotManageUsers() async throws {
            let client = try await AppClient.start()
            let reg = try await client.send("POST", "/reg", [
                "companyName": "Acme", "accountName": "acme", "ownerName": "Ada", "tier": "Advanced",
                "email": "ada@acme.example", "userName": "ada@acme.example", "firstName": "Ada", "lastName": "Lovelace",
            ])
            #expect(reg.status == 201)
            let tenantId = try #require(reg["id"]?.stringValue)
            #expect(tenantId.hasPrefix("TENANT") && tenantId.count == 38)
            #expect(reg["status"] == "Active")
            let pool = try #require(reg["userPoolId"]?.stringValue)
            let temporary = try #require(try await client.temporaryPassword(pool: pool, userName: "ada@acme.example"))

            let first = try await client.send("POST", "/auth", ["userName": "ada@acme.example", "password": .string(temporary)])
            #expect(first.status == 200)
            #expect(first.body == ["newPasswordRequired": true])
            let completed = try await client.send("POST", "/auth", [
                "userName": "ada@acme.example", "password": .string(temporary), "newPassword": "Br4nd-New-Pass!",
            ])
            #expect(completed.status == 200)
            #expect(completed["token"]?.stringValue?.split(separator: ".").count == 3)
            #expect(completed["access"]?.stringValue != nil)
            let again = try await client.send("POST", "/auth", ["userName": "ada@acme.example", "password": "Br4nd-New-Pass!"])
            let admin = try #require(again["token"]?.stringValue)

            let added = try await client.send("POST", "/user", [
                "userName": "olga@acme.example", "firstName": "Olga", "lastName": "Orders", "role": "TenantUser",
            ], token: admin)
            #expect(added.status == 201)
            #expect(added["tenant_id"] == .string(tenantId))
            #expect(added["role"] == "TenantUser")
            #expect(added["status"] == "FORCE_CHANGE_PASSWORD")
            let user = try await client.firstSignIn(pool: pool, userName: "olga@acme.example")
            let refused = try await client.send("POST", "/user", [
                "userName": "mallory@acme.example", "firstName": "M", "lastName": "M", "role": "TenantAdmin",
            ], token: user)
            #expect(refused.status == 403)
            #expect(refused["error"] == "Forbidden")
            #expect(refused["message"]?.stringValue?.contains("TenantUser") == true)
            let listed = try await client.send("GET", "/users", token: admin)
            #expect(Set(listed.body.arrayValue?.compactMap { $0["userName"]?.stringValue } ?? []) == ["ada@acme.example", "olga@acme.example"])
        }

        @Test func partitionedProductsInjectionLeakAndIsolation() async throws {
            let client = try await AppClient.start()
            let system = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            try await client.createPartitionedProductTable()

            // Each tenant's products stay its own, even with the same product id.
            for (tenant, title) in [(one, "One's widget"), (two, "Two's widget")] {
                let created = try await client.send("POST", "/product", [
                    "product_id": "p1", "sku": "W-1", "title": .string(title), "numberInStock": 5, "unitCost": 9.5,
                ], token: tenant.token)
                #expect(created.status == 201)
                #expect(created["tenant_id"] == .string(tenant.tenantId))
            }
            let ownOne = try await client.send("GET", "/products", token: one.token)
            #expect(ownOne.body.arrayValue?.map { $0["title"] } == ["One's widget"])
            let ownTwo = try await client.send("GET", "/products", token: two.token)
            #expect(ownTwo.body.arrayValue?.map { $0["title"] } == ["Two's widget"])

            // The fault: the service queries tenant two's partition with its own credentials.
            let inject = try await client.send("PUT", "/admin/services/product", ["credentials": "system", "injectTenantId": .string(two.tenantId)], token: system)
            #expect(inject.status == 200)
            let leaked = try await client.send("GET", "/products", token: one.token)
            #expect(leaked.status == 200)
            #expect(leaked.body.arrayValue?.map { $0["title"] } == ["Two's widget"])

            // Tenant-scoped credentials plus a LeadingKeys policy: the same fault is refused.
            let policy = try await Self.scopedAdminPolicy(client, admin: system)
            let applied = try await client.send("PUT", "/admin/templates/tenant-admin-policy?apply=existing", policy, token: system)
            #expect(applied.status == 200)
            #expect(applied["applied"]?.arrayValue?.contains(.string(one.tenantId)) == true)
            #expect(applied["failed"] == [])
            _ = try await client.send("PUT", "/admin/services/product", ["credentials": "tenant"], token: system)
            let refused = try await client.send("GET", "/products", token: one.token)
            #expect(refused.status == 403)
            #expect(refused["error"] == "AccessDeniedException")
            #expect(refused["message"]?.stringValue?.contains("is not authorized to perform: dynamodb:Query") == true)
            #expect(refused["explanation"]?.stringValue?.contains("dynamodb:LeadingKeys") == true)

            // Without the fault, the tenant's own products still work under its own credentials.
            _ = try await client.send("PUT", "/admin/services/product", ["injectTenantId": nil], token: system)
            let own = try await client.send("GET", "/products", token: one.token)
            #expect(own.status == 200)
            #expect(own.body.arrayValue?.map { $0["title"] } == ["One's widget"])
            let written = try await client.send("POST", "/product", ["product_id": "p2", "title": "Another"], token: one.token)
            #expect(written.status == 201)

            // Metering counts each tenant separately; a tenant sees only its own.
            let meteringOne = try await client.send("GET", "/metering", token: one.token)
            let tenants = try #require(meteringOne["tenants"]?.objectValue)
            #expect(tenants.keys == [one.tenantId])
            let productOne = try #require(tenants[one.tenantId]?["services"]?["product"])
            #expect(productOne["requests"] == 6)
            #expect(productOne["itemsWritten"] == 2)
            let all = try await client.send("GET", "/metering", token: system)
            let productTwo = try #require(all["tenants"]?[two.tenantId]?["services"]?["product"])
            #expect(productTwo["requests"] == 2)
            #expect(productTwo["itemsWritten"] == 1)
            #expect(productTwo["itemsRead"] == 1)
        }
    }
}
