import Core
import Testing

extension SaaSAppSuite {
    /// The product and order managers (TenantDataService): the table's key schema decides
    /// single- or multi-tenant behaviour, the settings decide where the tenant id comes from and
    /// whose credentials sign; every bad request is a 4xx that says what to send.
    @Suite struct DataServiceTests {
        static func createSingleKeyProductTable(_ client: AppClient) async throws {
            let reply = try await client.dynamoDB("CreateTable", [
                "TableName": "ProductBootcamp", "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [["AttributeName": "product_id", "AttributeType": "S"]],
                "KeySchema": [["AttributeName": "product_id", "KeyType": "HASH"]],
            ])
            #expect(reply.status == 200, "\(reply.body)")
        }

        static func deleteProductTable(_ client: AppClient) async throws {
            let reply = try await client.dynamoDB("DeleteTable", ["TableName": "ProductBootcamp"])
            #expect(reply.status == 200, "\(reply.body)")
        }

        static func titles(_ reply: AppClient.Reply) -> [String] {
            (reply.body.arrayValue ?? []).compactMap { $0["title"]?.stringValue }.sorted()
        }

        static func setProductSettings(_ client: AppClient, _ settings: JSON) async throws {
            let admin = try await client.systemAdminToken()
            let reply = try await client.send("PUT", "/admin/services/product", settings, token: admin)
            #expect(reply.status == 200, "\(reply.body)")
        }

        @Test func productsBeforeTheTableExistsIs404SayingToCreateIt() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let message = #"the product service uses the table named ProductBootcamp, which does not exist yet; create it (CreateTable with "TableName": "ProductBootcamp") before using the product service"#
            for (method, path, body) in [
                ("GET", "/products", nil), ("GET", "/product/p1", nil), ("POST", "/product", ["title": "x"] as JSON),
                ("PUT", "/product", ["product_id": "p1"] as JSON), ("DELETE", "/product/p1", nil),
            ] {
                let reply = try await client.send(method, path, body, token: one.token)
                #expect(reply.status == 404, "\(method) \(path)")
                #expect(reply["error"] == "ResourceNotFoundException")
                #expect(reply["message"] == .string(message), "\(method) \(path): \(reply.body)")
            }
            // Creating the table makes the service work without a restart.
            try await client.createPartitionedProductTable()
            let listed = try await client.send("GET", "/products", token: one.token)
            #expect(listed.status == 200 && listed.body == [], "\(listed.body)")
        }

        @Test func productIdAloneIsSingleTenant() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            try await Self.createSingleKeyProductTable(client)
            #expect(try await client.send("POST", "/product", ["product_id": "p1", "title": "One's p1"], token: one.token).status == 201)
            #expect(try await client.send("POST", "/product", ["product_id": "p2", "title": "One's p2"], token: one.token).status == 201)
            let second = try await client.send("POST", "/product", ["product_id": "p1", "title": "Two's p1"], token: two.token)
            #expect(second.status == 201)
            #expect(second["tenant_id"] == .string(two.tenantId))

