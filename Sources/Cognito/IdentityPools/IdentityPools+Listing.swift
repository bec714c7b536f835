// ListIdentities and DescribeIdentity: what an identity pool knows of its identities.
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An identity as ListIdentities and DescribeIdentity describe it.
public struct IdentityDescription: Sendable, Equatable {
    public let identityId: String
    public let poolId: String
    /// The provider names of its linked logins, sorted, each once; empty for a guest.
    public let logins: [String]
    public let created: Date
    /// When a login was last linked; the creation date until then.
    public let lastModified: Date
}

extension IdentityPools {
    /// DescribeIdentity.
    public func describeIdentity(id: String) throws(CognitoError) -> IdentityDescription {
        try IdentityPoolValidation.checkId(id, member: "identityId")
        guard let identity = state.withLock({ $0.identities[id] }) else { throw .identityNotFound(id) }
        return Self.description(identity)
    }

    /// The pool identity `id` belongs to, nil when there is no such identity: what an
    /// authoriser needs before it lets anyone read the identity.
    public func poolId(ofIdentity id: String) -> String? {
        state.withLock { $0.identities[id]?.poolId }
    }

    /// ListIdentities: the pool's identities in creation order, `maxResults` (1-60) at a time.
    /// The token names the next identity's sequence number, found by binary search, so a page
    /// costs the same however many identities the pool has. `hideDisabled` leaves out disabled
    /// identities; this platform never disables one (it has no UnlinkIdentity), so it changes
    /// nothing.
    public func listIdentities(
        poolId: String, maxResults: Int, nextToken: String? = nil, hideDisabled: Bool = false
    ) throws(CognitoError) -> (identities: [IdentityDescription], nextToken: String?) {
        let start = try Self.pageStart(maxResults: maxResults, nextToken: nextToken)
        _ = try identityPool(id: poolId)
        return state.withLock { state in
            let order = state.identityOrder[poolId] ?? []
            var low = 0
            var high = order.count
            while low < high {
                let middle = (low + high) / 2
                if (state.identities[order[middle]]?.sequence ?? .max) < start { low = middle + 1 } else { high = middle }
            }
            let end = min(low + maxResults, order.count)
            let page = order[low..<end].compactMap { state.identities[$0] }.map(Self.description)
            let token = end < order.count ? state.identities[order[end]].map { Self.nextToken($0.sequence) } : nil
            return (page, token)
        }
    }

    private static func description(_ identity: Identity) -> IdentityDescription {
        let providers = Set(identity.logins.map { String($0.prefix { $0 != "|" }) })
        return IdentityDescription(
            identityId: identity.id, poolId: identity.poolId, logins: providers.sorted(),
            created: identity.created, lastModified: identity.lastModified
        )
    }
}
