// Which service and operation a request is for, decided from its headers and parameters.
import Core
import HTTP
import SigV4

/// The front door's services, indexed the ways requests name them.
///
/// How a request finds its service:
/// 1. An `X-Amz-Target: <Prefix>.<Operation>` header means a JSON-protocol call; the
///    prefix names the service (`DynamoDB_20120810`, `AWSCognitoIdentityProviderService`).
///    A JSON content type without the header is an unknown operation.
/// 2. Anything else is a Query-protocol call: form parameters from the query string, then
///    from a form-encoded (or untyped) body, with `Action` naming the operation. In AWS the
///    host names the service (`iam.amazonaws.com`); here one endpoint serves all, so the
///    service is the one the SigV4 credential scope names (`.../iam/aws4_request`), in
///    the `Authorization` header or a presigned request's `X-Amz-Credential`. A presigned
///    request's `X-Amz-*` authentication parameters are not operation input.
/// 3. When the request is unsigned, or its scope names no Query service here, the first
///    Query service that has the `Action` takes it: that is how an unsigned STS
///    `AssumeRoleWithWebIdentity` arrives, and how a mis-scoped call gets AWS's "Credential
///    should be scoped to correct service" rather than a puzzling unknown action.
struct ServiceCatalog: Sendable {
    /// Where a request goes, or the refusal to send before any service is involved.
    enum Route: Sendable {
        case json(service: any CloudService, operation: String)
        case query(service: any CloudService, operation: String, parameters: [(name: String, value: String)])
        case refused(AWSError, Dialect)
    }

    /// How to render a refusal when no service was found to say.
    enum Dialect: Sendable {
        case json(version: String)
        case query(namespace: String?)
    }

    private let jsonByPrefix: [String: any CloudService]
    private let queryBySigningName: [String: any CloudService]
    private let queryServices: [any CloudService]

    init(_ services: [any CloudService]) {
        var jsonByPrefix: [String: any CloudService] = [:]
        var queryBySigningName: [String: any CloudService] = [:]
        var queryServices: [any CloudService] = []
        for service in services {
            switch service.awsProtocol {
            case .json(_, let prefix, _):
                precondition(jsonByPrefix[prefix] == nil, "two services claim X-Amz-Target prefix \(prefix)")
                jsonByPrefix[prefix] = service
            case .query:
                precondition(queryBySigningName[service.signingName] == nil, "two Query services sign as \(service.signingName)")
                queryBySigningName[service.signingName] = service
                queryServices.append(service)
            }
        }
        self.jsonByPrefix = jsonByPrefix
        self.queryBySigningName = queryBySigningName
        self.queryServices = queryServices
    }

    /// Where `request` goes; `authorization` is its parsed signature (header or query), if any.
    func route(_ request: HTTPRequest, authorization: Result<SigV4Authorization, SigV4Error>?) -> Route {
        let contentType = ASCII.lowercased(request.headers["Content-Type"] ?? "")
        if let target = request.headers["X-Amz-Target"] {
            return jsonRoute(target: SigV4.canonicalHeaderValue(target), contentType: contentType)
        }
        if contentType.hasPrefix("application/x-amz-json-") {
            return .refused(.unknownOperation("(no X-Amz-Target header)"), .json(version: Self.jsonVersion(contentType)))
        }
        return queryRoute(request, contentType: contentType, authorization: authorization)
    }

    private func jsonRoute(target: String, contentType: String) -> Route {
        guard let dot = target.lastIndex(of: "."),
              let service = jsonByPrefix[String(target[..<dot])] else {
            return .refused(.unknownOperation(target), .json(version: Self.jsonVersion(contentType)))
        }
        return .json(service: service, operation: String(target[target.index(after: dot)...]))
    }

    private func queryRoute(
        _ request: HTTPRequest, contentType: String, authorization: Result<SigV4Authorization, SigV4Error>?
    ) -> Route {
        // A presigned request's `X-Amz-*` parameters authenticate it; they are not input.
        var parameters = request.queryItems.filter { !SigV4.queryAuthenticationParameters.contains($0.name) }
        if contentType.isEmpty || contentType.hasPrefix("application/x-www-form-urlencoded") {
            parameters += URLEncoding.parseForm(request.bodyText)
        }
        let action = parameters.last { $0.name == "Action" }?.value
        let scoped = authorization
            .flatMap { try? $0.get() }
            .flatMap { queryBySigningName[$0.service] }
        // Looked for only when the signature's scope names no Query service here.
        let byAction = { action.flatMap { action in queryServices.first { $0.operations.contains(action) } } }
        guard let service = scoped ?? byAction() ?? queryServices.first else {
            return .refused(.invalidAction(action ?? "", version: "(none)"), .query(namespace: nil))
        }
        guard let action, !action.isEmpty else {
            guard case .query(_, let namespace) = service.awsProtocol else { preconditionFailure("Query service expected") }
            return .refused(.missingAction(), .query(namespace: namespace))
        }
        return .query(service: service, operation: action, parameters: parameters)
    }

    /// `1.0` or `1.1` from `application/x-amz-json-1.1`; 1.0 when unclear.
    private static func jsonVersion(_ contentType: String) -> String {
        contentType.hasPrefix("application/x-amz-json-1.1") ? "1.1" : "1.0"
    }
}
