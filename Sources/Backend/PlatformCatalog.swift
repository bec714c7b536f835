// The platform's catalog of operations, as the code has it: what `saaslab operations` prints
// and docs/platform.md lists.
import Cloud

/// One AWS service of the platform and every operation it implements.
public struct PlatformServiceEntry: Sendable, Equatable {
    /// The SigV4 signing name: `iam`, `sts`, `cognito-idp`, `cognito-identity`, `dynamodb`.
    public let signingName: String
    /// How calls reach it: `Query, Version=2010-05-08` or `JSON 1.1, X-Amz-Target: AWSCognitoIdentityService.<Op>`.
    public let wire: String
    /// Every operation, by wire name, sorted.
    public let operations: [String]
    /// The operations callable without a signature.
    public let unsigned: Set<String>

    /// An entry with every part given (``Backend/catalog`` makes them; tests may too).
    public init(signingName: String, wire: String, operations: [String], unsigned: Set<String>) {
        self.signingName = signingName
        self.wire = wire
        self.operations = operations
        self.unsigned = unsigned
    }
}

extension Backend {
    /// Every service's entry, in the front door's order. It reads each service's own
    /// `operations`, the set the front door dispatches on, so it cannot list an operation the
    /// platform does not answer, nor leave one out.
    public var catalog: [PlatformServiceEntry] {
        services.map { service in
            let wire = switch service.awsProtocol {
            case .json(let version, let prefix, _): "JSON \(version), X-Amz-Target: \(prefix).<Op>"
            case .query(let version, _): "Query, Version=\(version)"
            }
            return PlatformServiceEntry(
                signingName: service.signingName, wire: wire, operations: service.operations.sorted(), unsigned: service.allowsAnonymous
            )
        }
    }
}
