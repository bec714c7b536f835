// Copying the user-pool engine, so a backend bootstrapped once can be handed out many times.
import Core

extension UserPools {
    /// An independent engine holding what this one holds now: every pool with its signing
    /// key, app clients, groups, users (password hashes, attributes, pending confirmation,
    /// reset and verification codes, live sign-ins, so sign-outs and revocations hold, and
    /// sign-in locks), outbox, challenge sessions and refresh grants, and the sequence
    /// counters; on `clock` and
    /// `random` from here on, in the same region and account, hashing with the same
    /// `passwordIterations`.
    ///
    /// Nothing is drawn from `random` while copying: keys and salts are reused, not made
    /// anew, so the copy goes on exactly as this engine would have, which is what keeps a
    /// seeded run reproducible. Tokens either engine signs with a pool's key verify on both,
    /// since the key is the same; everything else changed afterwards on one side never
    /// shows on the other.
    public func copy(clock: any WallClock, random: any RandomSource) -> UserPools {
        // The whole state is values (records, users, hashes, keys are structs), so one read
        // under the lock is a consistent, unshared snapshot.
        let snapshot = state.withLock { $0 }
        let copy = UserPools(
            region: region, accountId: accountId, clock: clock, random: random, passwordIterations: passwordIterations, keys: keys,
            delivery: delivery
        )
        // The new engine is not yet visible to anyone: filling it cannot race.
        copy.state.withLock { $0 = snapshot }
        return copy
    }
}
