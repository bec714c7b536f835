import Core

extension DynamoDBEngine {
    /// An independent engine in the same state: a copy of every table (definition, items,
    /// secondary indexes, item counts and sizes, Time to Live and tags; each keeps its
    /// TableId, ARN and CreationDateTime), of the TransactWriteItems tokens remembered and of
    /// when expired items were last swept, using `clock` and
    /// `random` from now on.
    ///
    /// This lets a caller set an engine up once and hand out copies instead of setting up
    /// each one again. Nothing is drawn from `random` while copying (tables keep their
    /// ids), so the copy's next TableId is the next value `random` would give anyway.
    /// Changes to either engine afterwards never show in the other. Item data is shared
    /// copy-on-write, so copying costs about one small allocation per partition, not a copy
    /// of every item.
    ///
    /// Safe to call while the engine serves requests, but only an idle engine gives a
    /// consistent copy: each table is copied under its own lock, one after another, so a
    /// transaction running alongside may show in part, or without its token remembered.
    public func copy(clock: any WallClock, random: any RandomSource) -> DynamoDBEngine {
        DynamoDBEngine(catalog: catalog.copy(clock: clock, random: random), clientRequestTokens: clientRequestTokens.copy(), expirySweeper: expirySweeper.copy())
    }
}
