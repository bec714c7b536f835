import IAM
import SigV4
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Resolves the keys requests are signed with against the IAM identity store: the operator's
/// and users' `AKIA...` keys, and STS's `ASIA...` session keys.
public struct IdentityCredentialResolver: CredentialResolver {
    public let store: IdentityStore

    public init(store: IdentityStore) {
        self.store = store
    }

    public func resolve(accessKeyId: String, at date: Date) async -> CredentialResolution {
        switch store.resolve(accessKeyId: accessKeyId, at: date) {
        case .unknown:
            return .unknown
        case .expired:
            return .expired
        case .found(let secret, let token, let principal):
            return .found(secret: secret, sessionToken: token, caller: AuthenticatedCaller(principal, accessKeyId: accessKeyId, sessionToken: token))
        }
    }
}

extension AuthenticatedCaller {
    /// The caller as the front door reports it, from the identity store's principal.
    init(_ principal: IAMPrincipal, accessKeyId: String, sessionToken: String?) {
        let kind: Kind
        switch principal.kind {
        case .user: kind = .user
        case .assumedRole: kind = .assumedRole
        }
        self.init(
            accessKeyId: accessKeyId, sessionToken: sessionToken, principalArn: principal.arn, accountId: principal.accountId,
            userId: principal.userId, kind: kind, sessionTags: principal.tags, contextKeys: principal.globalContext
        )
    }
}

extension IdentityStore {
    /// The principal behind a verified call, or the AWS error the client should see.
    func principal(for call: CloudCall, at date: Date) throws(AWSError) -> IAMPrincipal {
        let caller = try call.requireCaller()
        if let dryRun = AuthorizationDryRun.current {
            return try dryRun.principal(accessKeyId: caller.accessKeyId) { () throws(AWSError) in try resolvedPrincipal(caller, call, at: date) }
        }
        return try resolvedPrincipal(caller, call, at: date)
    }

    private func resolvedPrincipal(_ caller: AuthenticatedCaller, _ call: CloudCall, at date: Date) throws(AWSError) -> IAMPrincipal {
        switch resolve(accessKeyId: caller.accessKeyId, at: date) {
        case .found(_, _, let principal): return principal
        // The front door resolved this key a moment ago; these cover a session that ended or
        // a role deleted in between, with the same errors the front door gives.
        case .expired: throw CloudAuthenticator.expiredToken(call.awsProtocol)
        case .unknown: throw CloudAuthenticator.error(for: SigV4Error.invalidClientTokenId, awsProtocol: call.awsProtocol)
        }
    }
}

extension AWSError {
    /// The wire form of an identity-store or STS error.
    init(_ error: IAMError) {
        self.init(code: error.code, message: error.message, status: error.status)
    }

    /// Runs an identity-store or STS operation, turning its errors into wire errors.
    static func fromIAM<T>(_ body: () throws(IAMError) -> T) throws(AWSError) -> T {
        do {
            return try body()
        } catch {
            throw AWSError(error)
        }
    }
}
