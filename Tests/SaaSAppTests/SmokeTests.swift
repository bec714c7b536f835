import Core
import Testing

extension SaaSAppSuite {
    @Suite struct SmokeTests {
        @Test func registerSignInAndListProducts() async throws {
            let client = try await AppClient.start()
            let admin = try await client.systemAdminToken()
            let one = try await client.registerTenant("one")
            try await client.createPartitionedProductTable()
            let created = try await client.send("POST", "/product", ["product_id": "p1", "title": "One's"], token: one.token)
            #expect(created.status == 201, "\(created.body)")
            let listed = try await client.send("GET", "/products", token: one.token)
            #expect(listed.status == 200, "\(listed.body)")
            #expect(listed.body.arrayValue?.count == 1)
            let tenants = try await client.send("GET", "/tenants", token: admin)
            #expect(tenants.status == 200, "\(tenants.body)")
        }
    }
}
