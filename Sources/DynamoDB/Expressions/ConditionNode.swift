/// A comparison operator of the condition grammar.
enum Comparator: String, Sendable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    init?(_ kind: ExpressionToken.Kind) {
        switch kind {
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessEqual: self = .lessOrEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterOrEqual
        default: return nil
        }
    }

    /// The same test with its operands swapped: `:v < a` is `a > :v`.
    var mirrored: Comparator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }
}

/// Something that yields a value for an item: an attribute, a substituted value or `size(...)`.
/// Values are substituted at parse time so evaluation never looks a placeholder up.
indirect enum Operand: Sendable, Equatable {
    case path(DocumentPath)
    case value(AttributeValue)
    case size(Operand)

    var path: DocumentPath? {
        if case .path(let path) = self { return path }
        return nil
    }

    /// The literal's type, when the operand is a substituted value (checked at parse time).
    var literalType: String? {
        if case .value(let value) = self { return value.typeName }
        return nil
    }
}

/// A parsed condition, filter or key-condition expression.
indirect enum ConditionNode: Sendable, Equatable {
    case compare(Comparator, Operand, Operand)
    case between(Operand, Operand, Operand)
    case isIn(Operand, [Operand])
    case attributeExists(DocumentPath)
    case attributeNotExists(DocumentPath)
    case attributeType(DocumentPath, Operand)
    case beginsWith(Operand, Operand)
    case contains(Operand, Operand)
    case and(ConditionNode, ConditionNode)
    case or(ConditionNode, ConditionNode)
    case not(ConditionNode)
    /// Stands in for a construct whose problem is already recorded; the parse always fails
    /// before such a node could be evaluated.
    case invalid

    /// Every document path the condition reads, in source order.
    func collectPaths(into paths: inout [DocumentPath]) {
        func add(_ operand: Operand) {
            switch operand {
            case .path(let path): paths.append(path)
            case .size(let inner): add(inner)
            case .value: break
            }
        }
        switch self {
        case .compare(_, let a, let b), .beginsWith(let a, let b), .contains(let a, let b):
            add(a)
            add(b)
        case .between(let a, let b, let c):
            add(a)
            add(b)
            add(c)
        case .isIn(let a, let list):
            add(a)
            list.forEach(add)
        case .attributeExists(let path), .attributeNotExists(let path):
            paths.append(path)
        case .attributeType(let path, let type):
            paths.append(path)
            add(type)
        case .and(let a, let b), .or(let a, let b):
            a.collectPaths(into: &paths)
            b.collectPaths(into: &paths)
        case .not(let inner):
            inner.collectPaths(into: &paths)
        case .invalid:
            break
        }
    }
}
