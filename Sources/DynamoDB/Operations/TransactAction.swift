import Core

/// One element of TransactWriteItems' `TransactItems`, read and its expressions parsed.
struct TransactAction {
    enum Kind: String, CaseIterable {
        case conditionCheck = "ConditionCheck"
        case put = "Put"
        case delete = "Delete"
        case update = "Update"

        /// The IAM action each element is authorised as.
        var iamAction: String {
            switch self {
            case .conditionCheck: "dynamodb:ConditionCheckItem"
            case .put: "dynamodb:PutItem"
            case .delete: "dynamodb:DeleteItem"
            case .update: "dynamodb:UpdateItem"
            }
        }
    }

    let kind: Kind
    let tableName: String
    /// Put's item.
    let item: Item?
    /// The key map of every other kind.
    let keyMap: Item?
    let expressions: RequestExpressions?
    let returnOldOnFailure: Bool

    /// Reads element `position` (0-based; messages count from 1).
    init(_ json: JSON, position: Int) throws(DynamoDBError) {
        let element = try OperationRequest(json, input: "TransactWriteItem", path: "transactItems.\(position + 1).member")
        let kinds = Kind.allCases.filter { element.has($0.rawValue) }
        guard kinds.count == 1, let kind = kinds.first, let body = element.present(kind.rawValue) else {
            throw .validation("TransactItems can only contain one of Check, Put, Update or Delete")
        }
        let request = try OperationRequest(body, input: kind.rawValue, path: element.memberPath(OperationRequest.camelCase(kind.rawValue)))
        self.kind = kind
        tableName = try request.tableName()
        switch kind {
        case .put:
            item = try request.requiredItem("Item")
            keyMap = nil
            expressions = try request.expressions(.condition)
        case .delete:
            item = nil
            keyMap = try request.requiredItem("Key")
            expressions = try request.expressions(.condition)
        case .update:
            item = nil
            keyMap = try request.requiredItem("Key")
            guard request.has("UpdateExpression") else { throw TableRequestReader.notNull(request.memberPath("updateExpression")) }
            expressions = try request.expressions([.update, .condition])
        case .conditionCheck:
            item = nil
            keyMap = try request.requiredItem("Key")
            guard request.has("ConditionExpression") else { throw TableRequestReader.notNull(request.memberPath("conditionExpression")) }
            expressions = try request.expressions(.condition)
        }
        returnOldOnFailure = try ConditionFailureReturn.read(request)
    }

    /// The item's key, validated against the table's schema; an update may not write it.
    func key(in table: Table) throws(DynamoDBError) -> PrimaryKey {
        if let update = expressions?.update {
            try update.checkKeyAttributesUntouched(table.key.attributes.map(\.name))
        }
        if let item { return try table.key.key(fromItem: item) }
        return try table.key.key(fromKey: keyMap ?? [:])
    }

    /// `dynamodb:Attributes`: what a put writes, and every attribute the expressions name.
    var attributes: [String]? {
        if let item { return sortedAttributeNames((expressions?.attributeNames ?? []).union(item.keys)) }
        return expressions.map { sortedAttributeNames($0.attributeNames) }
    }

    /// The write for the catalog's transaction.
    var write: TransactionWrite {
        let check: (Item?) throws(DynamoDBError) -> Void = expressions?.condition.map {
            ConditionFailureReturn.check($0, returningOld: returnOldOnFailure)
        } ?? { _ in }
        switch kind {
        case .put:
            return .put(tableName: tableName, item: item ?? [:], check: check)
        case .delete:
            return .delete(tableName: tableName, key: keyMap ?? [:], check: check)
        case .conditionCheck:
            return .conditionCheck(tableName: tableName, key: keyMap ?? [:], check: check)
        case .update:
            let transform = DynamoDBEngine.updateTransform(
                keyMap: keyMap ?? [:], expressions: expressions, returnOldOnFailure: returnOldOnFailure
            )
            return .update(tableName: tableName, key: keyMap ?? [:], transform: transform)
        }
    }
}
