import Core

/// TransactWriteItems and TransactGetItems: up to 100 actions on distinct items, all or
/// nothing. Each action is authorised as the single-item action it amounts to
/// (`dynamodb:PutItem`, `UpdateItem`, `DeleteItem`, `ConditionCheckItem`, `GetItem`) with its
/// item's partition key, every one before anything is read or written.
extension DynamoDBEngine {
    func transactWriteItems(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "TransactWriteItemsInput")
        let elements = try Self.transactItems(request)
        let token = try request.string("ClientRequestToken")
        let (capacity, capacityText) = try CapacityReport.read(request)
        try request.checkItemCollectionMetrics()
        var actions: [TransactAction] = []
        for (position, element) in elements.enumerated() {
            actions.append(try TransactAction(element, position: position))
        }

        var tables: [String: Table] = [:]
        var keys: [PrimaryKey?] = []
        var seen: Set<TransactionTarget> = []
        for action in actions {
            guard let table = tables[action.tableName] ?? existingTable(action.tableName) else {
                keys.append(nil)
                continue
            }
            tables[action.tableName] = table
            let key = try action.key(in: table)
            guard seen.insert(TransactionTarget(table: action.tableName, key: key)).inserted else {
                throw .validation("Transaction request cannot include multiple operations on one item")
            }
            keys.append(key)
        }
        for (action, key) in zip(actions, keys) {
            try authorizer.authorize(DynamoDBAccess(
                action: action.kind.iamAction, resource: tableARN(action.tableName, tables[action.tableName]),
                leadingKeys: key.map { [$0.partition.leadingKeyText] }, attributes: action.attributes,
                returnConsumedCapacity: capacityText
            ))
        }
        for action in actions { _ = try found(tables[action.tableName]) }

        // After authorising, so a replay is allowed exactly when the original would be.
        let fingerprint = ClientRequestTokens.fingerprint(of: input)
        if let token, let earlier = try clientRequestTokens.replay(token: token, fingerprint: fingerprint, at: catalog.clock.now()) {
            return earlier
        }
        let changes = try catalog.transactWrite(actions.map(\.write))
        var response = JSONObject()
        if capacity != .none {
            var units: [String: Double] = [:]
            var order: [String] = []
            for (action, change) in zip(actions, changes) {
                if units[action.tableName] == nil { order.append(action.tableName) }
                // Transactional writes cost twice a plain write; a condition check one write.
                units[action.tableName, default: 0] += 2 * CapacityUnits.write(old: change.old, new: change.new)
            }
            response["ConsumedCapacity"] = .array(order.compactMap { capacity.consumed(table: $0, units: units[$0] ?? 0) })
        }
        if let token {
            clientRequestTokens.remember(token: token, fingerprint: fingerprint, response: .object(response), at: catalog.clock.now())
        }
        return .object(response)
    }

    func transactGetItems(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "TransactGetItemsInput")
        let elements = try Self.transactItems(request)
        let (capacity, capacityText) = try CapacityReport.read(request)
        var gets: [(tableName: String, keyMap: Item, projection: ProjectionExpression?)] = []
        for (position, element) in elements.enumerated() {
            let wrapper = try OperationRequest(element, input: "TransactGetItem", path: "transactItems.\(position + 1).member")
            guard let body = wrapper.present("Get") else { throw TableRequestReader.notNull(wrapper.memberPath("get")) }
            let get = try OperationRequest(body, input: "Get", path: wrapper.memberPath("get"))
            let tableName = try get.tableName()
            let keyMap = try get.requiredItem("Key")
            gets.append((tableName, keyMap, try get.expressions(.projection)?.projection))
        }

        var tables: [String: Table] = [:]
        var keys: [PrimaryKey?] = []
        var seen: Set<TransactionTarget> = []
        for get in gets {
            guard let table = tables[get.tableName] ?? existingTable(get.tableName) else {
                keys.append(nil)
                continue
            }
            tables[get.tableName] = table
            let key = try table.key.key(fromKey: get.keyMap)
            guard seen.insert(TransactionTarget(table: get.tableName, key: key)).inserted else {
                throw .validation("Transaction request cannot include multiple operations on one item")
            }
            keys.append(key)
        }
        for (get, key) in zip(gets, keys) {
            try authorizer.authorize(DynamoDBAccess(
                action: "dynamodb:GetItem", resource: tableARN(get.tableName, tables[get.tableName]),
                leadingKeys: key.map { [$0.partition.leadingKeyText] },
                attributes: get.projection.map { sortedAttributeNames($0.attributeNames) }, returnConsumedCapacity: capacityText
            ))
        }
        for get in gets { _ = try found(tables[get.tableName]) }

        let items = try catalog.transactGet(gets.map { ($0.tableName, $0.keyMap) })
        var responses: [JSON] = []
        var units: [String: Double] = [:]
        var order: [String] = []
        for (get, item) in zip(gets, items) {
            if units[get.tableName] == nil { order.append(get.tableName) }
            units[get.tableName, default: 0] += 2 * CapacityUnits.read(bytes: item?.itemSize ?? 0, consistent: true)
            guard let item else {
                responses.append(.object(JSONObject()))
                continue
            }
            responses.append(["Item": (get.projection?.apply(to: item) ?? item).wire])
        }
        var response: JSONObject = ["Responses": .array(responses)]
        if capacity != .none {
            response["ConsumedCapacity"] = .array(order.compactMap { capacity.consumed(table: $0, units: units[$0] ?? 0) })
        }
        return .object(response)
    }

    /// `TransactItems`: 1 to 100 elements.
    static func transactItems(_ request: OperationRequest) throws(DynamoDBError) -> [JSON] {
        guard let elements = try request.array("TransactItems") else { throw TableRequestReader.notNull("transactItems") }
        if elements.isEmpty {
            throw TableRequestReader.constraint("'[]'", at: "transactItems", "Member must have length greater than or equal to 1")
        }
        if elements.count > 100 {
            throw .validation(
                "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100"
            )
        }
        return elements
    }
}
