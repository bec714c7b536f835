// Copying the identity-pool engine and its token issuer, so a backend bootstrapped once can
// be handed out many times.
import Core
import IAM

extension IdentityPools {
    /// An independent engine holding what this one holds now (every pool with its roles,
    /// role mappings and principal tag maps, every identity with its linked logins, and the
    /// creation sequence), working with the given collaborators from here on.
    ///
    /// The collaborators are passed in rather than copied here because the copies must be
    /// wired to one another, as the backend wires the originals: `loginVerifier` is the
    /// copied user pools, `tokens` the copy of ``tokens`` (see ``IdentityPoolTokens/copy()``)
    /// and `sts` an STS built on the copied identity store with that same `tokens` as its
    /// verifier. Nothing is drawn from `random` while copying.
    public func copy(
        clock: any WallClock, random: any RandomSource, loginVerifier: any LoginTokenVerifier,
        tokens: IdentityPoolTokens, sts: SecurityTokenService
    ) -> IdentityPools {
        // Pools and identities are values: one read under the lock is an unshared snapshot.
        let snapshot = state.withLock { $0 }
        let copy = IdentityPools(
            region: region, accountId: accountId, clock: clock, random: random, loginVerifier: loginVerifier, tokens: tokens, sts: sts
        )
        // The new engine is not yet visible to anyone: filling it cannot race.
        copy.state.withLock { $0 = snapshot }
        return copy
    }
}

extension IdentityPoolTokens {
    /// An independent issuer with the same signing key and a copy of the ledger: which pools
    /// allow the classic flow, the enhanced-flow tokens not yet redeemed, and the counter
    /// their ids come from.
    ///
    /// The key is reused, not drawn anew (the issuer holds no random source after its
    /// creation), so the copy signs exactly as this issuer would have. A token issued before
    /// the copy verifies on both sides; an outstanding enhanced-flow token may be redeemed
    /// once on each, as both ledgers remember it.
    public func copy() -> IdentityPoolTokens {
        IdentityPoolTokens(key: key, ledger: ledger.copy())
    }
}

extension TokenLedger {
    /// A ledger holding what this one holds now, changed independently from here on.
    func copy() -> TokenLedger {
        let snapshot = state.withLock { $0 }
        let copy = TokenLedger()
        copy.state.withLock { $0 = snapshot }
        return copy
    }
}
