// An AWS error as a value: what a service throws and what the front door renders in the
// caller's protocol (a JSON `__type` body or a Query `<ErrorResponse>`).
import Core

/// An error in AWS's terms: the code clients switch on, the message people read, the HTTP
/// status, and who is at fault.
///
/// Services throw these from ``CloudService/handle(_:)``; ``CloudFrontDoor`` renders them in
/// the service's protocol. The same value renders as
/// `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"..."}`
/// for DynamoDB, `{"__type":"ResourceNotFoundException","message":"..."}` for Cognito, and
/// `<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code>...` for IAM.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whose fault the error is; the Query protocol's `<Type>` element.
    public enum Fault: String, Sendable, Equatable {
        /// The request was wrong (`Sender`); 4xx statuses.
        case sender = "Sender"
        /// The service failed (`Receiver`); 5xx statuses.
        case receiver = "Receiver"
    }

    /// How the JSON protocols spell `__type`: `namespace#Code`, or the bare code.
    public enum TypeName: Sendable, Equatable {
        /// The namespace of the service's ``AWSProtocol/json(version:targetPrefix:errorNamespace:)``,
        /// or the bare code when the service has none. What service errors want.
        case serviceDefault
        /// Always the bare code (`NotAuthorizedException`), whatever the service's namespace.
        case bare
        /// `namespace#Code` with this namespace.
        case namespaced(String)
        /// `com.amazon.coral.service#Code`: errors raised by AWS's shared request layer
        /// rather than by the service (authentication, unknown operations, unreadable bodies,
        /// and the IAM authoriser's `AccessDeniedException` in front of DynamoDB). Services
        /// whose own errors are bare (Cognito) get these bare too.
        case coral
    }

    /// The namespace of AWS's shared request layer; see ``TypeName/coral``.
    public static let coralNamespace = "com.amazon.coral.service"

    /// The error code clients switch on, e.g. `NoSuchEntity`, `ResourceNotFoundException`.
    public var code: String
    /// The human-readable explanation.
    public var message: String
    /// The HTTP status of the response.
    public var status: Int
    /// Sender (the client's fault) or receiver (the service's).
    public var fault: Fault
    /// How the JSON protocols spell `__type`; ignored by the Query protocol.
    public var typeName: TypeName
    /// The member of the JSON error body that carries the message. `message` nearly
    /// everywhere; the coral `AccessDeniedException` uses `Message`, and clients that parse
    /// the body themselves (the SaaS app's tests) see exactly what AWS sends.
    public var messageKey: String
    /// Further members of a JSON error body, after `__type` and the message: DynamoDB's
    /// `CancellationReasons` on a cancelled transaction, or the `Item` of a failed condition.
    public var details: JSONObject = [:]

    /// An error with every part given; the defaults suit a client error of a service.
    public init(
        code: String, message: String, status: Int = 400, fault: Fault? = nil,
        typeName: TypeName = .serviceDefault, messageKey: String = "message"
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.fault = fault ?? (status >= 500 ? .receiver : .sender)
        self.typeName = typeName
        self.messageKey = messageKey
    }

    /// `Code: message`, the way the AWS CLI prints errors.
    public var description: String { "\(code): \(message)" }

    /// The JSON `__type` value given the service's namespace (nil when it has none).
    public func jsonType(serviceNamespace: String?) -> String {
        switch typeName {
        case .bare: code
        case .namespaced(let namespace): "\(namespace)#\(code)"
        case .coral: serviceNamespace == nil ? code : "\(Self.coralNamespace)#\(code)"
        case .serviceDefault: serviceNamespace.map { "\($0)#\(code)" } ?? code
        }
    }
}
