import Core

/// The expression members of a request, and the legacy members that predate them.
extension OperationRequest {
    /// Which expression members an operation has.
    struct ExpressionMembers: OptionSet {
        let rawValue: Int
        static let keyCondition = ExpressionMembers(rawValue: 1)
        static let filter = ExpressionMembers(rawValue: 2)
        static let condition = ExpressionMembers(rawValue: 4)
        static let projection = ExpressionMembers(rawValue: 8)
        static let update = ExpressionMembers(rawValue: 16)
    }

    /// Parses the request's expressions together, with its placeholder maps; nil when the
    /// request has no expression and no maps (the common PutItem and GetItem, parsed for
    /// nothing). `keySchema` is needed only for a key condition.
    func expressions(_ members: ExpressionMembers, keySchema: QueryKeySchema? = nil) throws(DynamoDBError) -> RequestExpressions? {
        let keyCondition = members.contains(.keyCondition) ? try string("KeyConditionExpression") : nil
        let filter = members.contains(.filter) ? try string("FilterExpression") : nil
        let condition = members.contains(.condition) ? try string("ConditionExpression") : nil
        let projection = members.contains(.projection) ? try string("ProjectionExpression") : nil
        let update = members.contains(.update) ? try string("UpdateExpression") : nil
        let names = try expressionNames()
        let values = try expressionValues()
        if keyCondition == nil, filter == nil, condition == nil, projection == nil, update == nil, names == nil, values == nil {
            return nil
        }
        return try RequestExpressions(
            keyCondition: keyCondition, keySchema: keySchema, filter: filter, condition: condition,
            projection: projection, update: update, names: names, values: values
        )
    }

    /// Refuses a request that mixes legacy members with expressions, in DynamoDB's words, and
    /// one that uses a legacy member this engine does not model (`supported` lists those it
    /// does, such as `AttributesToGet`).
    func checkLegacy(_ legacy: [String], expressions: [String], supported: Set<String> = []) throws(DynamoDBError) {
        let legacyPresent = legacy.filter(has)
        guard !legacyPresent.isEmpty else { return }
        let expressionsPresent = expressions.filter(has)
        if !expressionsPresent.isEmpty {
            throw .validation(
                "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {\(legacyPresent.joined(separator: ", "))} Expression parameters: {\(expressionsPresent.joined(separator: ", "))}"
            )
        }
        if let unsupported = legacyPresent.first(where: { !supported.contains($0) }) {
            throw .validation("The legacy parameter \(unsupported) is not supported by this DynamoDB; use its expression counterpart instead")
        }
    }

    /// The projection a read asks for: its ProjectionExpression, or else its legacy
    /// AttributesToGet (the two never come together: `checkLegacy` refuses that).
    func projection(_ expressions: RequestExpressions?) throws(DynamoDBError) -> ProjectionExpression? {
        if let projection = expressions?.projection { return projection }
        return try attributesToGet()
    }

    /// The legacy `AttributesToGet` as a projection of top-level attributes; nil when absent.
    func attributesToGet() throws(DynamoDBError) -> ProjectionExpression? {
        guard let elements = try array("AttributesToGet") else { return nil }
        var names: [String] = []
        for element in elements {
            guard case .string(let name) = element else { throw mismatch(element, expected: "a String", "AttributesToGet") }
            if names.contains(name) {
                throw .validation("One or more parameter values were invalid: Duplicate value in attribute name: \(name)")
            }
            names.append(name)
        }
        if names.isEmpty {
            throw TableRequestReader.constraint("'[]'", at: memberPath("attributesToGet"), "Member must have length greater than or equal to 1")
        }
        return ProjectionExpression(paths: names.map(DocumentPath.init(attribute:)))
    }

    /// `ReturnItemCollectionMetrics` is accepted (and answered with nothing: the engine keeps
    /// no item collection metrics) once its value is checked.
    func checkItemCollectionMetrics() throws(DynamoDBError) {
        _ = try enumeration("ReturnItemCollectionMetrics", allowed: ["SIZE", "NONE"])
    }
}

/// How `dynamodb:LeadingKeys` spells a partition key value.
extension KeyScalar {
    /// S as the string, N in its normal form, B as base64.
    var leadingKeyText: String {
        switch self {
        case .s(let text): text
        case .n(let number): number.description
        case .b(let bytes): Base64.encode(bytes)
        }
    }
}

/// Sorted names for `dynamodb:Attributes`, so the access is the same for the same request.
func sortedAttributeNames(_ names: some Sequence<String>) -> [String] {
    names.sorted()
}
