import Core

/// The condition grammar's functions and the checks DynamoDB makes on them at parse time,
/// when substituted values are already known.
extension ExpressionParser {
    /// The number of operands each function takes.
    static let conditionFunctionArity: [String: Int] = [
        "attribute_exists": 1, "attribute_not_exists": 1, "attribute_type": 2,
        "begins_with": 2, "contains": 2, "size": 1,
    ]

    /// The type names `attribute_type` accepts, in the order DynamoDB lists them in its message.
    static let attributeTypeNames = ["B", "NULL", "SS", "BOOL", "L", "BS", "N", "NS", "S", "M"]

    /// A function used where a condition is expected: every function but `size`.
    mutating func conditionFunction(_ name: String, _ arguments: [Operand], at offset: Int) -> ConditionNode {
        guard checkFunction(name, arguments, at: offset) else { return .invalid }
        switch name {
        case "attribute_exists", "attribute_not_exists":
            guard let path = requirePath(name, arguments[0], at: offset) else { return .invalid }
            return name == "attribute_exists" ? .attributeExists(path) : .attributeNotExists(path)
        case "attribute_type":
            guard let path = requirePath(name, arguments[0], at: offset) else { return .invalid }
            checkTypeName(arguments[1], at: offset)
            return .attributeType(path, arguments[1])
        case "begins_with":
            for argument in arguments {
                if let type = argument.literalType, type != "S", type != "B" {
                    recordOperandType(name, type, at: offset)
                }
            }
            checkDistinct(name, arguments, at: offset)
            return .beginsWith(arguments[0], arguments[1])
        case "contains":
            checkDistinct(name, arguments, at: offset)
            return .contains(arguments[0], arguments[1])
        default:
            // `size` yields a number, not a truth value.
            deferred.record(.misusedFunction, "The function is not allowed to be used this way in an expression; function: \(name)", at: offset)
            return .invalid
        }
    }

    /// A function used where an operand is expected: only `size`.
    mutating func operandFunction(_ name: String, _ arguments: [Operand], at offset: Int) -> Operand {
        guard checkFunction(name, arguments, at: offset) else { return .value(.null) }
        guard name == "size" else {
            deferred.record(.misusedFunction, "The function is not allowed to be used this way in an expression; function: \(name)", at: offset)
            return .value(.null)
        }
        if let type = arguments[0].literalType, ["N", "BOOL", "NULL"].contains(type) {
            recordOperandType(name, type, at: offset)
        }
        return .size(arguments[0])
    }

    /// Known name and right operand count; false (with the issue recorded) otherwise.
    private mutating func checkFunction(_ name: String, _ arguments: [Operand], at offset: Int) -> Bool {
        guard let arity = Self.conditionFunctionArity[name] else {
            deferred.record(.unknownFunction, "Invalid function name; function: \(name)", at: offset)
            return false
        }
        guard arguments.count == arity else {
            deferred.record(.operandCount,
                            "Incorrect number of operands for operator or function; operator or function: \(name), number of operands: \(arguments.count)",
                            at: offset)
            return false
        }
        return true
    }

    private mutating func requirePath(_ name: String, _ operand: Operand, at offset: Int) -> DocumentPath? {
        guard let path = operand.path else {
            deferred.record(.operandType, "Operator or function requires a document path; operator or function: \(name)", at: offset)
            return nil
        }
        return path
    }

    private mutating func checkTypeName(_ operand: Operand, at offset: Int) {
        guard case .value(let value) = operand, case .s(let typeName) = value else {
            recordOperandType("attribute_type", operand.literalType ?? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}", at: offset)
            return
        }
        if !Self.attributeTypeNames.contains(typeName) {
            deferred.record(.operandType,
                            "Invalid attribute type name found; type: \(typeName), valid types: {\(Self.attributeTypeNames.joined(separator: ","))}",
                            at: offset)
        }
    }

    private mutating func checkDistinct(_ name: String, _ arguments: [Operand], at offset: Int) {
        if let path = arguments[0].path, path == arguments[1].path {
            deferred.record(.distinctOperands,
                            "The first operand must be distinct from the remaining operands for this operator or function; operator: \(name), first operand: \(path)",
                            at: offset)
        }
    }

    mutating func recordOperandType(_ name: String, _ type: String, at offset: Int) {
        deferred.record(.operandType,
                        "Incorrect operand type for operator or function; operator or function: \(name), operand type: \(type)",
                        at: offset)
    }

    /// Two literal bounds must share a type and be in order, or the range is refused outright.
    mutating func checkBetweenBounds(_ low: Operand, _ high: Operand, at offset: Int) {
        guard case .value(let lower) = low, case .value(let upper) = high else { return }
        let bounds = "lower bound operand: AttributeValue: {\(lower.briefDescription)}, upper bound operand: AttributeValue: {\(upper.briefDescription)}"
        if lower.typeName != upper.typeName {
            deferred.record(.operandType, "The BETWEEN operator requires same data type for lower and upper bounds; \(bounds)", at: offset)
        } else if let order = AttributeValue.compareScalars(lower, upper), order > 0 {
            deferred.record(.operandType, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; \(bounds)", at: offset)
        }
    }
}

extension AttributeValue {
    /// `N:5`, `S:abc`: how DynamoDB quotes a value inside its messages.
    var briefDescription: String {
        switch self {
        case .s(let text): "S:\(text)"
        case .n(let number): "N:\(number)"
        case .b(let bytes): "B:\(Base64.encode(bytes))"
        case .bool(let flag): "BOOL:\(flag)"
        case .null: "NULL:true"
        default: "\(typeName):..."
        }
    }
}
