// The errors several services share, spelt once with AWS's codes, statuses and messages.

extension AWSError {
    // MARK: - Validation

    /// The Query protocol's validation failure (IAM, STS): `ValidationError`, 400.
    public static func validationError(_ message: String) -> AWSError {
        AWSError(code: "ValidationError", message: message)
    }

    /// The JSON protocols' validation failure (DynamoDB, Cognito): `ValidationException`, 400.
    public static func validationException(_ message: String) -> AWSError {
        AWSError(code: "ValidationException", message: message)
    }

    /// AWS's summary of constraint failures: `1 validation error detected: Value null at
    /// 'roleName' failed to satisfy constraint: Member must not be null`, or with several,
    /// `2 validation errors detected: ...; ...`. `code` is `ValidationError` for Query
    /// services and `ValidationException` for JSON ones.
    public static func validation(_ failures: [String], code: String) -> AWSError {
        let noun = failures.count == 1 ? "error" : "errors"
        return AWSError(
            code: code, message: "\(failures.count) validation \(noun) detected: " + failures.joined(separator: "; ")
        )
    }

    /// One constraint failure, in the words ``validation(_:code:)`` joins: `Value <value> at
    /// '<member>' failed to satisfy constraint: <constraint>`. `value` is the text AWS
    /// prints (`null`, `'abc'`, `0`).
    public static func constraintFailure(value: String, member: String, constraint: String) -> String {
        "Value \(value) at '\(member)' failed to satisfy constraint: \(constraint)"
    }

    /// The body could not be read as the protocol requires (malformed JSON, a member of the
    /// wrong type): coral's `SerializationException`, 400.
    public static func serialization(_ message: String) -> AWSError {
        AWSError(code: "SerializationException", message: message, typeName: .coral)
    }

    // MARK: - Not found, conflicts, permissions

    /// IAM's missing entity: `NoSuchEntity`, 404.
    public static func noSuchEntity(_ message: String) -> AWSError {
        AWSError(code: "NoSuchEntity", message: message, status: 404)
    }

    /// IAM's duplicate: `EntityAlreadyExists`, 409.
    public static func entityAlreadyExists(_ message: String) -> AWSError {
        AWSError(code: "EntityAlreadyExists", message: message, status: 409)
    }

    /// IAM's bad policy: `MalformedPolicyDocument`, 400.
    public static func malformedPolicyDocument(_ message: String) -> AWSError {
        AWSError(code: "MalformedPolicyDocument", message: message)
    }

    /// The Query protocol's bad parameter: `InvalidParameterValue`, 400.
    public static func invalidParameterValue(_ message: String) -> AWSError {
        AWSError(code: "InvalidParameterValue", message: message)
    }

    /// The JSON services' missing resource: `ResourceNotFoundException`, 400, with
    /// DynamoDB's default message.
    public static func resourceNotFound(_ message: String = "Requested resource not found") -> AWSError {
        AWSError(code: "ResourceNotFoundException", message: message)
    }

    /// Cognito's bad parameter: `InvalidParameterException`, 400.
    public static func invalidParameter(_ message: String) -> AWSError {
        AWSError(code: "InvalidParameterException", message: message)
    }

    /// Cognito's refusal: `NotAuthorizedException`, 400 (e.g. "Incorrect username or password.").
    public static func notAuthorized(_ message: String) -> AWSError {
        AWSError(code: "NotAuthorizedException", message: message)
    }

    /// IAM's and STS's refusal: `AccessDenied`, 403.
    public static func accessDenied(_ message: String) -> AWSError {
        AWSError(code: "AccessDenied", message: message, status: 403)
    }

    /// The IAM authoriser's refusal in front of a JSON service such as DynamoDB: 400,
    /// `{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: ... is
    /// not authorized to perform: dynamodb:Query on resource: ... because ..."}`. Note the
    /// capital `Message`: that is what AWS sends for this error.
    public static func coralAccessDenied(_ message: String) -> AWSError {
        AWSError(code: "AccessDeniedException", message: message, typeName: .coral, messageKey: "Message")
    }

    // MARK: - Operations and failures

    /// A JSON-protocol target the service does not have: coral's `UnknownOperationException`, 400.
    public static func unknownOperation(_ target: String) -> AWSError {
        AWSError(code: "UnknownOperationException", message: "Unknown operation: \(target)", typeName: .coral)
    }

    /// A Query action the service does not have: `InvalidAction`, 400, in AWS's words.
    public static func invalidAction(_ action: String, version: String) -> AWSError {
        AWSError(code: "InvalidAction", message: "Could not find operation \(action) for version \(version)")
    }

    /// A Query request with no `Action` parameter: `MissingAction`, 400.
    public static func missingAction() -> AWSError {
        AWSError(code: "MissingAction", message: "The request must contain the parameter Action.")
    }

    /// A bug in the platform: `InternalFailure`, 500, naming the request so the failure can
    /// be found in the log without leaking internals to the client.
    public static func internalFailure(requestID: String) -> AWSError {
        AWSError(
            code: "InternalFailure",
            message: "The request processing has failed because of an unknown error, exception or failure. "
                + "(Request ID: \(requestID))",
            status: 500
        )
    }
}
