import Core
import Testing

extension SaaSAppSuite {
    /// `GET /logs` and `GET /metering`: each tenant sees its own requests and meters only; the
    /// system admin sees all and can narrow.
    @Suite struct TelemetryTests {
        static func entries(_ reply: AppClient.Reply) -> [JSON] { reply["entries"]?.arrayValue ?? [] }

        /// Two tenants with a product table and a little traffic each.
        static func traffic(_ client: AppClient) async throws -> (one: (tenantId: String, token: String, pool: String), two: (tenantId: String, token: String, pool: String)) {
            let one = try await client.registerTenant("one")
            let two = try await client.registerTenant("two")
            try await client.createPartitionedProductTable()
            #expect(try await client.send("POST", "/product", ["product_id": "p1", "title": "a"], token: one.token).status == 201)
            #expect(try await client.send("POST", "/product", ["product_id": "p2", "title": "b"], token: one.token).status == 201)
            #expect(try await client.send("GET", "/products", token: one.token).status == 200)
            #expect(try await client.send("GET", "/product/none", token: one.token).status == 404)
            #expect(try await client.send("POST", "/product", ["product_id": "q1", "title": "c"], token: two.token).status == 201)
            return (one, two)
        }

        @Test func aTenantSeesOnlyItsOwnLog() async throws {
            let client = try await AppClient.start()
            let (one, two) = try await Self.traffic(client)
            let logs = try await client.send("GET", "/logs", token: one.token)
            #expect(logs.status == 200)
            let entries = Self.entries(logs)
            #expect(!entries.isEmpty)
            #expect(entries.allSatisfy { $0["tenantId"] == .string(one.tenantId) }, "\(entries)")
            #expect(!entries.contains { $0["tenantId"] == .string(two.tenantId) })

            let summary = entries.map { "\($0["service"]?.stringValue ?? "") \($0["method"]?.stringValue ?? "") \($0["path"]?.stringValue ?? "") \($0["status"]?.intValue ?? 0)" }
            #expect(summary == [
                "registration POST /reg 201", "auth POST /auth 200",
                "product POST /product 201", "product POST /product 201", "product GET /products 200", "product GET /product/none 404",
            ], "\(summary)")
            let post = try #require(entries.first { $0["path"] == "/product" })
            #expect(post["userName"] == "admin@one.example")
            #expect(post["role"] == "TenantAdmin")
            #expect(post["time"]?.stringValue?.hasPrefix("2025-11-24T") == true, "\(post)")
            #expect(post["requestId"]?.stringValue?.isEmpty == false)
            #expect(post["latencyMs"]?.doubleValue != nil)

