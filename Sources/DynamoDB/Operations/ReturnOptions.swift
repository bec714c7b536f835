import Core

/// `ReturnValues`: which version of an item a write answers with.
enum ReturnValues: String {
    case none = "NONE"
    case allOld = "ALL_OLD"
    case updatedOld = "UPDATED_OLD"
    case allNew = "ALL_NEW"
    case updatedNew = "UPDATED_NEW"

    /// The enum as DynamoDB's constraint message lists it.
    static let listed = ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"]

    /// Reads `ReturnValues`. PutItem and DeleteItem accept every value of the enum at the
    /// front door, then refuse all but NONE and ALL_OLD with their own message.
    static func read(_ request: OperationRequest, onlyOld: Bool) throws(DynamoDBError) -> (ReturnValues, raw: String?) {
        guard let text = try request.enumeration("ReturnValues", allowed: listed) else { return (.none, nil) }
        let value = ReturnValues(rawValue: text) ?? .none
        if onlyOld, value != .none, value != .allOld {
            throw .validation("ReturnValues can only be ALL_OLD or NONE")
        }
        return (value, text)
    }
}

/// `ReturnConsumedCapacity`: whether and how finely a response reports capacity.
enum CapacityReport: String {
    case none = "NONE"
    case total = "TOTAL"
    case indexes = "INDEXES"

    static func read(_ request: OperationRequest) throws(DynamoDBError) -> (CapacityReport, raw: String?) {
        guard let text = try request.enumeration("ReturnConsumedCapacity", allowed: ["INDEXES", "TOTAL", "NONE"]) else {
            return (.none, nil)
        }
        return (CapacityReport(rawValue: text) ?? .none, text)
    }

    /// `{"TableName": ..., "CapacityUnits": ...}`, with the `Table` (and index) breakdown
    /// for INDEXES; nil for NONE. An index read is charged to the index, not the table.
    func consumed(table: String, units: Double, index: (name: String, isGlobal: Bool)? = nil) -> JSON? {
        guard self != .none else { return nil }
        var object: JSONObject = ["TableName": .string(table), "CapacityUnits": Self.number(units)]
        if self == .indexes {
            object["Table"] = ["CapacityUnits": Self.number(index == nil ? units : 0)]
            if let index {
                object[index.isGlobal ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"] = .object(
                    [index.name: ["CapacityUnits": Self.number(units)]]
                )
            }
        }
        return .object(object)
    }

    /// Units as DynamoDB writes them (`1.0`, `0.5`).
    static func number(_ units: Double) -> JSON {
        JSONNumber(units.description).map(JSON.number) ?? .number(units)
    }
}

/// DynamoDB's published capacity arithmetic: a write unit per started KB of the item, a read
/// unit per started 4 KB (half for eventually consistent reads), at least one unit per item
/// or request; transactions cost double.
enum CapacityUnits {
    static func write(bytes: Int) -> Double {
        Double(max(1, (bytes + 1023) / 1024))
    }

    static func read(bytes: Int, consistent: Bool) -> Double {
        Double(max(1, (bytes + 4095) / 4096)) * (consistent ? 1 : 0.5)
    }

    /// A write's cost: the larger of the item before and after, as DynamoDB charges updates.
    static func write(old: Item?, new: Item?) -> Double {
        write(bytes: max(old?.itemSize ?? 0, new?.itemSize ?? 0))
    }
}

/// What a write answers with for each `ReturnValues` (nil: no `Attributes` member).
extension ReturnValues {
    func attributes(old: Item?, new: Item?, updated: [DocumentPath]) -> Item? {
        let chosen: Item?
        switch self {
        case .none: return nil
        case .allOld: chosen = old
        case .allNew: chosen = new
        // Only the parts the update wrote, before or after: `SET a.b = :x` answers `{a: {b}}`.
        case .updatedOld: chosen = old.map { ProjectionExpression(paths: updated).apply(to: $0) }
        case .updatedNew: chosen = new.map { ProjectionExpression(paths: updated).apply(to: $0) }
        }
        guard let chosen, !chosen.isEmpty else { return nil }
        return chosen
    }
}

/// `ReturnValuesOnConditionCheckFailure` and the check that raises it.
enum ConditionFailureReturn {
    /// True for ALL_OLD: a failed condition carries the current item.
    static func read(_ request: OperationRequest) throws(DynamoDBError) -> Bool {
        try request.enumeration("ReturnValuesOnConditionCheckFailure", allowed: ["ALL_OLD", "NONE"]) == "ALL_OLD"
    }

    /// A check closure for the tables: passes when `condition` holds for the current item
    /// (the empty item when there is none).
    static func check(_ condition: ConditionExpression, returningOld: Bool) -> (Item?) throws(DynamoDBError) -> Void {
        { current throws(DynamoDBError) in
            if !condition.evaluate(current ?? [:]) { throw .conditionalCheckFailed(item: returningOld ? current : nil) }
        }
    }
}
