import Core

/// What a Query or Scan returns of each item it keeps: `Select` together with the projection
/// (`ProjectionExpression` or the legacy `AttributesToGet`).
struct ReadSelection {
    enum Mode: Equatable {
        case allAttributes
        case allProjected
        case specific
        case count
    }

    let mode: Mode
    let projection: ProjectionExpression?
    /// `Select` as given, for `dynamodb:Select`.
    let selectText: String?

    /// The `Select` enum as DynamoDB's constraint message lists it.
    static let selectValues = ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"]

    /// Checks `Select` against the projection and `IndexName` with DynamoDB's rules and
    /// messages (Query prefixes some of them with `1 validation error detected: `, Scan does
    /// not), and settles the default: SPECIFIC_ATTRIBUTES with a projection, otherwise
    /// ALL_PROJECTED_ATTRIBUTES for an index and ALL_ATTRIBUTES for a table.
    init(_ request: OperationRequest, projection: ProjectionExpression?, isQuery: Bool, hasIndex: Bool) throws(DynamoDBError) {
        let select = try request.enumeration("Select", allowed: Self.selectValues)
        let prefix = isQuery ? "1 validation error detected: " : ""
        if projection != nil, let select, select != "SPECIFIC_ATTRIBUTES" {
            let member = request.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet"
            let what = select == "COUNT" ? "only the Count" : select
            throw .validation("\(prefix)Cannot specify the \(member) when choosing to get \(what)")
        }
        if select == "SPECIFIC_ATTRIBUTES", projection == nil {
            throw .validation("\(prefix)Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
        }
        if select == "ALL_PROJECTED_ATTRIBUTES", !hasIndex {
            throw .validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
        }
        switch select {
        case "COUNT": mode = .count
        case "ALL_ATTRIBUTES": mode = .allAttributes
        case "ALL_PROJECTED_ATTRIBUTES": mode = .allProjected
        case "SPECIFIC_ATTRIBUTES": mode = .specific
        default: mode = projection != nil ? .specific : hasIndex ? .allProjected : .allAttributes
        }
        self.projection = projection
        selectText = select
    }

    /// The index checks: a global index serves only what it projects, so asking it for
    /// every attribute is refused unless it projects them all.
    func check(index: (definition: SecondaryIndexDefinition, isGlobal: Bool)?) throws(DynamoDBError) {
        guard let index, index.isGlobal, mode == .allAttributes, index.definition.projection != .all else { return }
        throw .validation(
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index \(index.definition.name) because its projection type is not ALL"
        )
    }

    /// Whether the items read from a local index must be completed from the table: a local
    /// index, unlike a global one, fetches attributes it does not project.
    func needsTableItems(index: (definition: SecondaryIndexDefinition, isGlobal: Bool)?, tableKey: KeySchema) -> Bool {
        guard let index, !index.isGlobal else { return false }
        let projected: Set<String>
        switch index.definition.projection {
        case .all: return false
        case .keysOnly: projected = []
        case .include(let names): projected = Set(names)
        }
        switch mode {
        case .allAttributes: return true
        case .specific:
            let keys = Set(tableKey.attributeNames + index.definition.keySchema.attributeNames)
            return !(projection?.attributeNames ?? []).isSubset(of: projected.union(keys))
        case .allProjected, .count: return false
        }
    }

    /// The response members for the kept items: `Items` (absent for COUNT) and `Count`.
    func render(_ items: [Item], into response: inout JSONObject) {
        if mode != .count {
            response["Items"] = .array(items.map { (projection?.apply(to: $0) ?? $0).wire })
        }
        response["Count"] = .number(items.count)
    }
}
