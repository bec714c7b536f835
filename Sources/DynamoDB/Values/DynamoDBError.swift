/// An error from the table engine, named and worded as DynamoDB names and words it. The
/// Cloud adapter renders it as `{"__type": "com.amazonaws.dynamodb.v20120810#<code>", ...}`.
public struct DynamoDBError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// Per-item reasons of a cancelled transaction, in request order (`None` where the item
    /// was fine).
    public let cancellationReasons: [CancellationReason]
    /// The item as it was when a condition failed, for a request that asked for it with
    /// `ReturnValuesOnConditionCheckFailure: ALL_OLD`; rendered as the error's `Item`.
    public let item: Item?

    public struct CancellationReason: Sendable, Equatable {
        public let code: String
        public let message: String?
        /// The item whose condition failed, when its action asked for it (`ALL_OLD`).
        public let item: Item?
        public init(code: String, message: String? = nil, item: Item? = nil) {
            self.code = code
            self.message = message
            self.item = item
        }
    }

    public init(code: String, message: String, cancellationReasons: [CancellationReason] = [], item: Item? = nil) {
        self.code = code
        self.message = message
        self.cancellationReasons = cancellationReasons
        self.item = item
    }

    public var description: String { "\(code): \(message)" }

    public static func validation(_ message: String) -> DynamoDBError {
        DynamoDBError(code: "ValidationException", message: message)
    }

    public static func serialization(_ message: String) -> DynamoDBError {
        DynamoDBError(code: "SerializationException", message: message)
    }

    public static func resourceNotFound(_ message: String = "Requested resource not found") -> DynamoDBError {
        DynamoDBError(code: "ResourceNotFoundException", message: message)
    }

    public static func resourceInUse(_ message: String) -> DynamoDBError {
        DynamoDBError(code: "ResourceInUseException", message: message)
    }

    /// `item` is the current item, for `ReturnValuesOnConditionCheckFailure: ALL_OLD`.
    public static func conditionalCheckFailed(item: Item? = nil) -> DynamoDBError {
        DynamoDBError(code: "ConditionalCheckFailedException", message: "The conditional request failed", item: item)
    }
}
