/// A PartiQL statement checked against its table, with the access it asks for.
///
/// A SELECT whose WHERE fixes the partition key by equality (as one of its top-level AND
/// terms) reads that one partition, as a Query would, and carries it as
/// `dynamodb:LeadingKeys`. Any other SELECT reads the whole table or index, as a Scan would:
/// it names no partition, so it has no LeadingKeys (and `dynamodb:FullTableScan` is true),
/// and a `ForAllValues:` condition on LeadingKeys holds vacuously for it. That is the same trap
/// as Scan: a tenant policy must not grant `dynamodb:PartiQLSelect` on a shared table unless
/// it also denies full table scans or requires LeadingKeys to be present.
///
/// INSERT, UPDATE and DELETE name exactly one item: INSERT by its item, UPDATE and DELETE by
/// equalities on every key attribute among their WHERE's top-level AND terms; the rest of
/// the WHERE is a condition on the item.
struct PreparedStatement {
    let statement: PartiQLStatement
    let table: Table?
    /// The one item an UPDATE or DELETE writes, or a SELECT reads when its WHERE names the
    /// table's whole key; nil otherwise (an INSERT's key is in its item), or when the table
    /// does not exist.
    let keyMap: Item?
    /// What a SELECT reads: the table or index and, for a Query, its partition and sort-key
    /// condition.
    let read: Read?
    /// An UPDATE's or DELETE's conditions beyond the key; nil when there are none.
    let condition: ConditionNode?
    let access: DynamoDBAccess

    struct Read {
        let target: ReadTarget
        let partition: AttributeValue?
        let sortKey: SortKeyCondition?
    }

    /// Checks `statement` against `table` (nil when there is none: then only the names are
    /// known, and the access carries no leading keys).
    init(_ statement: PartiQLStatement, table: Table?, resource: String, consistent: Bool, capacity: String?) throws(DynamoDBError) {
        self.statement = statement
        self.table = table
        var leadingKeys: [String]?
        var attributes: [String]?
        var select: String?
        var returnValues: String?
        var fullTableScan: Bool?
        switch statement {
        case .select(let query):
            var read: Read?
            var keyMap: Item?
            if let table {
                guard let target = DynamoDBEngine.readTarget(table.definition, indexName: query.index) else {
                    throw .validation("The table does not have the specified index: \(query.index ?? "")")
                }
                try target.checkConsistentRead(consistent)
                let terms = query.condition?.conjuncts ?? []
                let partition = Self.keyValue(terms, attribute: target.schema.partitionKey, type: target.schema.partitionKeyType)
                var sortKey: SortKeyCondition?
                if partition != nil, let name = target.schema.sortKey, let type = target.schema.sortKeyType {
                    sortKey = terms.lazy.compactMap { Self.sortKeyCondition($0, attribute: name, type: type) }.first
                }
                read = Read(target: target, partition: partition, sortKey: sortKey)
                if let partition, target.index == nil {
                    if let sortName = target.schema.sortKey {
                        if case .equal(let value)? = sortKey { keyMap = [target.schema.partitionKey: partition, sortName: value] }
                    } else {
                        keyMap = [target.schema.partitionKey: partition]
                    }
                }
                leadingKeys = partition.flatMap(KeyScalar.init).map { [$0.leadingKeyText] }
                fullTableScan = partition == nil
            }
            self.read = read
            self.keyMap = keyMap
            condition = query.condition
            if let projection = query.projection {
                var paths: [DocumentPath] = projection
                query.condition?.collectPaths(into: &paths)
                attributes = sortedAttributeNames(Set(paths.map(\.topLevelAttribute)))
                select = "SPECIFIC_ATTRIBUTES"
            } else {
                select = "ALL_ATTRIBUTES"
            }
        case .insert(_, let item):
            let key = try table?.key.key(fromItem: item)
            keyMap = nil
            leadingKeys = key.map { [$0.partition.leadingKeyText] }
            attributes = sortedAttributeNames(item.keys)
            read = nil
            condition = nil
        case .update(_, let actions, let whereClause, let returning):
            let update = UpdateExpression(actions: actions)
            var paths: [DocumentPath] = update.targetPaths
            for case .set(_, let value) in actions { value.collectPaths(into: &paths) }
            whereClause.collectPaths(into: &paths)
            attributes = sortedAttributeNames(Set(paths.map(\.topLevelAttribute)))
            returnValues = returning == .none ? nil : returning.rawValue
            read = nil
            if let table { try update.checkKeyAttributesUntouched(table.key.attributes.map(\.name)) }
            (keyMap, condition, leadingKeys) = try Self.targetItem(whereClause, table: table)
        case .delete(_, let whereClause, let returning):
            var paths: [DocumentPath] = []
            whereClause.collectPaths(into: &paths)
            attributes = sortedAttributeNames(Set(paths.map(\.topLevelAttribute)))
            returnValues = returning == .none ? nil : returning.rawValue
            read = nil
            (keyMap, condition, leadingKeys) = try Self.targetItem(whereClause, table: table)
        }
        access = DynamoDBAccess(
            action: statement.iamAction, resource: resource, leadingKeys: leadingKeys, attributes: attributes, select: select,
            returnValues: returnValues, returnConsumedCapacity: capacity, fullTableScan: fullTableScan
        )
    }

