// What a platform service implements: its protocol, its operations, and the call it receives.
import Core
import HTTP

/// One AWS-compatible service behind the ``CloudFrontDoor``: a thin adapter from decoded
/// operations to an engine (IAM, STS, DynamoDB, Cognito user pools, Cognito identity).
///
/// The adapter sees neither SigV4 nor wire formats. It gets a ``CloudCall`` with the
/// operation name, the decoded input and the verified caller, and returns the output as JSON:
/// for JSON services the response body; for Query services the content of `<OpResult>`,
/// members in the order given (an empty object means the operation has no result element).
public protocol CloudService: Sendable {
    /// The service name in SigV4 credential scopes: `iam`, `sts`, `dynamodb`,
    /// `cognito-idp`, `cognito-identity`. Signed requests must be scoped to it.
    var signingName: String { get }

    /// How the service's requests and responses look on the wire.
    var awsProtocol: AWSProtocol { get }

    /// Every operation the service implements, by wire name (`CreateRole`, `GetItem`).
    ///
    /// The front door answers anything else with `UnknownOperationException` or
    /// `InvalidAction` without calling ``handle(_:)``, and uses this set to find the Query
    /// service for an unsigned request (which has no credential scope to name one).
    var operations: Set<String> { get }

    /// Operations callable without a signature (Cognito `InitiateAuth`, `SignUp`, `GetId`,
    /// `GetCredentialsForIdentity`; STS `AssumeRoleWithWebIdentity`). For these the front
    /// door ignores any `Authorization` header and the call's ``CloudCall/caller`` is nil.
    var allowsAnonymous: Set<String> { get }

    /// Runs one operation.
    ///
    /// Throw ``AWSError`` for every failure the client should see. Any other error is
    /// treated as a platform bug: the client gets a 500 `InternalFailure` naming the request
    /// id, and the error goes to the front door's failure log. (An adapter may declare
    /// `throws(AWSError)`; that satisfies this requirement.)
    func handle(_ call: CloudCall) async throws -> JSON

    /// The requests saaslab's access probe sends to this service for `scope`: every
    /// operation the service authorises, with inputs aimed at each resource of the scope it
    /// can name (see ``AccessProbe``). An operation left out goes unprobed, so a service
    /// lists them all; the probe tests hold every service to that.
    func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall]
}

/// How a service's requests and responses look on the wire.
public enum AWSProtocol: Sendable, Hashable {
    /// AWS JSON 1.0 / 1.1: `POST /` with `X-Amz-Target: <targetPrefix>.<Operation>` and a
    /// JSON body; responses are JSON with `Content-Type: application/x-amz-json-<version>`.
    ///
    /// - Parameters:
    ///   - version: `"1.0"` (DynamoDB) or `"1.1"` (Cognito).
    ///   - targetPrefix: the part of `X-Amz-Target` before the operation, e.g.
    ///     `DynamoDB_20120810`, `AWSCognitoIdentityProviderService`.
    ///   - errorNamespace: the namespace of the service's error `__type`, e.g.
    ///     `com.amazonaws.dynamodb.v20120810`; nil for services that send bare codes (Cognito).
    case json(version: String, targetPrefix: String, errorNamespace: String?)

    /// The AWS Query protocol: form parameters `Action=...&Version=...` (in a POST body or
    /// the query string) and XML responses in `xmlNamespace`.
    ///
    /// - Parameters:
    ///   - apiVersion: `2010-05-08` (IAM), `2011-06-15` (STS).
    ///   - xmlNamespace: e.g. `https://iam.amazonaws.com/doc/2010-05-08/`.
    case query(apiVersion: String, xmlNamespace: String)

    /// True for the JSON protocols.
    public var isJSON: Bool {
        if case .json = self { true } else { false }
    }

    /// The code of a failed member constraint in this protocol: `ValidationException` for
    /// JSON services, `ValidationError` for Query ones.
    public var validationErrorCode: String {
        isJSON ? "ValidationException" : "ValidationError"
    }

    /// The response `Content-Type`: `application/x-amz-json-1.x` or `text/xml`.
    public var contentType: String {
        switch self {
        case .json(let version, _, _): "application/x-amz-json-\(version)"
        case .query: "text/xml"
        }
    }
}

/// One decoded AWS operation call, as a ``CloudService`` receives it.
public struct CloudCall: Sendable {
    /// The service's ``CloudService/signingName``.
    public var service: String
    /// The operation's wire name, e.g. `CreateRole`, `PutItem`.
    public var operation: String
    /// The decoded input, always an object. JSON services get the body as sent; Query
    /// services get the form parameters structured (see ``QueryInputDecoder``), every
    /// leaf a string, without `Action` and `Version`.
    public var input: JSON
    /// Who signed the request; nil exactly when the operation is anonymous.
    public var caller: AuthenticatedCaller?
    /// The id sent back in `x-amzn-RequestId` and in error bodies.
    public var requestID: String
    /// The platform's region (the front door serves one region; see ``CloudFrontDoor``).
    public var region: String
    /// The platform's account, for ARNs built by anonymous operations.
    public var accountId: String
    /// The service's protocol, so helpers can raise errors in its dialect.
    public var awsProtocol: AWSProtocol
    /// The raw HTTP request, for the rare operation that needs a header.
    public var request: HTTPRequest

    /// A call with every part given (the front door builds these; tests may too).
    public init(
        service: String, operation: String, input: JSON, caller: AuthenticatedCaller?, requestID: String,
        region: String, accountId: String, awsProtocol: AWSProtocol, request: HTTPRequest
    ) {
        self.service = service
        self.operation = operation
        self.input = input
        self.caller = caller
        self.requestID = requestID
        self.region = region
        self.accountId = accountId
        self.awsProtocol = awsProtocol
        self.request = request
    }

    /// The input's members with typed, validating accessors (see ``CloudMembers``).
    public var members: CloudMembers {
        CloudMembers(input.objectValue ?? JSONObject(), path: "", awsProtocol: awsProtocol)
    }

    /// The caller, or an error for the service to throw when an operation that is normally
    /// signed was somehow reached anonymously. Never fails for non-anonymous operations.
    public func requireCaller() throws(AWSError) -> AuthenticatedCaller {
        guard let caller else {
            throw AWSError(code: "MissingAuthenticationToken", message: "Request is missing Authentication Token", status: 403)
        }
        return caller
    }
}
