import Core

extension DynamoDBEngine {
    /// An independent engine in the same state: a copy of every table (definition, items,
    /// secondary indexes, item counts and sizes; each keeps its TableId, ARN and
    /// CreationDateTime) and of the TransactWriteItems tokens remembered, using `clock` and
    /// `random` from now on.
    ///
    /// This lets a caller set an engine up once and hand out copies instead of setting up
    /// each one again. Nothing is drawn from `random` while copying (tables keep their
    /// ids), so the copy's next TableId is the next value `random` would give anyway.
    /// Changes to either engine afterwards never show in the other. Item data is shared
    /// copy-on-write, so copying costs about one small allocation per partition, not a copy
    /// of every item.
    ///
    /// Safe to call while the engine serves requests: each table is copied under its lock,
    /// all of them at once, so a transaction shows in the copy whole or not at all. A
    /// TransactWriteItems running alongside may have written without its token being
    /// remembered yet; copy an idle engine when that matters.
    public func copy(clock: any WallClock, random: any RandomSource) -> DynamoDBEngine {
        DynamoDBEngine(catalog: catalog.copy(clock: clock, random: random), clientRequestTokens: clientRequestTokens.copy())
    }
}
