/// One write of a transaction (TransactWriteItems' Put, Update, Delete or ConditionCheck).
///
/// `check` (and an update's `transform`) run under the locks of every table in the
/// transaction, against the item as it is at that moment; throwing cancels the whole
/// transaction.
public struct TransactionWrite {
    enum Action {
        case put(Item)
        case delete
        case update((Item?) throws(DynamoDBError) -> Item?)
        case check
    }

    let tableName: String
    /// The `Key` map; nil for a put, whose key comes from its item.
    let keyMap: Item?
    let action: Action
    let check: (Item?) throws(DynamoDBError) -> Void

    /// Put `item`, after `check` passes on the current item.
    public static func put(tableName: String, item: Item, check: @escaping (Item?) throws(DynamoDBError) -> Void = { _ in }) -> TransactionWrite {
        TransactionWrite(tableName: tableName, keyMap: nil, action: .put(item), check: check)
    }

    /// Delete the item at `key`, after `check` passes on it.
    public static func delete(tableName: String, key: Item, check: @escaping (Item?) throws(DynamoDBError) -> Void = { _ in }) -> TransactionWrite {
        TransactionWrite(tableName: tableName, keyMap: key, action: .delete, check: check)
    }

    /// Replace the item at `key` with what `transform` makes of it (nil deletes).
    public static func update(tableName: String, key: Item, transform: @escaping (Item?) throws(DynamoDBError) -> Item?) -> TransactionWrite {
        TransactionWrite(tableName: tableName, keyMap: key, action: .update(transform), check: { _ in })
    }

    /// Write nothing, but cancel the transaction unless `check` passes on the item at `key`.
    public static func conditionCheck(tableName: String, key: Item, check: @escaping (Item?) throws(DynamoDBError) -> Void) -> TransactionWrite {
        TransactionWrite(tableName: tableName, keyMap: key, action: .check, check: check)
    }
}

/// Transactions across tables.
extension TableCatalog {
    /// TransactWriteItems' engine: all writes happen, or none.
    ///
    /// Keys are checked first (a bad key is a plain ValidationException, as is naming one
    /// item twice). Then the locks of every table involved are taken in name order, so two
    /// transactions can never wait on each other in a cycle; every check and transform runs
    /// and every new item is validated; only if all succeed are the writes applied. Otherwise
    /// `TransactionCanceledException` lists a reason per write, in request order (`None` for
    /// writes that were fine, `ConditionalCheckFailed`, `ValidationError`, ...).
    ///
    /// Returns each write's before and after (a condition check reports the item twice).
    @discardableResult
    public func transactWrite(_ writes: [TransactionWrite]) throws(DynamoDBError) -> [ItemChange] {
        var involved: [String: Table] = [:]
        var keys: [PrimaryKey] = []
        var seen: Set<TransactionTarget> = []
        for write in writes {
            let table = try lookUp(write.tableName, in: &involved)
            let key: PrimaryKey
            switch write.action {
            case .put(let item): key = try table.key.key(fromItem: item)
            default: key = try table.key.key(fromKey: write.keyMap ?? [:])
            }
            guard seen.insert(TransactionTarget(table: write.tableName, key: key)).inserted else {
                throw .validation("Transaction request cannot include multiple operations on one item")
            }
            keys.append(key)
        }
        let ordered = involved.values.sorted { $0.name < $1.name }
        return try Self.withLocks(ordered) { (states: [String: UnsafeMutablePointer<TableState>]) throws(DynamoDBError) -> [ItemChange] in
            var prepared: [TableState.PreparedWrite?] = []
            var changes: [ItemChange] = []
            var failures: [DynamoDBError?] = []
            for (position, write) in writes.enumerated() {
                let state = states[write.tableName]!
                let key = keys[position]
                let old = state.pointee.get(key)?.item
                do throws(DynamoDBError) {
                    try write.check(old)
                    switch write.action {
                    case .put(let item):
                        prepared.append(try state.pointee.prepare(item, expecting: key, kind: .put))
                        changes.append(ItemChange(old: old, new: item))
                    case .delete:
                        prepared.append(nil)
                        changes.append(ItemChange(old: old, new: nil))
                    case .update(let transform):
                        let new = try transform(old)
                        prepared.append(try new.map { item throws(DynamoDBError) in try state.pointee.prepare(item, expecting: key, kind: .update) })
                        changes.append(ItemChange(old: old, new: new))
                    case .check:
                        prepared.append(nil)
                        changes.append(ItemChange(old: old, new: old))
                    }
                    failures.append(nil)
                } catch {
                    prepared.append(nil)
                    changes.append(ItemChange(old: old, new: old))
                    failures.append(error)
                }
            }
            if failures.contains(where: { $0 != nil }) {
                throw Self.cancellation(failures)
            }
            for (position, write) in writes.enumerated() {
                if case .check = write.action { continue }
                states[write.tableName]!.pointee.apply(prepared[position], at: keys[position])
            }
            return changes
        }
    }

