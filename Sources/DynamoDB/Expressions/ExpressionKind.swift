/// Which request member an expression came from. DynamoDB names the member in every message
/// about the expression (`Invalid FilterExpression: ...`), so the parser carries it along.
public enum ExpressionKind: String, Sendable, Hashable, CaseIterable {
    /// PutItem/UpdateItem/DeleteItem's `ConditionExpression`.
    case condition = "ConditionExpression"
    /// Query/Scan's `FilterExpression`.
    case filter = "FilterExpression"
    /// Query's `KeyConditionExpression`.
    case keyCondition = "KeyConditionExpression"
    /// `ProjectionExpression`.
    case projection = "ProjectionExpression"
    /// UpdateItem's `UpdateExpression`.
    case update = "UpdateExpression"

    /// The request member's name, as it appears after `Invalid ` in DynamoDB's messages.
    public var memberName: String { rawValue }

    /// A ValidationException worded `Invalid <Member>: <message>`.
    func invalid(_ issue: ExpressionIssue) -> DynamoDBError {
        .validation("Invalid \(rawValue): \(issue.message)")
    }
}

/// A problem found in an expression, located at a UTF-8 byte offset of its source so tests and
/// diagnostics can point at it; DynamoDB's own wording is in `message`.
struct ExpressionIssue: Error, Sendable, Equatable {
    let message: String
    let offset: Int
}

/// Problems that DynamoDB reports only once the whole expression has parsed, and then in a fixed
/// order of kinds rather than source order: `((a = :x))` with an undefined `:x` is reported as
/// redundant parentheses. Only the first issue of each kind is kept.
struct DeferredIssues: Sendable {
    enum Category: Int, Sendable, CaseIterable {
        case redundantParentheses, unknownFunction, misusedFunction, reservedWord, repeatedSection
        case undefinedPlaceholder, pathOverlap, pathConflict, operandCount, distinctOperands
        case operandType, inOperandCount
    }

    private var issues: [Category: ExpressionIssue] = [:]

    mutating func record(_ category: Category, _ message: @autoclosure () -> String, at offset: Int) {
        guard issues[category] == nil else { return }
        issues[category] = ExpressionIssue(message: message(), offset: offset)
    }

    var isEmpty: Bool { issues.isEmpty }

    /// The issue DynamoDB would report, by its precedence for this kind of expression.
    func first(for kind: ExpressionKind) -> ExpressionIssue? {
        let order: [Category]
        switch kind {
        case .update:
            // Update expressions check names before functions and sections (as DynamoDB does).
            order = [.reservedWord, .unknownFunction, .repeatedSection, .undefinedPlaceholder, .pathOverlap,
                     .pathConflict, .operandType, .operandCount, .redundantParentheses, .misusedFunction,
                     .distinctOperands, .inOperandCount]
        case .projection:
            order = [.reservedWord, .undefinedPlaceholder, .pathOverlap, .pathConflict]
        case .condition, .filter, .keyCondition:
            order = [.redundantParentheses, .unknownFunction, .misusedFunction, .reservedWord, .undefinedPlaceholder,
                     .inOperandCount, .operandCount, .distinctOperands, .operandType, .pathOverlap, .pathConflict,
                     .repeatedSection]
        }
        for category in order {
            if let issue = issues[category] { return issue }
        }
        return nil
    }
}
