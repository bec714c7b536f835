import HTTP
import SigV4
import Synchronization
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
///
/// A class: one verified token is shared by every request that carries it (the token
/// manager's cache hands out the same instance), and it holds that token's tenant-scoped
/// credentials once they have been fetched.
final class VerifiedClaims: Sendable {
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
    /// The identity pool's credentials for this token, when to fetch new ones, and the token
    /// manager's credentials generation they were fetched under.
    let credentials = Mutex<(credentials: AWSCredentials, refreshAt: Date, generation: UInt64)?>(nil)

    init(
        token: String, userName: String, sub: String, tenantId: String, role: UserRole, tier: String?, email: String?,
        userPoolId: String, clientId: String, providerName: String, identityPoolId: String, identityId: String, expiresAt: Date
    ) {
        self.token = token
        self.userName = userName
        self.sub = sub
        self.tenantId = tenantId
        self.role = role
        self.tier = tier
        self.email = email
        self.userPoolId = userPoolId
        self.clientId = clientId
        self.providerName = providerName
        self.identityPoolId = identityPoolId
        self.identityId = identityId
        self.expiresAt = expiresAt
    }

    /// The same claims with their own credentials slot, holding what this one holds now.
    func copy() -> VerifiedClaims {
        let copied = VerifiedClaims(
            token: token, userName: userName, sub: sub, tenantId: tenantId, role: role, tier: tier, email: email,
            userPoolId: userPoolId, clientId: clientId, providerName: providerName, identityPoolId: identityPoolId,
            identityId: identityId, expiresAt: expiresAt
        )
        let held = credentials.withLock { $0 }
        copied.credentials.withLock { $0 = held }
        return copied
    }

    /// Whether the caller may act on `tenantId`'s data: its own tenant, or any as a system role.
    func mayAccess(tenant tenantId: String) -> Bool {
        role.isSystem || tenantId == self.tenantId
    }
}