            // A tenant cannot widen its view with ?tenant=.
            let widened = try await client.send("GET", "/logs?tenant=\(two.tenantId)", token: one.token)
            #expect(widened.status == 200)
            #expect(Self.entries(widened).allSatisfy { $0["tenantId"] == .string(one.tenantId) })
            #expect(!Self.entries(widened).isEmpty)
        }

        @Test func systemAdminSeesAllAndFilters() async throws {
            let client = try await AppClient.start()
            let (one, two) = try await Self.traffic(client)
            #expect(try await client.send("GET", "/users").status == 401)
            let admin = try await client.systemAdminToken()
            let all = Self.entries(try await client.send("GET", "/logs", token: admin))
            let tenants = Set(all.compactMap { $0["tenantId"]?.stringValue })
            #expect(tenants.isSuperset(of: [one.tenantId, two.tenantId]))
            // The refused anonymous request is logged without a tenant.
            #expect(all.contains { $0["tenantId"] == .null && $0["path"] == "/users" && $0["status"]?.intValue == 401 }, "\(all)")

            let onlyTwo = Self.entries(try await client.send("GET", "/logs?tenant=\(two.tenantId)", token: admin))
            #expect(!onlyTwo.isEmpty && onlyTwo.allSatisfy { $0["tenantId"] == .string(two.tenantId) })
            #expect(onlyTwo.contains { $0["path"] == "/product" && $0["status"]?.intValue == 201 })

            let products = Self.entries(try await client.send("GET", "/logs?service=product", token: admin))
            #expect(products.count == 5, "\(products)")
            #expect(products.allSatisfy { $0["service"] == "product" })
            let oneProducts = Self.entries(try await client.send("GET", "/logs?service=product&tenant=\(one.tenantId)", token: admin))
            #expect(oneProducts.count == 4)

            let newest = Self.entries(try await client.send("GET", "/logs?service=product&limit=2", token: admin))
            #expect(newest.map { $0["path"]?.stringValue ?? "" } == ["/product/none", "/product"], "\(newest)")
        }

        /// The log keeps at most 256 bytes of a path, whoever sent it: otherwise anonymous
        /// requests with long paths would make the server hold their heads in its log.
        @Test func aLongPathIsLoggedCut() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            let id = String(repeating: "é", count: 20_000)
            #expect(try await client.send("GET", "/product/\(id)", token: one.token).status == 404)
            let entries = Self.entries(try await client.send("GET", "/logs", token: one.token))
            let logged = try #require(entries.compactMap { $0["path"]?.stringValue }.first { $0.hasPrefix("/product/é") })
            #expect(logged.hasSuffix("…"))
            #expect(logged.utf8.count <= 256 + "…".utf8.count)
            #expect(logged.dropLast().allSatisfy { $0 != "\u{FFFD}" }, "cut inside a character: \(logged.suffix(4))")
        }

        @Test func badLimitsAre400() async throws {
            let client = try await AppClient.start()
            let one = try await client.registerTenant("one")
            for limit in ["0", "-1", "ten", "1.5", ""] {
                let reply = try await client.send("GET", "/logs?limit=\(limit)", token: one.token)
                #expect(reply.status == 400, "limit=\(limit)")
                #expect(reply["message"] == .string("limit must be a positive whole number, not '\(limit)'"), "\(reply.body)")
            }
            let one1 = try await client.send("GET", "/logs?limit=1", token: one.token)
            #expect(one1.status == 200 && Self.entries(one1).count == 1)
            #expect(try await client.send("GET", "/logs").status == 401)
            #expect(try await client.send("GET", "/metering").status == 401)
        }

        @Test func meteringCountsRequestsAndItemsPerTenantAndService() async throws {
            let client = try await AppClient.start()
            let (one, two) = try await Self.traffic(client)
            let metering = try await client.send("GET", "/metering", token: one.token)
            #expect(metering.status == 200)
            let tenants = try #require(metering["tenants"]?.objectValue)
            #expect(tenants.keys == [one.tenantId], "\(tenants.keys)")
            let services = try #require(tenants[one.tenantId]?["services"])
            let product = try #require(services["product"])
            #expect(product["requests"]?.intValue == 4)
            #expect(product["itemsWritten"]?.intValue == 2)
            #expect(product["itemsRead"]?.intValue == 2)
            #expect((product["capacityUnits"]?.doubleValue ?? 0) > 0)
            #expect(services["registration"]?["requests"]?.intValue == 1)
            #expect(services["registration"]?["itemsWritten"]?.intValue == 2)
            #expect(services["auth"]?["requests"]?.intValue == 1)
            let total = try #require(tenants[one.tenantId]?["total"])
            #expect(total["requests"]?.intValue == 6)
            #expect(total["itemsWritten"]?.intValue == 4)

            let admin = try await client.systemAdminToken()
            let all = try await client.send("GET", "/metering", token: admin)
            let everyone = try #require(all["tenants"]?.objectValue)
            #expect(Set(everyone.keys).isSuperset(of: [one.tenantId, two.tenantId]))
            #expect(everyone[two.tenantId]?["services"]?["product"]?["itemsWritten"]?.intValue == 1)
            #expect(everyone[two.tenantId]?["services"]?["product"]?["requests"]?.intValue == 1)
            let narrowed = try await client.send("GET", "/metering?tenant=\(two.tenantId)", token: admin)
            #expect(narrowed["tenants"]?.objectValue?.keys == [two.tenantId])
            let nobody = try await client.send("GET", "/metering?tenant=TENANTnone", token: admin)
            #expect(nobody.status == 200 && nobody.body == ["tenants": [:]], "\(nobody.body)")

            // Deleting counts as a write; the metering request itself is counted afterwards.
            #expect(try await client.send("DELETE", "/product/p1", token: one.token).status == 200)
            let after = try await client.send("GET", "/metering", token: one.token)
            let updated = after["tenants"]?[one.tenantId]?["services"]
            #expect(updated?["product"]?["itemsWritten"]?.intValue == 3)
            #expect(updated?["product"]?["requests"]?.intValue == 5)
            #expect(updated?["telemetry"]?["requests"]?.intValue == 1)
        }
    }
}