    /// The value an equality among `terms` gives `attribute`, when it has the key's type.
    private static func keyValue(_ terms: [ConditionNode], attribute: String, type: String?) -> AttributeValue? {
        for term in terms {
            if let value = term.equality(on: attribute), value.typeName == type, KeyScalar(value).map({ !$0.isEmpty }) ?? false {
                return value
            }
        }
        return nil
    }

    /// A sort-key condition a Query could use, when `term` is one on `attribute` with
    /// operands of its type (anything else stays a plain filter).
    private static func sortKeyCondition(_ term: ConditionNode, attribute: String, type: String) -> SortKeyCondition? {
        func isKey(_ operand: Operand) -> Bool { operand.path?.elements == [.attribute(attribute)] }
        func value(_ operand: Operand) -> AttributeValue? {
            guard case .value(let value) = operand, value.typeName == type else { return nil }
            return value
        }
        switch term {
        case .compare(let comparator, let a, let b):
            let (operand, comparison): (AttributeValue?, Comparator)
            if isKey(a) {
                (operand, comparison) = (value(b), comparator)
            } else if isKey(b) {
                (operand, comparison) = (value(a), comparator.mirrored)
            } else {
                return nil
            }
            guard let operand else { return nil }
            switch comparison {
            case .equal: return .equal(operand)
            case .less: return .lessThan(operand)
            case .lessOrEqual: return .lessThanOrEqual(operand)
            case .greater: return .greaterThan(operand)
            case .greaterOrEqual: return .greaterThanOrEqual(operand)
            case .notEqual: return nil
            }
        case .between(let subject, let low, let high):
            guard isKey(subject), let lower = value(low), let upper = value(high),
                  let order = AttributeValue.compareScalars(lower, upper), order <= 0
            else { return nil }
            return .between(lower, upper)
        case .beginsWith(let subject, let prefix):
            guard isKey(subject), type != "N", let prefix = value(prefix) else { return nil }
            return .beginsWith(prefix)
        default:
            return nil
        }
    }

    /// The key an UPDATE's or DELETE's WHERE names by equalities on every key attribute, and
    /// the rest of the WHERE (nil when nothing is left).
    /// The one item an UPDATE or DELETE names: its key, the rest of the WHERE as a condition, and
    /// its partition as the request's LeadingKeys; all nil when the table does not exist.
    private static func targetItem(
        _ whereClause: ConditionNode, table: Table?
    ) throws(DynamoDBError) -> (key: Item?, condition: ConditionNode?, leadingKeys: [String]?) {
        guard let table else { return (nil, nil, nil) }
        let (key, rest) = try itemKey(whereClause, table: table)
        return (key, rest, [try table.key.key(fromKey: key).partition.leadingKeyText])
    }

    private static func itemKey(_ whereClause: ConditionNode, table: Table) throws(DynamoDBError) -> (Item, ConditionNode?) {
        var terms = whereClause.conjuncts
        var key: Item = [:]
        for attribute in table.key.attributes {
            guard let position = terms.firstIndex(where: { $0.equality(on: attribute.name) != nil }),
                  let value = terms[position].equality(on: attribute.name)
            else { throw .validation("Where clause does not contain a mandatory equality on all key attributes") }
            key[attribute.name] = value
            terms.remove(at: position)
        }
        _ = try table.key.key(fromKey: key)
        let rest = terms.dropFirst().reduce(terms.first) { combined, term in combined.map { .and($0, term) } }
        return (key, rest)
    }
}
