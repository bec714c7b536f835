import Core
import DynamoDB
import IAM

/// DynamoDB over JSON 1.0 (`X-Amz-Target: DynamoDB_20120810.<Op>`): a pass-through to the
/// table engine, with every request authorised by the IAM engine for the calling principal
/// with the condition keys AWS supplies (`dynamodb:LeadingKeys`, `dynamodb:Attributes`, ...).
public struct DynamoDBService: CloudService {
    public let engine: DynamoDBEngine
    public let store: IdentityStore
    let clock: any WallClock

    public init(engine: DynamoDBEngine, store: IdentityStore, clock: any WallClock) {
        self.engine = engine
        self.store = store
        self.clock = clock
    }

    public var signingName: String { "dynamodb" }
    public var awsProtocol: AWSProtocol {
        .json(version: "1.0", targetPrefix: "DynamoDB_20120810", errorNamespace: "com.amazonaws.dynamodb.v20120810")
    }
    public var operations: Set<String> { DynamoDBEngine.operations }
    public var allowsAnonymous: Set<String> { [] }

    public func handle(_ call: CloudCall) async throws -> JSON {
        let principal = try store.principal(for: call, at: clock.now())
        do {
            return try engine.handle(call.operation, input: call.input, authorizer: IAMDynamoDBAuthorizer(store: store, principal: principal))
        } catch {
            throw AWSError(dynamoDB: error)
        }
    }
}

/// Authorises table access with the IAM engine for one principal.
struct IAMDynamoDBAuthorizer: DynamoDBAuthorizer {
    let store: IdentityStore
    let principal: IAMPrincipal

    func authorize(_ access: DynamoDBAccess) throws(DynamoDBError) {
        let decision = store.authorize(principal, action: access.action, resource: access.resource, context: access.conditionKeys)
        guard decision.isAllowed else {
            // AWS's sentence first, so clients that match on it still do; then why, which is
            // what a participant needs to fix their policy.
            throw .accessDenied(decision.explainedDenial)
        }
    }
}

extension AWSError {
    /// The wire form of a table-engine error: DynamoDB's namespaced `__type`, except the
    /// request layer's own `AccessDeniedException` (coral namespace, capital `Message`), and
    /// a cancelled transaction's `CancellationReasons`.
    init(dynamoDB error: DynamoDBError) {
        switch error.code {
        case "AccessDeniedException":
            self.init(code: error.code, message: error.message, status: 400, typeName: .coral, messageKey: "Message")
        case "SerializationException", "UnknownOperationException":
            self.init(code: error.code, message: error.message, status: 400, typeName: .coral)
        default:
            self.init(code: error.code, message: error.message, status: error.code == "InternalServerError" ? 500 : 400)
        }
        if let item = error.item { details["Item"] = item.wire }
        if !error.cancellationReasons.isEmpty {
            details["CancellationReasons"] = .array(error.cancellationReasons.map { reason in
                var object: JSONObject = ["Code": .string(reason.code)]
                if let message = reason.message { object["Message"] = .string(message) }
                if let item = reason.item { object["Item"] = item.wire }
                return .object(object)
            })
        }
    }
}
