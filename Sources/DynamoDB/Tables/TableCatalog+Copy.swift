import Core

/// Copying a catalog, for ``DynamoDBEngine/copy(clock:random:)``.
extension TableCatalog {
    /// A catalog in the same region and account holding a copy of every table, stamping and
    /// drawing from `clock` and `random` from now on. Nothing is drawn from `random` here:
    /// the tables keep their ids.
    ///
    /// Each table is copied under its own lock, one after another: holding every table's lock
    /// at once (as a transaction does for its few tables) nests one closure per table, and a
    /// catalog of thousands of tables would overflow the stack. The catalog's own lock is only
    /// held to list the tables, as everywhere else.
    func copy(clock: any WallClock, random: any RandomSource) -> TableCatalog {
        let originals = tables.withLock { Array($0.values) }
        let copies = originals.map { table in Table(identityOf: table, state: table.state.withLock { $0.copy() }) }
        let catalog = TableCatalog(region: region, accountId: accountId, clock: clock, random: random)
        catalog.tables.withLock { tables in
            for table in copies { tables[table.name] = table }
        }
        return catalog
    }
}
