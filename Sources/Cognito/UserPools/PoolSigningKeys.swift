// Where user pools get their RSA key pairs. A 2048-bit key takes tens of milliseconds to make,
// more than a whole lab run's other work, so keys are made ahead of need and reused where that
// is safe, and a lab run only ever takes a key that is ready.
import Core
import Synchronization

/// Keeps named RSA keys between processes (``PoolSigningKeys`` uses it to keep the keys it
/// made): `saaslab` keeps them in files under the user's cache folder. Implementations never
/// throw: a key that cannot be read or written is simply made again.
public protocol PoolKeyStore: Sendable {
    /// The key saved as `name`, or nil when there is none or it does not load.
    func load(_ name: String) -> RSAPrivateKey?
    /// Saves `key` as `name` (best effort).
    func save(_ key: RSAPrivateKey, as name: String)
    /// The names saved so far that begin with `prefix`.
    func names(withPrefix prefix: String) -> [String]
}

/// The RSA key pairs user pools sign their tokens with.
///
/// Two kinds, by whether the pool engine's randomness is reproducible:
/// - **Seeded** (``seededKey(ordinal:)``): a seeded engine's `n`-th pool signs with the `n`-th
///   key of saaslab's published series (key `n` is generated from xoshiro256** seeded with
///   ``seriesSeed`` + `n`). A seeded run is reproducible to the byte, its tokens included, so its
///   keys cannot be secret: anyone can make them again, as anyone can replay the run. Each key
///   of the series is made once per process (and kept in the ``PoolKeyStore``), so `grade`'s
///   copies and repeated runs share them, and their signatures (see ``RS256Key``).
/// - **Secret** (``secretKey(excluding:)``): an unseeded engine's pools get keys drawn from the
///   system's generator, from a stock kept here (and in the store, so the next process starts
///   with it). No two pools of one engine share a key; different engines (separate backends)
///   may, which lets the stock be reused instead of made anew on every run.
public final class PoolSigningKeys: Sendable {
    /// The process's keys, kept in memory only: what an engine uses unless given others.
    public static let shared = PoolSigningKeys(store: nil)

    /// Key `n` of the seeded series is generated from `SeededRandomSource(seed: seriesSeed + n)`.
    public static let seriesSeed: UInt64 = 0x5EED_5AA5_0000_0000
    /// The most secret keys held in stock; past it, keys are made for one pool and dropped.
    public static let stockLimit = 64

    private let store: (any PoolKeyStore)?
    private let state = Mutex(State())

    private struct State {
        var seeded: [Int: RS256Key] = [:]
        var secret: [RS256Key] = []
        /// The store's secret keys not read yet, by name; nil until the store is listed. Keys
        /// are read one at a time as pools need them: each read checks a signature, and a run
        /// needs a dozen keys however many the stock holds.
        var unread: [String]?

        var stockCount: Int { secret.count + (unread?.count ?? 0) }
    }

    /// - Parameter store: where keys made are kept for later processes; nil keeps them in memory.
    public init(store: (any PoolKeyStore)?) {
        self.store = store
    }

    /// Key `ordinal` of the seeded series: from memory, else the store, else made now (and kept).
    public func seededKey(ordinal: Int) -> RS256Key {
        precondition(ordinal >= 0, "the series starts at 0")
        if let key = state.withLock({ $0.seeded[ordinal] }) { return key }
        let name = "seeded-v1-\(ordinal)"
        let privateKey = store?.load(name) ?? {
            let made = RSAPrivateKey.generate(using: SeededRandomSource(seed: Self.seriesSeed &+ UInt64(ordinal)))
            store?.save(made, as: name)
            return made
        }()
        return state.withLock { state in
            // Another thread may have made it meanwhile: keep one, so signatures are shared.
            if let key = state.seeded[ordinal] { return key }
            let key = RS256Key(privateKey, memoizing: true)
            state.seeded[ordinal] = key
            return key
        }
    }

    /// A secret key whose `kid` is not in `excluded` (the keys the asking engine already
    /// uses): one from stock when there is one, else one made now and added to the stock.
    public func secretKey(excluding excluded: Set<String>) -> RS256Key {
        listStoredKeys()
        while true {
            if let key = state.withLock({ $0.secret.first { !excluded.contains($0.keyId) } }) { return key }
            // Read one more stored key, skipping by name those the engine already holds.
            let name = state.withLock { state -> String? in
                guard let index = state.unread?.lastIndex(where: { !excluded.contains(String($0.dropFirst(Self.secretPrefix.count))) }) else {
                    return nil
                }
                return state.unread?.remove(at: index)
            }
            guard let name else { return makeSecretKey() }
            if let key = store?.load(name).map({ RS256Key($0) }) { add(key) }
        }
    }

    /// How many secret keys are in stock (read or still in the store).
    public var secretStockCount: Int {
        listStoredKeys()
        return state.withLock { $0.stockCount }
    }

    /// Makes one secret key from the system's generator and adds it to the stock (and the
    /// store) unless the stock is full. Tens of milliseconds of CPU: `saaslab` calls it on a
    /// thread of its own to fill the stock ahead of need.
    @discardableResult
    public func makeSecretKey() -> RS256Key {
        listStoredKeys()
        let key = RS256Key(RSAPrivateKey.generate(using: SystemRandomSource()))
        if add(key) { store?.save(key.privateKey, as: Self.secretPrefix + key.keyId) }
        return key
    }

    private static let secretPrefix = "secret-"

    /// Adds `key` to the stock unless it is full or holds it; whether it was added.
    @discardableResult
    private func add(_ key: RS256Key) -> Bool {
        state.withLock { state in
            guard state.stockCount < Self.stockLimit, !state.secret.contains(where: { $0.keyId == key.keyId }) else { return false }
            state.secret.append(key)
            return true
        }
    }

    /// Lists the store's secret keys, once, without reading them.
    private func listStoredKeys() {
        guard state.withLock({ $0.unread == nil }) else { return }
        let names = store.map { Array($0.names(withPrefix: Self.secretPrefix).sorted().prefix(Self.stockLimit)) } ?? []
        state.withLock { state in
            if state.unread == nil { state.unread = names }
        }
    }
}
