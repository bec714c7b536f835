import Core

extension IdentityStore {
    /// An independent store holding what this one holds now (users, roles, managed policies,
    /// access keys and live sessions), on `clock` and `random` from here on.
    ///
    /// Nothing is drawn from `random` while copying: the copy goes on exactly as this store
    /// would have, which is what lets a backend copied from a bootstrapped one give the same
    /// seeded results as one bootstrapped afresh. Every entity is a value, so the two stores
    /// share nothing that either can change.
    public func copy(clock: any WallClock, random: any RandomSource) -> IdentityStore {
        IdentityStore(accountId: accountId, clock: clock, random: random, state: state.withLock { $0 })
    }
}
