/// UpdateTable.
extension TableCatalog {
    /// UpdateTable: changes billing or capacity, and creates (backfilling from the items
    /// already stored), updates or deletes global secondary indexes. The whole request is
    /// checked against a candidate definition before anything changes; the new index is
    /// ACTIVE when this returns.
    @discardableResult
    public func updateTable(_ name: String, _ update: TableUpdate) throws(DynamoDBError) -> TableDescription {
        let table = try table(named: name)
        try table.state.withLock { (state: inout TableState) throws(DynamoDBError) in
            let plan = try Self.plan(update, for: state.definition)
            for indexName in plan.deletes { state.removeGlobalIndex(named: indexName) }
            if let create = plan.create {
                state.addGlobalIndex(create, definitions: plan.definition.attributeDefinitions)
            }
            state.replaceDefinition(plan.definition)
        }
        return table.describe()
    }

    /// A checked UpdateTable request.
    struct UpdatePlan {
        /// The definition once the update is done.
        var definition: TableDefinition
        var create: SecondaryIndexDefinition?
        var deletes: [String] = []
    }

    static func plan(_ update: TableUpdate, for current: TableDefinition) throws(DynamoDBError) -> UpdatePlan {
        if update.billingMode == nil, update.provisionedThroughput == nil, update.globalSecondaryIndexUpdates.isEmpty {
            throw .validation(
                "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required"
            )
        }
        var candidate = current
        var billingMode: BillingMode?
        var create: SecondaryIndexDefinition?
        var deletes: [String] = []
        switch (update.billingMode, update.provisionedThroughput) {
        case (.payPerRequest, .some):
            throw .validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
        case (.payPerRequest, nil):
            billingMode = .payPerRequest
        case (_, .some(let throughput)):
            if update.billingMode == nil, current.billingMode == .payPerRequest {
                throw .validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
            }
            billingMode = .provisioned(throughput)
        case (.provisioned, nil):
            guard case .provisioned = current.billingMode else {
                throw .validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
            }
        case (nil, nil):
            break
        }
        if let billingMode { candidate.billingMode = billingMode }
        if candidate.billingMode == .payPerRequest {
            for position in candidate.globalSecondaryIndexes.indices { candidate.globalSecondaryIndexes[position].provisionedThroughput = nil }
        }

        let structural = update.globalSecondaryIndexUpdates.filter {
            if case .update = $0 { false } else { true }
        }
        if structural.count > 1 {
            throw DynamoDBError(code: "LimitExceededException", message: "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table")
        }
        for change in update.globalSecondaryIndexUpdates {
            switch change {
            case .create(let index):
                if candidate.index(named: index.name) != nil {
                    throw .validation("One or more parameter values were invalid: Table already has an index with name: \(index.name)")
                }
                var definitions = candidate.attributeDefinitions
                for definition in update.attributeDefinitions {
                    if let existing = definitions.first(where: { $0.name == definition.name }) {
                        guard existing.type == definition.type else {
                            throw .validation("One or more parameter values were invalid: Attribute \(definition.name) is already defined with type \(existing.type.rawValue)")
                        }
                    } else {
                        definitions.append(definition)
                    }
                }
                let offered = definitions
                // Only key attributes keep definitions; ones the new index does not use drop.
                let used = Set(candidate.keySchema.attributeNames + candidate.secondaryIndexes.flatMap(\.definition.keySchema.attributeNames) + index.keySchema.attributeNames)
                definitions.removeAll { !used.contains($0.name) }
                if !index.keySchema.attributeNames.allSatisfy({ name in definitions.contains { $0.name == name } }) {
                    throw TableDefinition.notDefined(index.keySchema.attributeNames, offered)
                }
                candidate.attributeDefinitions = definitions
                candidate.globalSecondaryIndexes.append(index)
                create = index
            case .update(let indexName, let throughput):
                guard let position = candidate.globalSecondaryIndexes.firstIndex(where: { $0.name == indexName }) else {
                    throw .resourceNotFound("Requested resource not found: Index: \(indexName) not found")
                }
                guard case .provisioned = candidate.billingMode else {
                    throw .validation("One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: \(indexName) when BillingMode is PAY_PER_REQUEST")
                }
                candidate.globalSecondaryIndexes[position].provisionedThroughput = throughput
            case .delete(let indexName):
                guard candidate.globalSecondaryIndexes.contains(where: { $0.name == indexName }) else {
                    throw .resourceNotFound("Requested resource not found: Index: \(indexName) not found")
                }
                candidate.globalSecondaryIndexes.removeAll { $0.name == indexName }
                let used = Set(candidate.keySchema.attributeNames + candidate.secondaryIndexes.flatMap(\.definition.keySchema.attributeNames))
                candidate.attributeDefinitions.removeAll { !used.contains($0.name) }
                deletes.append(indexName)
            }
        }
        if case .provisioned(let throughput) = candidate.billingMode {
            // Indexes of a table switching to PROVISIONED take the table's capacity unless given
            // their own, rather than failing on indexes created under on-demand billing.
            for position in candidate.globalSecondaryIndexes.indices where candidate.globalSecondaryIndexes[position].provisionedThroughput == nil {
                if candidate.globalSecondaryIndexes[position].name == create?.name { continue }
                candidate.globalSecondaryIndexes[position].provisionedThroughput = throughput
            }
        }
        try candidate.validate()
        return UpdatePlan(definition: candidate, create: create, deletes: deletes)
    }
}
