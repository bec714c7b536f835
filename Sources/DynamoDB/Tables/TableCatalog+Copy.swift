import Core

/// Copying a catalog, for ``DynamoDBEngine/copy(clock:random:)``.
extension TableCatalog {
    /// A catalog in the same region and account holding a copy of every table, stamping and
    /// drawing from `clock` and `random` from now on. Nothing is drawn from `random` here:
    /// the tables keep their ids.
    ///
    /// Every table's lock is held, in name order as a transaction takes them, while the
    /// tables are copied, so a transaction running alongside shows in the copy whole or not
    /// at all. The catalog's own lock is only held to list the tables, as everywhere else.
    func copy(clock: any WallClock, random: any RandomSource) -> TableCatalog {
        let originals = tables.withLock { Array($0.values) }.sorted { $0.name < $1.name }
        let copies = Self.withLocks(originals) { states in
            originals.map { table in Table(identityOf: table, state: states[table.name]!.pointee.copy()) }
        }
        let catalog = TableCatalog(region: region, accountId: accountId, clock: clock, random: random)
        catalog.tables.withLock { tables in
            for table in copies { tables[table.name] = table }
        }
        return catalog
    }
}
