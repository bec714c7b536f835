/// An error from the table engine, named and worded as DynamoDB names and words it. The
/// Cloud adapter renders it as `{"__type": "com.amazonaws.dynamodb.v20120810#<code>", ...}`.
public struct DynamoDBError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// Per-item reasons of a cancelled transaction, in request order (`None` where the item
    /// was fine).
    public let cancellationReasons: [CancellationReason]

    public struct CancellationReason: Sendable, Equatable {
        public let code: String
        public let message: String?
        public init(code: String, message: String? = nil) {
            self.code = code
            self.message = message
        }
    }

    public init(code: String, message: String, cancellationReasons: [CancellationReason] = []) {
        self.code = code
        self.message = message
        self.cancellationReasons = cancellationReasons
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

    public static func conditionalCheckFailed() -> DynamoDBError {
        DynamoDBError(code: "ConditionalCheckFailedException", message: "The conditional request failed")
    }
}
