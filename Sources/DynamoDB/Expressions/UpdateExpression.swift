/// A parsed UpdateExpression, ready to apply to items.
public struct UpdateExpression: Sendable {
    let actions: [UpdateAction]
    let placeholders: PlaceholderUse

    /// Parses `text`. Syntax, placeholders, repeated clauses, overlapping paths and literal
    /// operand types are all checked here, before any item is touched.
    public init(_ text: String, names: [String: String] = [:], values: [String: AttributeValue] = [:]) throws(DynamoDBError) {
        var parser = ExpressionParser(text, kind: .update, names: names, values: values)
        do {
            actions = try parser.parseUpdate()
        } catch {
            throw ExpressionKind.update.invalid(error)
        }
        placeholders = PlaceholderUse(parser)
    }

    /// An update of actions built elsewhere (a PartiQL UPDATE's SET and REMOVE clauses).
    init(actions: [UpdateAction]) {
        self.actions = actions
        placeholders = PlaceholderUse()
    }

    /// The paths the actions write, in source order.
    public var targetPaths: [DocumentPath] { actions.map(\.target) }

    /// The top-level attributes the update writes (for `dynamodb:Attributes` and key checks).
    public var attributesWritten: Set<String> { Set(actions.map(\.target.topLevelAttribute)) }

    /// The top-level attributes the SET operands read (`b` in `SET a = b + :n`).
    public var attributesRead: Set<String> {
        var paths: [DocumentPath] = []
        for case .set(_, let value) in actions { value.collectPaths(into: &paths) }
        return Set(paths.map(\.topLevelAttribute))
    }

    /// Refuses an update that writes any of `keyAttributes`, as UpdateItem does.
    public func checkKeyAttributesUntouched(_ keyAttributes: [String]) throws(DynamoDBError) {
        for path in targetPaths where keyAttributes.contains(path.topLevelAttribute) {
            throw .validation("One or more parameter values were invalid: Cannot update attribute \(path.topLevelAttribute). This attribute is part of the key")
        }
    }

    /// The item after the update. A missing item is passed as the empty item (UpdateItem
    /// creates it). Every operand reads the item as it was before the update, as in DynamoDB:
    /// `SET a = b, b = a` swaps.
    public func apply(to item: Item) throws(DynamoDBError) -> Item {
        var setValues: [AttributeValue] = []
        for case .set(_, let value) in actions { setValues.append(try value.evaluate(item)) }
        var result = item
        var removals: [DocumentPath] = []
        var nextSet = 0
        for action in actions {
            switch action {
            case .set(let path, _):
                try path.assign(setValues[nextSet], in: &result)
                nextSet += 1
            case .remove(let path):
                removals.append(path)
            case .add(let path, let operand):
                try path.assign(try Self.added(operand, to: path.resolve(in: result)), in: &result)
            case .delete(let path, let operand):
                guard let existing = path.resolve(in: result) else { continue }
                if let remaining = try Self.deleted(operand, from: existing) {
                    try path.assign(remaining, in: &result)
                } else {
                    removals.append(path)
                }
            }
        }
        // Removals last and deepest/highest index first, so list indexes keep meaning what
        // they meant in the original item.
        for path in removals.sorted(by: DocumentPath.removalOrder) { try path.remove(from: &result) }
        return result
    }

    static let incorrectType = DynamoDBError.validation("An operand in the update expression has an incorrect data type")

    /// ADD: a missing attribute becomes the operand; numbers add, sets unite.
    private static func added(_ operand: AttributeValue, to existing: AttributeValue?) throws(DynamoDBError) -> AttributeValue {
        guard let existing else { return operand }
        switch (existing, operand) {
        case (.n(let a), .n(let b)): return .n(try checked(a + b))
        case (.ss(let a), .ss(let b)): return .ss(a + b.filter { !a.contains($0) })
        case (.ns(let a), .ns(let b)): return .ns(a + b.filter { !a.contains($0) })
        case (.bs(let a), .bs(let b)): return .bs(a + b.filter { !a.contains($0) })
        default: throw incorrectType
        }
    }

    /// DELETE: the set less the operand's elements; nil when nothing remains (DynamoDB removes
    /// the attribute rather than store an empty set).
    private static func deleted(_ operand: AttributeValue, from existing: AttributeValue) throws(DynamoDBError) -> AttributeValue? {
        switch (existing, operand) {
        case (.ss(let a), .ss(let b)):
            let rest = a.filter { !b.contains($0) }
            return rest.isEmpty ? nil : .ss(rest)
        case (.ns(let a), .ns(let b)):
            let rest = a.filter { !b.contains($0) }
            return rest.isEmpty ? nil : .ns(rest)
        case (.bs(let a), .bs(let b)):
            let rest = a.filter { !b.contains($0) }
            return rest.isEmpty ? nil : .bs(rest)
        default:
            throw incorrectType
        }
    }

    /// A number that arithmetic produced, refused as DynamoDB refuses one it cannot store.
    static func checked(_ number: DynamoNumber) throws(DynamoDBError) -> DynamoNumber {
        if number.isRepresentable { return number }
        if !number.digits.isEmpty, number.exponent > 126 {
            throw .validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
        }
        if !number.digits.isEmpty, number.exponent < -129 {
            throw .validation("Number underflow. Attempting to store a number with magnitude smaller than supported range")
        }
        throw .validation("Attempting to store more than 38 significant digits in a Number")
    }
}

extension UpdateValue {
    /// The value a SET action stores, computed from the item before the update.
    func evaluate(_ item: Item) throws(DynamoDBError) -> AttributeValue {
        switch self {
        case .operand(let operand):
            return try operand.evaluate(item)
        case .plus(let a, let b), .minus(let a, let b):
            guard case .n(let x) = try a.evaluate(item), case .n(let y) = try b.evaluate(item) else {
                throw UpdateExpression.incorrectType
            }
            let isPlus = if case .plus = self { true } else { false }
            return .n(try UpdateExpression.checked(isPlus ? x + y : x - y))
        }
    }
}

extension UpdateOperand {
    func evaluate(_ item: Item) throws(DynamoDBError) -> AttributeValue {
        switch self {
        case .value(let value):
            return value
        case .path(let path):
            guard let value = path.resolve(in: item) else {
                throw .validation("The provided expression refers to an attribute that does not exist in the item")
            }
            return value
        case .ifNotExists(let path, let fallback):
            if let existing = path.resolve(in: item) { return existing }
            return try fallback.evaluate(item)
        case .listAppend(let a, let b):
            guard case .l(let first) = try a.evaluate(item), case .l(let second) = try b.evaluate(item) else {
                throw UpdateExpression.incorrectType
            }
            return .l(first + second)
        case .invalid:
            throw UpdateExpression.incorrectType
        }
    }
}
