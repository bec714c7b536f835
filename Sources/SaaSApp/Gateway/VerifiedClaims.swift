import HTTP
import Foundation

/// The roles of the bootcamp's users, as carried in the ID token's `custom:role`.
public enum UserRole: String, Sendable, CaseIterable {
    case systemAdmin = "SystemAdmin"
    case systemUser = "SystemUser"
    case tenantAdmin = "TenantAdmin"
    case tenantUser = "TenantUser"

    var isSystem: Bool { self == .systemAdmin || self == .systemUser }
}

/// What the gateway knows about the caller once the platform has accepted their ID token.
struct VerifiedClaims: Sendable {
    let token: String
    let userName: String
    let sub: String
    let tenantId: String
    let role: UserRole
    let tier: String?
    let email: String?
    let userPoolId: String
    let clientId: String
    let providerName: String
    let identityPoolId: String
    let identityId: String
    let expiresAt: Date

    /// Whether the caller may act on `tenantId`'s data: its own tenant, or any as a system role.
    func mayAccess(tenant tenantId: String) -> Bool {
        role.isSystem || tenantId == self.tenantId
    }
}

/// Where the gateway leaves the verified claims for handlers.
enum VerifiedClaimsKey: RequestContextKey {
    typealias Value = VerifiedClaims
}
