import HTTP

/// Who may call a route that needs a caller (``OpenAccess`` is for those that do not).
enum RouteAccess: Sendable {
    /// Any verified ID token.
    case signedIn
    /// A verified ID token whose `custom:role` is one of these.
    case roles(Set<UserRole>)

    static let systemAdmin = RouteAccess.roles([.systemAdmin])
    static let systemRoles = RouteAccess.roles([.systemAdmin, .systemUser])
    static let userManagers = RouteAccess.roles([.systemAdmin, .tenantAdmin])
}

/// The API gateway's authorizer: verifies the bearer ID token, enforces the route's roles,
/// and hands the verified claims to the route's handler. Unlike the original bootcamp's
/// gateway, which passed every request through and let services decode tokens unverified.
struct Gateway: Sendable {
    let tokens: TokenManager

    /// The caller of `request`, verified and allowed by `access`; names them to the request's
    /// usage meter as soon as the token verifies, so a refusal by role is metered to them.
    func admit(_ request: HTTPRequest, _ context: RequestContext, _ access: RouteAccess) async throws(AppError) -> VerifiedClaims {
        guard let header = request.headers["Authorization"], !header.isEmpty else {
            throw AppError.unauthorized("\(request.method) \(request.path) needs 'Authorization: Bearer <token>' with the ID token from POST /auth")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw AppError.unauthorized("the Authorization header must be 'Bearer <token>', with the ID token from POST /auth")
        }
        let claims = try await tokens.verify(bearer: String(parts[1]).trimmingSpaces)
        context.meter?.attribute(tenantId: claims.tenantId, userName: claims.userName, role: claims.role.rawValue)
        if case .roles(let allowed) = access, !allowed.contains(claims.role) {
            let names = UserRole.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: " or ")
            throw AppError.forbidden("\(claims.role.rawValue) \(claims.userName) may not \(request.method) \(request.path); it needs \(names)")
        }
        return claims
    }
}

extension String {
    /// Without leading and trailing spaces; the common case (none) costs no copy.
    var trimmingSpaces: String {
        guard utf8.first == 0x20 || utf8.last == 0x20 else { return self }
        let bytes = utf8.drop { $0 == 0x20 }
        let end = bytes.lastIndex { $0 != 0x20 }.map { utf8.index(after: $0) } ?? bytes.startIndex
        return String(self[bytes.startIndex..<end])
    }
}

extension RequestContext {
    /// The request's usage meter, which the telemetry middleware put there.
    var meter: UsageMeter? { self[UsageMeterKey.self] }
}