    /// TransactGetItems' engine: every item read at one instant, under all the tables' locks.
    public func transactGet(_ reads: [(tableName: String, key: Item)]) throws(DynamoDBError) -> [Item?] {
        var involved: [String: Table] = [:]
        var keys: [PrimaryKey] = []
        for read in reads {
            let table = try lookUp(read.tableName, in: &involved)
            keys.append(try table.key.key(fromKey: read.key))
        }
        let ordered = involved.values.sorted { $0.name < $1.name }
        return try Self.withLocks(ordered) { (states: [String: UnsafeMutablePointer<TableState>]) throws(DynamoDBError) -> [Item?] in
            reads.indices.map { states[reads[$0].tableName]!.pointee.get(keys[$0])?.item }
        }
    }

    /// Each table looked up once per transaction, so all its writes share one `Table`.
    private func lookUp(_ name: String, in involved: inout [String: Table]) throws(DynamoDBError) -> Table {
        if let table = involved[name] { return table }
        let table = try table(named: name)
        involved[name] = table
        return table
    }

    /// `Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]`.
    static func cancellation(_ failures: [DynamoDBError?]) -> DynamoDBError {
        let reasons = failures.map { failure -> DynamoDBError.CancellationReason in
            guard let failure else { return DynamoDBError.CancellationReason(code: "None") }
            return DynamoDBError.CancellationReason(code: failure.reasonCode, message: failure.message, item: failure.item)
        }
        return DynamoDBError(
            code: "TransactionCanceledException",
            message: "Transaction cancelled, please refer cancellation reasons for specific reasons [\(reasons.map(\.code).joined(separator: ", "))]",
            cancellationReasons: reasons
        )
    }

    /// Runs `body` holding the locks of `tables` (already in lock order), with each table's
    /// state reachable by name. The pointers are valid only inside `body`: each is taken
    /// inside the `withLock` that guards it, and every lock is still held while `body` runs.
    ///
    /// Generic over the error so that a body that cannot fail (copying) needs no `try`.
    static func withLocks<Result: Sendable, Failure: Error>(
        _ tables: [Table], _ body: ([String: UnsafeMutablePointer<TableState>]) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var acquired: [String: UnsafeMutablePointer<TableState>] = [:]
        return try lock(tables[...], &acquired, body)
    }

    private static func lock<Result: Sendable, Failure: Error>(
        _ tables: ArraySlice<Table>, _ acquired: inout [String: UnsafeMutablePointer<TableState>],
        _ body: ([String: UnsafeMutablePointer<TableState>]) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard let first = tables.first else { return try body(acquired) }
        return try first.state.withLock { (state: inout TableState) throws(Failure) -> Result in
            try withUnsafeMutablePointer(to: &state) { (pointer: UnsafeMutablePointer<TableState>) throws(Failure) -> Result in
                acquired[first.name] = pointer
                return try lock(tables.dropFirst(), &acquired, body)
            }
        }
    }
}

/// One item of one table, to refuse a transaction that names an item twice.
struct TransactionTarget: Hashable {
    let table: String
    let key: PrimaryKey
}
