import Core
import Testing

extension SaaSAppSuite {
    /// The data services' key-schema contract: the item id alone (one tenant), or a partition
    /// key of any name holding the tenant id with the item id as sort key; anything else is
    /// refused with the layouts that work.
    @Suite struct KeySchemaTests {
        /// `ProductBootcamp` keyed by `keys` (name, type, HASH or RANGE).
        static func createProductTable(_ client: AppClient, _ keys: [(name: String, type: String, keyType: String)]) async throws {
            let reply = try await client.dynamoDB("CreateTable", [
                "TableName": "ProductBootcamp", "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": .array(keys.map { ["AttributeName": .string($0.name), "AttributeType": .string($0.type)] }),
                "KeySchema": .array(keys.map { ["AttributeName": .string($0.name), "KeyType": .string($0.keyType)] }),
            ])
            #expect(reply.status == 200, "\(reply.body)")
        }

        @Test func aPartitionKeyOfAnotherNameHoldsTheTenantAndKeepsTenantsApart() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            try await Self.createProductTable(client, [("tenantId", "S", "HASH"), ("product_id", "S", "RANGE")])

            // The same product id in two tenants: two items, each under its tenant's partition.
            for (tenant, title) in [(one, "One's lamp"), (two, "Two's chair")] {
                let created = try await client.send("POST", "/product", [
                    "product_id": "p-100", "title": .string(title), "tenantId": "TENANTforged", "tenant_id": "TENANTforged",
                ], token: tenant.token)
                #expect(created.status == 201, "\(created.body)")
                // The body's tenant ids count for nothing: the item carries the caller's, under
                // the partition key's name and in tenant_id as always.
                #expect(created["tenantId"] == .string(tenant.tenantId) && created["tenant_id"] == .string(tenant.tenantId), "\(created.body)")
            }
            let stored = try await client.scanTable("ProductBootcamp")
            #expect(Set(stored.compactMap { $0["tenantId"]?["S"]?.stringValue }) == [one.tenantId, two.tenantId], "\(stored)")
            #expect(stored.allSatisfy { $0["tenantId"] == $0["tenant_id"] && $0["product_id"]?["S"] == "p-100" }, "\(stored)")

            for (tenant, title) in [(one, "One's lamp"), (two, "Two's chair")] {
                let listed = try await client.send("GET", "/products", token: tenant.token)
                #expect(listed.status == 200 && listed.body.arrayValue?.map { $0["title"] } == [.string(title)], "\(listed.body)")
                let fetched = try await client.send("GET", "/product/p-100", token: tenant.token)
                #expect(fetched["title"] == .string(title), "\(fetched.body)")
            }
            let changed = try await client.send("PUT", "/product", ["product_id": "p-100", "title": "One's brighter lamp"], token: one.token)
            #expect(changed.status == 200 && changed["tenantId"] == .string(one.tenantId), "\(changed.body)")
            let deleted = try await client.send("DELETE", "/product/p-100", token: two.token)
            #expect(deleted.status == 200 && deleted["title"] == "Two's chair", "\(deleted.body)")
            #expect(try await client.send("GET", "/product/p-100", token: two.token).status == 404)
            #expect(try await client.send("GET", "/product/p-100", token: one.token)["title"] == "One's brighter lamp")
        }

        @Test func tenantCredentialsAndLeadingKeysIsolateAPartitionKeyOfAnotherName() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            try await Self.createProductTable(client, [("tenantId", "S", "HASH"), ("product_id", "S", "RANGE")])
            #expect(try await client.send("POST", "/product", ["product_id": "p2", "title": "Two's"], token: two.token).status == 201)

            // LeadingKeys are the partition key's values, whatever it is called.
            let policy = try await MustShowTests.scopedAdminPolicy(client, admin: admin)
            let applied = try await client.send("PUT", "/admin/templates/tenant-admin-policy?apply=existing", policy, token: admin)
            #expect(applied.status == 200 && applied["failed"] == [], "\(applied.body)")
            let settings = try await client.send("PUT", "/admin/services/product", ["credentials": "tenant", "injectTenantId": .string(two.tenantId)], token: admin)
            #expect(settings.status == 200, "\(settings.body)")
            let refused = try await client.send("GET", "/products", token: one.token)
            #expect(refused.status == 403 && refused["error"] == "AccessDeniedException", "\(refused.body)")
            #expect(refused["explanation"]?.stringValue?.contains("dynamodb:LeadingKeys: request [\(two.tenantId)] not within [\(one.tenantId)]") == true,
                    "\(refused.body)")

            _ = try await client.send("PUT", "/admin/services/product", ["injectTenantId": nil], token: admin)
            let own = try await client.send("POST", "/product", ["product_id": "p1", "title": "One's"], token: one.token)
            #expect(own.status == 201, "\(own.body)")
            let listed = try await client.send("GET", "/products", token: one.token)
            #expect(listed.body.arrayValue?.map { $0["title"] } == ["One's"], "\(listed.body)")
        }

        static let refused: [(layout: String, keys: [(name: String, type: String, keyType: String)], says: String)] = [
            ("another id alone", [("id", "S", "HASH")], "ProductBootcamp is keyed by id alone; the product service works with product_id alone (one tenant) or with a partition key of any name"),
            ("product_id as partition key", [("product_id", "S", "HASH"), ("tenant_id", "S", "RANGE")],
             "ProductBootcamp is keyed by product_id (partition) + tenant_id (sort); the product service works with"),
            ("another sort key", [("tenant_id", "S", "HASH"), ("sku", "S", "RANGE")],
             "ProductBootcamp is keyed by tenant_id (partition) + sku (sort); the product service works with"),
            ("a numeric tenant key", [("tenantId", "N", "HASH"), ("product_id", "S", "RANGE")],
             #"ProductBootcamp's key attribute tenantId is of type N, but it holds the tenant id, a string: the product service needs it defined with "AttributeType": "S""#),
            ("a binary product id", [("product_id", "B", "HASH")],
             #"ProductBootcamp's key attribute product_id is of type B, but it holds the product's id, a string"#),
        ]

        @Test(arguments: refused.indices)
        func aSchemaThatCannotWorkIsRefusedNamingTheLayoutsThatDo(_ index: Int) async throws {
            let (layout, keys, says) = Self.refused[index]
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            try await Self.createProductTable(client, keys)
            for (method, path, body) in [("POST", "/product", ["product_id": "p1", "title": "x"] as JSON), ("GET", "/products", nil)] {
                let reply = try await client.send(method, path, body, token: one.token)
                #expect(reply.status == 400 && reply["error"] == "UnsupportedKeySchema", "\(layout): \(reply.body)")
                #expect(reply["message"]?.stringValue?.contains(says) == true, "\(layout): \(reply.body)")
            }
            #expect(try await client.scanTable("ProductBootcamp").isEmpty, "\(layout)")
        }
    }
}
