/// A parsed PartiQL statement, its `?` parameters already substituted: DynamoDB's subset of
/// PartiQL, one item operation or one read.
enum PartiQLStatement: Sendable {
    case select(PartiQLSelect)
    /// `INSERT INTO "t" VALUE {...}`: a put that fails when the item exists.
    case insert(table: String, item: Item)
    /// `UPDATE "t" SET ... REMOVE ... WHERE ...`: the WHERE names the whole key; what it
    /// says beyond the key is a condition on the item.
    case update(table: String, actions: [UpdateAction], condition: ConditionNode, returning: ReturnValues)
    /// `DELETE FROM "t" WHERE ...`, with the same kind of WHERE as UPDATE.
    case delete(table: String, condition: ConditionNode, returning: ReturnValues)

    var tableName: String {
        switch self {
        case .select(let select): select.table
        case .insert(let table, _), .update(let table, _, _, _), .delete(let table, _, _): table
        }
    }

    /// The IAM action the statement is authorised as.
    var iamAction: String {
        switch self {
        case .select: "dynamodb:PartiQLSelect"
        case .insert: "dynamodb:PartiQLInsert"
        case .update: "dynamodb:PartiQLUpdate"
        case .delete: "dynamodb:PartiQLDelete"
        }
    }

    var isRead: Bool {
        if case .select = self { return true }
        return false
    }
}

/// `SELECT list FROM "table"."index" WHERE condition`.
struct PartiQLSelect: Sendable {
    let table: String
    let index: String?
    /// nil for `*`.
    let projection: [DocumentPath]?
    let condition: ConditionNode?
}

/// The conjuncts of a WHERE clause: `a AND (b AND c)` is `[a, b, c]`; anything else is one.
extension ConditionNode {
    var conjuncts: [ConditionNode] {
        var result: [ConditionNode] = []
        var pending = [self]
        while let node = pending.popLast() {
            if case .and(let a, let b) = node {
                pending.append(b)
                pending.append(a)
            } else {
                result.append(node)
            }
        }
        return result
    }

    /// The value `attribute = value` (either way round) fixes, if this is such an equality.
    func equality(on attribute: String) -> AttributeValue? {
        guard case .compare(.equal, let a, let b) = self else { return nil }
        switch (a, b) {
        case (.path(let path), .value(let value)), (.value(let value), .path(let path)):
            return path.elements == [.attribute(attribute)] ? value : nil
        default:
            return nil
        }
    }
}