            // Two overwrote one's p1, and listing scans the whole table for everyone.
            let items = try await client.scanTable("ProductBootcamp")
            #expect(items.count == 2)
            let byOne = try await client.send("GET", "/products", token: one.token)
            #expect(byOne.status == 200)
            #expect(Self.titles(byOne) == ["One's p2", "Two's p1"])
            #expect(Self.titles(try await client.send("GET", "/products", token: two.token)) == ["One's p2", "Two's p1"])
            let p1 = try await client.send("GET", "/product/p1", token: one.token)
            #expect(p1["title"] == "Two's p1" && p1["tenant_id"] == .string(two.tenantId), "\(p1.body)")
        }

        @Test func recreatingTheTablePartitionedWhileTheAppRunsKeepsTenantsApart() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            try await Self.createSingleKeyProductTable(client)
            #expect(try await client.send("POST", "/product", ["product_id": "p1", "title": "old"], token: one.token).status == 201)
            #expect(Self.titles(try await client.send("GET", "/products", token: two.token)) == ["old"])

            try await Self.deleteProductTable(client)
            let gone = try await client.send("GET", "/products", token: one.token)
            #expect(gone.status == 404, "\(gone.body)")
            #expect(gone["message"]?.stringValue?.contains("create it (CreateTable with") == true, "\(gone.body)")

            try await client.createPartitionedProductTable()
            let byOne = try await client.send("POST", "/product", ["product_id": "p1", "title": "One's p1"], token: one.token)
            #expect(byOne.status == 201, "\(byOne.body)")
            let byTwo = try await client.send("POST", "/product", ["product_id": "p1", "title": "Two's p1"], token: two.token)
            #expect(byTwo.status == 201, "\(byTwo.body)")
            #expect(try await client.scanTable("ProductBootcamp").count == 2)
            #expect(Self.titles(try await client.send("GET", "/products", token: one.token)) == ["One's p1"])
            #expect(Self.titles(try await client.send("GET", "/products", token: two.token)) == ["Two's p1"])
            #expect(try await client.send("GET", "/product/p1", token: one.token)["title"] == "One's p1")
            #expect(try await client.send("GET", "/product/p1", token: two.token)["title"] == "Two's p1")
        }

        /// The same, but the table is swapped without the app seeing it gone in between: the
        /// schema the app remembered (product_id alone) no longer matches.
        @Test func swappingTheTableBetweenRequestsRefreshesTheSchema() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            try await Self.createSingleKeyProductTable(client)
            #expect(try await client.send("POST", "/product", ["product_id": "p0", "title": "old"], token: one.token).status == 201)
            try await Self.deleteProductTable(client)
            try await client.createPartitionedProductTable()

            #expect(try await client.send("POST", "/product", ["product_id": "p1", "title": "One's p1"], token: one.token).status == 201)
            #expect(try await client.send("POST", "/product", ["product_id": "p1", "title": "Two's p1"], token: two.token).status == 201)
            let listed = try await client.send("GET", "/products", token: one.token)
            #expect(listed.status == 200)
            #expect(Self.titles(listed) == ["One's p1"], "tenant one listed: \(listed.body)")
            let deleted = try await client.send("DELETE", "/product/p1", token: two.token)
            #expect(deleted.status == 200 && deleted["title"] == "Two's p1", "\(deleted.body)")
            #expect(try await client.send("GET", "/product/p1", token: one.token)["title"] == "One's p1")
        }

        /// A participant may key the table the other way round (product_id hash, tenant_id
        /// range). The service must then either still store the product under its own id and the
        /// caller's tenant, or refuse with a 4xx naming the expected key schema; it must never
        /// write the tenant id into product_id and the product id into tenant_id.
        @Test func aTableKeyedTheOtherWayRoundNeverSwapsTheIds() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let created = try await client.dynamoDB("CreateTable", [
                "TableName": "ProductBootcamp", "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [["AttributeName": "product_id", "AttributeType": "S"], ["AttributeName": "tenant_id", "AttributeType": "S"]],
                "KeySchema": [["AttributeName": "product_id", "KeyType": "HASH"], ["AttributeName": "tenant_id", "KeyType": "RANGE"]],
            ])
            #expect(created.status == 200, "\(created.body)")
            let reply = try await client.send("POST", "/product", ["product_id": "p1", "title": "One's"], token: one.token)
            if reply.status == 201 {
                #expect(reply["product_id"] == "p1", "the response swapped the ids: \(reply.body)")
                #expect(reply["tenant_id"] == .string(one.tenantId), "the response swapped the ids: \(reply.body)")
                let stored = try await client.scanTable("ProductBootcamp")
                #expect(stored.first?["product_id"]?["S"] == "p1", "stored: \(stored)")
                #expect(stored.first?["tenant_id"]?["S"] == .string(one.tenantId), "stored: \(stored)")
            } else {
                #expect((400..<500).contains(reply.status), "\(reply.body)")
                #expect(reply["message"]?.stringValue?.contains("product_id") == true, "\(reply.body)")
                #expect(try await client.scanTable("ProductBootcamp").isEmpty)
            }
        }

        @Test func requestTenantContextTakesTheTenantFromTheRequest() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            try await client.createPartitionedProductTable()
            try await Self.setProductSettings(client, ["tenantContext": "request"])

            let message = "the product service takes the tenant id from the request (tenantContext \"request\"): send tenant_id in the body or as ?tenant_id="
            let list = try await client.send("GET", "/products", token: one.token)
            #expect(list.status == 400 && list["message"] == .string(message), "\(list.body)")
            let post = try await client.send("POST", "/product", ["product_id": "p1"], token: one.token)
            #expect(post.status == 400 && post["message"] == .string(message), "\(post.body)")
            let emptyQuery = try await client.send("GET", "/products?tenant_id=", token: one.token)
            #expect(emptyQuery.status == 400, "\(emptyQuery.body)")

            let a = try await client.send("POST", "/product", ["tenant_id": "123", "product_id": "p1", "title": "123's"], token: one.token)
            #expect(a.status == 201 && a["tenant_id"] == "123", "\(a.body)")
            let b = try await client.send("POST", "/product?tenant_id=456", ["product_id": "p1", "title": "456's"], token: one.token)
            #expect(b.status == 201 && b["tenant_id"] == "456", "\(b.body)")
            #expect(Self.titles(try await client.send("GET", "/products?tenant_id=123", token: one.token)) == ["123's"])
            #expect(Self.titles(try await client.send("GET", "/products?tenant_id=456", token: one.token)) == ["456's"])
            #expect(try await client.send("GET", "/product/p1?tenant_id=456", token: one.token)["title"] == "456's")
            let nothing = try await client.send("GET", "/products?tenant_id=\(one.tenantId)", token: one.token)
            #expect(nothing.status == 200 && nothing.body == [], "\(nothing.body)")
            let removed = try await client.send("DELETE", "/product/p1?tenant_id=123", token: one.token)
            #expect(removed.status == 200 && removed["title"] == "123's", "\(removed.body)")
            #expect(Self.titles(try await client.send("GET", "/products?tenant_id=456", token: one.token)) == ["456's"])
        }

        @Test func tokenTenantContextIgnoresForgedTenantIds() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            try await client.createPartitionedProductTable()
            #expect(try await client.send("POST", "/product", ["product_id": "p2", "title": "Two's"], token: two.token).status == 201)

            let forged = try await client.send("POST", "/product?tenant_id=\(two.tenantId)", [
                "tenant_id": .string(two.tenantId), "product_id": "p1", "title": "One's",
            ], token: one.token)
            #expect(forged.status == 201)
            #expect(forged["tenant_id"] == .string(one.tenantId), "\(forged.body)")
            let items = try await client.scanTable("ProductBootcamp")
            #expect(items.first { $0["product_id"]?["S"] == "p1" }?["tenant_id"]?["S"] == .string(one.tenantId))

            #expect(Self.titles(try await client.send("GET", "/products?tenant_id=\(two.tenantId)", token: one.token)) == ["One's"])
            #expect(try await client.send("GET", "/product/p2?tenant_id=\(two.tenantId)", token: one.token).status == 404)
            let put = try await client.send("PUT", "/product", ["tenant_id": .string(two.tenantId), "product_id": "p2", "title": "Hijacked"], token: one.token)
            #expect(put.status == 200 && put["tenant_id"] == .string(one.tenantId), "\(put.body)")
            #expect(try await client.send("GET", "/product/p2", token: two.token)["title"] == "Two's")
            #expect(try await client.send("DELETE", "/product/p2?tenant_id=\(two.tenantId)", token: two.token).status == 200)
            #expect(Self.titles(try await client.send("GET", "/products", token: two.token)) == [])
        }

        @Test func productValidation() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            try await client.createPartitionedProductTable()
            for (field, value) in [("unitCost", "12.50" as JSON), ("unitCost", true as JSON), ("numberInStock", "3" as JSON), ("numberInStock", [3] as JSON)] {
                let reply = try await client.send("POST", "/product", ["product_id": "p1", field: value], token: one.token)
                #expect(reply.status == 400, "\(field): \(value)")
                #expect(reply["message"] == .string("\"\(field)\" must be a number"), "\(reply.body)")
            }
            #expect(try await client.scanTable("ProductBootcamp").isEmpty)
            let numbers = try await client.send("POST", "/product", ["product_id": "p1", "unitCost": 12.5, "numberInStock": 3, "sku": "S1"], token: one.token)
            #expect(numbers.status == 201)
            #expect(numbers["unitCost"]?.doubleValue == 12.5 && numbers["numberInStock"]?.intValue == 3)
            let read = try await client.send("GET", "/product/p1", token: one.token)
            #expect(read["unitCost"]?.doubleValue == 12.5 && read["numberInStock"]?.intValue == 3 && read["sku"] == "S1", "\(read.body)")

            let putWithoutId = try await client.send("PUT", "/product", ["title": "x"], token: one.token)
            #expect(putWithoutId.status == 400)
            #expect(putWithoutId["message"] == #"PUT /product needs "product_id": the product to change"#, "\(putWithoutId.body)")
            let badId = try await client.send("PUT", "/product", ["product_id": 7], token: one.token)
            #expect(badId.status == 400 && badId["message"]?.stringValue?.hasPrefix(#""product_id" must be a string"#) == true, "\(badId.body)")
            let missing = try await client.send("DELETE", "/product/nope", token: one.token)
            #expect(missing.status == 404 && missing["error"] == "NotFound" && missing["message"] == "no product 'nope'", "\(missing.body)")
            let missingGet = try await client.send("GET", "/product/nope", token: one.token)
            #expect(missingGet.status == 404 && missingGet["message"] == "no product 'nope'", "\(missingGet.body)")
            let noBody = try await client.send("POST", "/product", nil, token: one.token)
            #expect(noBody.status == 400 && noBody["message"] == "POST /product needs a JSON object body", "\(noBody.body)")

            // Without an id, POST makes one.
            let generated = try await client.send("POST", "/product", ["title": "anonymous"], token: one.token)
            #expect(generated.status == 201)
            let id = try #require(generated["product_id"]?.stringValue)
            #expect(id.count == 36 && id.split(separator: "-").count == 5, "\(id)")
            #expect(try await client.send("GET", "/product/\(id)", token: one.token)["title"] == "anonymous")
        }

        @Test func ordersCRUDStaysWithinTheTenant() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            let created = try await client.send("POST", "/order", [
                "productId": "p1", "productSKU": "S1", "productDescription": "Widget", "quantity": 2, "unitCost": 9.5, "orderedBy": "admin@one.example",
            ], token: one.token)
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created["order_id"]?.stringValue)
            #expect(created["tenant_id"] == .string(one.tenantId))
            #expect(created["quantity"]?.intValue == 2)

            let read = try await client.send("GET", "/order/\(id)", token: one.token)
            #expect(read.status == 200 && read["productSKU"] == "S1" && read["unitCost"]?.doubleValue == 9.5, "\(read.body)")
            let listed = try await client.send("GET", "/orders", token: one.token)
            #expect(listed.body.arrayValue?.compactMap { $0["order_id"]?.stringValue } == [id])

            let updated = try await client.send("PUT", "/order", ["order_id": .string(id), "productId": "p1", "quantity": 5], token: one.token)
            #expect(updated.status == 200 && updated["quantity"]?.intValue == 5, "\(updated.body)")
            #expect(try await client.send("GET", "/order/\(id)", token: one.token)["quantity"]?.intValue == 5)
            let badQuantity = try await client.send("PUT", "/order", ["order_id": .string(id), "quantity": "five"], token: one.token)
            #expect(badQuantity.status == 400 && badQuantity["message"] == #""quantity" must be a number"#, "\(badQuantity.body)")
            let noId = try await client.send("PUT", "/order", ["quantity": 1], token: one.token)
            #expect(noId.status == 400 && noId["message"] == #"PUT /order needs "order_id": the order to change"#, "\(noId.body)")

            // Tenant two sees none of it and cannot remove it.
            #expect(try await client.send("GET", "/orders", token: two.token).body == [])
            #expect(try await client.send("GET", "/order/\(id)", token: two.token).status == 404)
            let foreign = try await client.send("DELETE", "/order/\(id)", token: two.token)
            #expect(foreign.status == 404 && foreign["message"] == .string("no order '\(id)'"), "\(foreign.body)")

            let deleted = try await client.send("DELETE", "/order/\(id)", token: one.token)
            #expect(deleted.status == 200 && deleted["order_id"] == .string(id) && deleted["quantity"]?.intValue == 5, "\(deleted.body)")
            #expect(try await client.send("GET", "/order/\(id)", token: one.token).status == 404)
            #expect(try await client.send("DELETE", "/order/\(id)", token: one.token).status == 404)
            #expect(try await client.send("GET", "/orders", token: one.token).body == [])

            // A TenantUser may place orders too.
            let olga = try await client.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            let placed = try await client.send("POST", "/order", ["order_id": "o-1", "quantity": 1], token: olga)
            #expect(placed.status == 201 && placed["tenant_id"] == .string(one.tenantId), "\(placed.body)")
        }

        @Test func tenantCredentialsRefuseAnInjectedTenantWithAccessDenied() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            #expect(try await client.send("POST", "/order", ["order_id": "o2", "quantity": 1], token: two.token).status == 201)
            let tenantCredentials = try await client.send("PUT", "/admin/services/order", ["credentials": "tenant"], token: admin)
            #expect(tenantCredentials.status == 200 && tenantCredentials["credentials"] == "tenant", "\(tenantCredentials.body)")
            let own = try await client.send("POST", "/order", ["order_id": "o1", "quantity": 1], token: one.token)
            #expect(own.status == 201, "\(own.body)")
            #expect(try await client.send("GET", "/orders", token: one.token).body.arrayValue?.count == 1)

            let injected = try await client.send("PUT", "/admin/services/order", ["injectTenantId": .string(two.tenantId)], token: admin)
            #expect(injected.status == 200 && injected["injectTenantId"] == .string(two.tenantId) && injected["credentials"] == "tenant", "\(injected.body)")
            let refused = try await client.send("GET", "/orders", token: one.token)
            #expect(refused.status == 403, "\(refused.body)")
            #expect(refused["error"] == "AccessDeniedException")
            #expect(refused["explanation"]?.stringValue?.isEmpty == false, "\(refused.body)")

            // With the service's own credentials the injected id leaks tenant two's order (the Lab 3 fault).
            #expect(try await client.send("PUT", "/admin/services/order", ["credentials": "system"], token: admin).status == 200)
            let leaked = try await client.send("GET", "/orders", token: one.token)
            #expect(leaked.status == 200 && leaked.body.arrayValue?.compactMap { $0["order_id"]?.stringValue } == ["o2"], "\(leaked.body)")
            let cleared = try await client.send("PUT", "/admin/services/order", ["injectTenantId": nil, "serviceURL": nil], token: admin)
            #expect(cleared.status == 200 && cleared["injectTenantId"] == .null, "\(cleared.body)")
            #expect(try await client.send("GET", "/orders", token: one.token).body.arrayValue?.compactMap { $0["order_id"]?.stringValue } == ["o1"])
        }

        @Test func serviceSettingsValidation() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let defaults = try await client.send("GET", "/admin/services/product", token: admin)
            #expect(defaults.status == 200)
            #expect(defaults.body == ["tenantContext": "token", "credentials": "system", "injectTenantId": nil, "serviceURL": nil])

            let typo = try await client.send("PUT", "/admin/services/product", ["tenantContxt": "request"], token: admin)
            #expect(typo.status == 400)
            #expect(typo["message"] == "unknown setting 'tenantContxt' for product; did you mean 'tenantContext'?", "\(typo.body)")
            let credentialsTypo = try await client.send("PUT", "/admin/services/product", ["credential": "tenant"], token: admin)
            #expect(credentialsTypo.status == 400 && credentialsTypo["message"]?.stringValue?.contains("did you mean 'credentials'?") == true, "\(credentialsTypo.body)")
            let badContext = try await client.send("PUT", "/admin/services/product", ["tenantContext": "header"], token: admin)
            #expect(badContext.status == 400)
            #expect(badContext["message"]?.stringValue?.hasPrefix(#"tenantContext must be one of "request" or "token", not "#) == true, "\(badContext.body)")
            let badCredentials = try await client.send("PUT", "/admin/services/product", ["credentials": 1], token: admin)
            #expect(badCredentials.status == 400)
            #expect(badCredentials["message"]?.stringValue?.hasPrefix(#"credentials must be one of "system" or "tenant", not "#) == true, "\(badCredentials.body)")
            for bad: JSON in ["", 5, true] {
                let reply = try await client.send("PUT", "/admin/services/product", ["injectTenantId": bad], token: admin)
                #expect(reply.status == 400 && reply["message"] == "injectTenantId must be a tenant id string, or null to stop injecting", "\(bad): \(reply.body)")
            }
            let array = try await client.sendRaw("PUT", "/admin/services/product", text: "[]", authorization: "Bearer \(admin)")
            #expect(array.status == 400 && array["message"] == "the body of PUT /admin/services/product must be a JSON object, not array", "\(array.body)")
            let unknownService = try await client.send("GET", "/admin/services/tenant", token: admin)
            #expect(unknownService.status == 404)
            #expect(unknownService["message"] == "no settings for service 'tenant'; services with settings: product, order", "\(unknownService.body)")

            // No refused update changed anything; a partial update keeps the rest.
            #expect(try await client.send("GET", "/admin/services/product", token: admin).body == defaults.body)
            let partial = try await client.send("PUT", "/admin/services/product", ["credentials": "tenant"], token: admin)
            #expect(partial.body == ["tenantContext": "token", "credentials": "tenant", "injectTenantId": nil, "serviceURL": nil], "\(partial.body)")
            // A mixed document that fails applies none of its members.
            let mixed = try await client.send("PUT", "/admin/services/product", ["tenantContext": "request", "bogus": 1], token: admin)
            #expect(mixed.status == 400)
            #expect(try await client.send("GET", "/admin/services/product", token: admin)["tenantContext"] == "token")
            #expect(try await client.send("GET", "/admin/services/order", token: admin)["credentials"] == "system")
        }
    }
}
