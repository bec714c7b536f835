/// An operand on the right of `SET path = ...`.
indirect enum UpdateOperand: Sendable, Equatable {
    case path(DocumentPath)
    case value(AttributeValue)
    case ifNotExists(DocumentPath, UpdateOperand)
    case listAppend(UpdateOperand, UpdateOperand)
    /// Stands in for an unknown or misused function; the parse fails before it is used.
    case invalid

    var literalType: String? {
        if case .value(let value) = self { return value.typeName }
        return nil
    }

    func collectPaths(into paths: inout [DocumentPath]) {
        switch self {
        case .path(let path): paths.append(path)
        case .ifNotExists(let path, let fallback):
            paths.append(path)
            fallback.collectPaths(into: &paths)
        case .listAppend(let a, let b):
            a.collectPaths(into: &paths)
            b.collectPaths(into: &paths)
        case .value, .invalid: break
        }
    }
}

/// The full right-hand side of a SET action: one operand, or two joined by `+` or `-`.
enum UpdateValue: Sendable, Equatable {
    case operand(UpdateOperand)
    case plus(UpdateOperand, UpdateOperand)
    case minus(UpdateOperand, UpdateOperand)

    func collectPaths(into paths: inout [DocumentPath]) {
        switch self {
        case .operand(let a): a.collectPaths(into: &paths)
        case .plus(let a, let b), .minus(let a, let b):
            a.collectPaths(into: &paths)
            b.collectPaths(into: &paths)
        }
    }
}

/// One action of an update expression.
enum UpdateAction: Sendable, Equatable {
    case set(DocumentPath, UpdateValue)
    case remove(DocumentPath)
    case add(DocumentPath, AttributeValue)
    case delete(DocumentPath, AttributeValue)

    /// The path the action writes.
    var target: DocumentPath {
        switch self {
        case .set(let path, _), .remove(let path), .add(let path, _), .delete(let path, _): path
        }
    }
}

/// The four clauses; each may appear once.
enum UpdateClause: String, CaseIterable {
    case set = "SET"
    case remove = "REMOVE"
    case add = "ADD"
    case delete = "DELETE"
}
