import Backend
import Core
import Foundation
import HTTP
import SaaSApp
import Testing

extension SaaSAppSuite {
    /// `Backend.copy()`: a copy of a bootstrapped backend serves at once, holds the app's
    /// templates, settings, tokens and telemetry, shares nothing with the original afterwards,
    /// and goes on exactly as the original would have.
    @Suite struct BackendCopyTests {
        private func copy(of client: AppClient) throws -> AppClient {
            let backend = client.backend.copy()
            let clock = try #require(backend.config.clock as? ManualClock)
            return AppClient(backend: backend, clock: clock)
        }

        @Test func aCopyOfABootstrappedBackendServesAtOnce() async throws {
            let original = try await AppClient.start()
            let copy = try copy(of: original)
            #expect(copy.backend.app.systemTenantId == original.backend.app.systemTenantId)
            #expect(copy.clock !== original.clock && copy.clock.now() == original.clock.now())
            let admin = try await copy.systemAdminToken()
            let one = try await copy.registerTenant("one")
            #expect(try await copy.tenantIds(admin: admin).contains(one.tenantId))
            // Nothing registered on the copy reaches the original, and the other way round.
            let originalAdmin = try await original.systemAdminToken()
            #expect(try await !original.tenantIds(admin: originalAdmin).contains(one.tenantId))
            let two = try await original.registerTenant("two")
            #expect(try await !copy.tenantIds(admin: admin).contains(two.tenantId))
            let pools = try await original.cognito("DescribeUserPool", ["UserPoolId": .string(one.pool)])
            #expect(pools.status == 400 || pools.status == 404, "\(pools.body)")
        }

        @Test func aSeededCopyGoesOnAsTheOriginalWouldHave() async throws {
            let fresh = try await AppClient.start(seed: 11)
            let template = try await AppClient.start(seed: 11)
            let copy = try copy(of: template)
            let onFresh = try await fresh.registerTenant("one")
            let onCopy = try await copy.registerTenant("one")
            #expect(onCopy.tenantId == onFresh.tenantId)
            #expect(onCopy.pool == onFresh.pool)
            #expect(onCopy.token == onFresh.token)
            // The template itself was not moved by being copied.
            let onTemplate = try await template.registerTenant("one")
            #expect(onTemplate.token == onFresh.token)
        }

        @Test func templatesSettingsAndTelemetryAreCopiedNotShared() async throws {
            let original = try await AppClient.start()
            let admin = try await original.systemAdminToken()
            #expect(try await original.send("PUT", "/admin/services/product", ["credentials": "tenant"], token: admin).status == 200)
            let logged = original.backend.app.telemetry.entries(tenant: nil).count
            let copy = try copy(of: original)
            #expect(try await copy.send("GET", "/admin/services/product", token: admin)["credentials"] == "tenant")
            #expect(try await copy.send("PUT", "/admin/services/product", ["tenantContext": "request"], token: admin).status == 200)
            #expect(try await original.send("GET", "/admin/services/product", token: admin)["tenantContext"] == "token")

            // The log came along; each side logs its own requests from then on.
            #expect(copy.backend.app.telemetry.entries(tenant: nil).count == logged + 2)
            #expect(original.backend.app.telemetry.entries(tenant: nil).count == logged + 1)
        }

        @Test func verifiedTokensAreCopiedButForgettingOneStaysOnItsSide() async throws {
            let original = try await AppClient.start()
            let one = try await original.registerTenant("one")
            let olga = try await original.addUser("olga@one.example", pool: one.pool, adminToken: one.token)
            // A TenantUser may not add users: 403 while the token is good, 401 once it is not.
            #expect(try await original.send("POST", "/user", [:], token: olga).status == 403)
            let copy = try copy(of: original)
            #expect(try await copy.send("DELETE", "/user/olga@one.example", token: one.token).status == 200)
            // The copy forgot Olga's token with her; the original still knows both.
            #expect(try await copy.send("POST", "/user", [:], token: olga).status == 401)
            #expect(try await original.send("POST", "/user", [:], token: olga).status == 403)
            #expect(try await original.send("GET", "/user/olga@one.example", token: one.token).status == 200)
        }
    }
}
