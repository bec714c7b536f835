/// What one DynamoDB request asks to do to one table or index, as IAM authorises it: the
/// action, the resource ARN and the condition keys AWS supplies for that request.
///
/// The engine builds these after parsing a request (it alone knows the key schema) and hands
/// them to a ``DynamoDBAuthorizer`` before touching any data; a batch or transaction yields
/// one access per table and action.
public struct DynamoDBAccess: Sendable, Equatable {
    /// `dynamodb:GetItem`, `dynamodb:Query`, ...
    public let action: String
    /// `arn:aws:dynamodb:<region>:<account>:table/<name>` or `.../table/<name>/index/<index>`.
    public let resource: String
    /// `dynamodb:LeadingKeys`: every partition key value the request names for this table
    /// (N as its normal form, B as base64); nil for requests that name none (Scan, table
    /// operations), which is what makes `ForAllValues:` vacuously true on them.
    public let leadingKeys: [String]?
    /// `dynamodb:Attributes`: the attribute names requested or written, when the request
    /// names them.
    public let attributes: [String]?
    /// `dynamodb:Select`, when given.
    public let select: String?
    /// `dynamodb:ReturnValues`, when given.
    public let returnValues: String?
    /// `dynamodb:ReturnConsumedCapacity`, when given.
    public let returnConsumedCapacity: String?
    /// `dynamodb:FullTableScan`: for a PartiQL SELECT, whether it reads the whole table or
    /// index (no partition-key equality); nil for every other request.
    public let fullTableScan: Bool?

    public init(
        action: String, resource: String, leadingKeys: [String]? = nil, attributes: [String]? = nil,
        select: String? = nil, returnValues: String? = nil, returnConsumedCapacity: String? = nil, fullTableScan: Bool? = nil
    ) {
        self.action = action
        self.resource = resource
        self.leadingKeys = leadingKeys
        self.attributes = attributes
        self.select = select
        self.returnValues = returnValues
        self.returnConsumedCapacity = returnConsumedCapacity
        self.fullTableScan = fullTableScan
    }

    /// The condition keys and their values, as IAM's request context takes them.
    public var conditionKeys: [String: [String]] {
        var keys: [String: [String]] = [:]
        if let leadingKeys { keys["dynamodb:LeadingKeys"] = leadingKeys }
        if let attributes { keys["dynamodb:Attributes"] = attributes }
        if let select { keys["dynamodb:Select"] = [select] }
        if let returnValues { keys["dynamodb:ReturnValues"] = [returnValues] }
        if let returnConsumedCapacity { keys["dynamodb:ReturnConsumedCapacity"] = [returnConsumedCapacity] }
        if let fullTableScan { keys["dynamodb:FullTableScan"] = [fullTableScan ? "true" : "false"] }
        return keys
    }
}

/// Decides whether a request may proceed: the Cloud adapter implements it with the IAM engine
/// for the calling principal. Throws `AccessDeniedException` to refuse.
public protocol DynamoDBAuthorizer: Sendable {
    func authorize(_ access: DynamoDBAccess) throws(DynamoDBError)
}

/// Allows everything: for engine tests and benchmarks that are not about authorisation.
public struct AllowAllDynamoDBAccess: DynamoDBAuthorizer {
    public init() {}
    public func authorize(_ access: DynamoDBAccess) throws(DynamoDBError) {}
}

extension DynamoDBError {
    /// AWS's refusal: `User: <arn> is not authorized to perform: dynamodb:Query on resource:
    /// <arn> because no identity-based policy allows the dynamodb:Query action`, to which the
    /// caller may append the engine's explanation.
    public static func accessDenied(_ message: String) -> DynamoDBError {
        DynamoDBError(code: "AccessDeniedException", message: message)
    }
}
