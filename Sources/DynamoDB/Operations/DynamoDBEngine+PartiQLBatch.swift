import Core

/// BatchExecuteStatement and ExecuteTransaction: several PartiQL statements at once, each
/// authorised as its own PartiQL action with its item's partition key.
///
/// A batch runs its statements one by one, each succeeding or failing alone (its failure
/// is reported in its response, `AccessDenied` included); its reads must name whole keys,
/// as BatchGetItem's do. A transaction is authorised whole before anything is read or
/// written, and is all reads (as TransactGetItems) or all writes (as TransactWriteItems).
extension DynamoDBEngine {
    func batchExecuteStatement(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "BatchExecuteStatementInput")
        let elements = try Self.statementList(request, member: "Statements", maximum: 25)
        let (_, capacityText) = try CapacityReport.read(request)
        var parsed: [Result<(PartiQLStatement, OperationRequest), DynamoDBError>] = []
        for (position, element) in elements.enumerated() {
            let member = try OperationRequest(element, input: "BatchStatementRequest", path: "statements.\(position + 1).member")
            do throws(DynamoDBError) {
                parsed.append(.success((try Self.statement(member), member)))
            } catch where error.code == "ValidationException" {
                parsed.append(.failure(error))
            }
        }
        let kinds = Set(parsed.compactMap { try? $0.get().0.isRead })
        if kinds.count > 1 { throw .validation("Unsupported operation: Batch must contain either all reads or all writes") }

        var responses: [JSON] = []
        for outcome in parsed {
            var response = JSONObject()
            do throws(DynamoDBError) {
                let (statement, member) = try outcome.get()
                response["TableName"] = .string(statement.tableName)
                let consistent = try member.bool("ConsistentRead") ?? false
                let returnOld = try ConditionFailureReturn.read(member)
                let prepared = try prepare(statement, consistent: consistent, capacity: capacityText)
                if statement.isRead, prepared.table != nil, prepared.keyMap == nil {
                    throw .validation("Select statements within BatchExecuteStatement must specify the full primary key")
                }
                try authorizer.authorize(prepared.access)
                let table = try found(prepared.table)
                if statement.isRead {
                    let (items, _, _) = try select(prepared, table: table, startKey: nil, limit: nil)
                    if let item = items.first { response["Item"] = item.wire }
                } else {
                    _ = try write(prepared, table: table, returnOldOnFailure: returnOld)
                }
            } catch {
                var failure: JSONObject = ["Code": .string(error.reasonCode), "Message": .string(error.message)]
                if let item = error.item { failure["Item"] = item.wire }
                response["Error"] = .object(failure)
            }
            responses.append(.object(response))
        }
        return ["Responses": .array(responses)]
    }

    func executeTransaction(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "ExecuteTransactionInput")
        let elements = try Self.statementList(request, member: "TransactStatements", maximum: 100)
        let token = try request.string("ClientRequestToken")
        let (capacity, capacityText) = try CapacityReport.read(request)
        var statements: [PartiQLStatement] = []
        for (position, element) in elements.enumerated() {
            let member = try OperationRequest(element, input: "ParameterizedStatement", path: "transactStatements.\(position + 1).member")
            statements.append(try Self.statement(member))
        }
        if Set(statements.map(\.isRead)).count > 1 {
            throw .validation("Unsupported operation: Transaction must contain either all reads or all writes")
        }
        var prepared: [PreparedStatement] = []
        var seen: Set<String> = []
        for statement in statements {
            let one = try prepare(statement, consistent: false, capacity: capacityText)
            if statement.isRead, one.table != nil, one.keyMap == nil {
                throw .validation("Select statements within ExecuteTransaction must specify the full primary key")
            }
            if let table = one.table {
                let key = one.keyMap ?? (try? table.keyMap(of: { if case .insert(_, let item) = statement { item } else { [:] } }())) ?? [:]
                guard seen.insert("\(table.name)\u{0}\(key.wire.serialized(sortedKeys: true))").inserted else {
                    throw .validation("Transaction request cannot include multiple operations on one item")
                }
            }
            prepared.append(one)
        }
        for one in prepared { try authorizer.authorize(one.access) }
        for one in prepared { _ = try found(one.table) }

        if statements.first?.isRead == true {
            let items = try catalog.transactGet(prepared.map { ($0.statement.tableName, $0.keyMap ?? [:]) })
            var responses: [JSON] = []
            for (one, item) in zip(prepared, items) {
                guard case .select(let query) = one.statement, let item, query.condition?.evaluate(item) ?? true else {
                    responses.append(.object(JSONObject()))
                    continue
                }
                let projected = query.projection.map { ProjectionExpression(paths: $0).apply(to: item) } ?? item
                responses.append(["Item": projected.wire])
            }
            var response: JSONObject = ["Responses": .array(responses)]
            if let consumed = capacity.consumed(table: prepared[0].statement.tableName, units: Double(2 * prepared.count)) {
                response["ConsumedCapacity"] = .array([consumed])
            }
            return .object(response)
        }

        let fingerprint = ClientRequestTokens.fingerprint(of: input)
        if let token, let earlier = try clientRequestTokens.replay(token: token, fingerprint: fingerprint, at: catalog.clock.now()) {
            return earlier
        }
        let writes = prepared.map { one -> TransactionWrite in
            switch one.statement {
            case .insert(let table, let item):
                return .put(tableName: table, item: item, check: Self.insertCheck)
            case .update(let table, let actions, _, _):
                return .update(tableName: table, key: one.keyMap ?? [:], transform: Self.updateTransform(one, actions: actions, returnOldOnFailure: false))
            default:
                return .delete(tableName: one.statement.tableName, key: one.keyMap ?? [:], check: Self.deleteCheck(one, returnOldOnFailure: false))
            }
        }
        let changes = try catalog.transactWrite(writes)
        var response = JSONObject()
        if capacity != .none {
            let units = zip(prepared, changes).reduce(0.0) { $0 + 2 * CapacityUnits.write(old: $1.1.old, new: $1.1.new) }
            if let consumed = capacity.consumed(table: prepared[0].statement.tableName, units: units) {
                response["ConsumedCapacity"] = .array([consumed])
            }
        }
        if let token {
            clientRequestTokens.remember(token: token, fingerprint: fingerprint, response: .object(response), at: catalog.clock.now())
        }
        return .object(response)
    }

    /// `Statements` or `TransactStatements`: 1 to `maximum` elements.
    static func statementList(_ request: OperationRequest, member: String, maximum: Int) throws(DynamoDBError) -> [JSON] {
        let path = OperationRequest.camelCase(member)
        guard let elements = try request.array(member) else { throw TableRequestReader.notNull(path) }
        if elements.isEmpty {
            throw TableRequestReader.constraint("'[]'", at: path, "Member must have length greater than or equal to 1")
        }
        if elements.count > maximum {
            throw .validation("1 validation error detected: Value at '\(path)' failed to satisfy constraint: Member must have length less than or equal to \(maximum)")
        }
        return elements
    }
}

extension DynamoDBError {
    /// The short code a batch response or a cancelled transaction gives for this error:
    /// `ConditionalCheckFailed`, `ValidationError`, `DuplicateItem`, `AccessDenied`...
    var reasonCode: String {
        switch code {
        case "ConditionalCheckFailedException": "ConditionalCheckFailed"
        case "ValidationException": "ValidationError"
        default: code.hasSuffix("Exception") ? String(code.dropLast("Exception".count)) : code
        }
    }
}
