// The platform's one AWS endpoint: protocol detection, SigV4, input decoding, dispatch and
// rendering, the same for every service.
import Core
import HTTP
import SigV4
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The AWS-compatible endpoint in front of the platform's services: `POST /` (and
/// `GET /?Action=...`) as boto3, the AWS CLI and the SaaS app send them.
///
/// For each request: find the service and operation (see ``ServiceCatalog`` for the rules),
/// verify SigV4 unless the operation is anonymous, check the operation exists, decode the
/// input (JSON body, or Query parameters via ``QueryInputDecoder``), run the service, and
/// render the result or the ``AWSError`` in the service's protocol via ``CloudWire``.
///
/// Decisions worth knowing:
/// - A JSON service's unknown operation is `UnknownOperationException`, signed or not, as
///   AWS answers it; a Query service authenticates first, since an unsigned request's
///   `Action` also decides which service it reaches. Anonymous operations ignore
///   the signature (header or query string) entirely; every other operation needs a valid signature.
/// - The credential scope must name the service's ``CloudService/signingName``; its region
///   is not checked (IAM and STS are signed for `us-east-1` whatever the client's region),
///   and calls carry the front door's one ``region``.
/// - Request ids are UUIDs drawn from the injected ``RandomSource``, so a seeded run gives
///   the same ids in the same order of requests.
/// - An error that is not an ``AWSError`` is a platform bug: the client gets a 500
///   `InternalFailure` naming the request id; the error goes to ``errorSink`` under that id.
public struct CloudFrontDoor: HTTPResponder {
    /// The region every call runs in, e.g. `us-east-1`.
    public let region: String
    /// The account the platform's resources belong to.
    public let accountId: String
    private let catalog: ServiceCatalog
    /// The services, in the order given.
    let services: [any CloudService]
    let authenticator: CloudAuthenticator
    let clock: any WallClock
    let requestIDs: any RandomSource
    /// Told about every non-AWS error a service throws, with the request id; the backend
    /// hands it the same sink as its routers, so `saaslab serve` prints these too.
    public let errorSink: ErrorSink?

    /// A front door for `services`.
    ///
    /// - Parameters:
    ///   - services: each JSON service needs its own target prefix, each Query service its
    ///     own signing name (a duplicate is a programming error and traps).
    ///   - credentials: looks up access keys for SigV4 verification.
    ///   - clock: judges clock skew and key expiry.
    ///   - requestIDs: the source of request ids; seed it for reproducible runs.
    ///   - verifier: SigV4 rules; its ``SigV4Verifier/maxClockSkew`` defaults to five minutes.
    ///   - errorSink: told about every non-AWS error a service throws, with the request id.
    public init(
        services: [any CloudService], credentials: any CredentialResolver, clock: any WallClock,
        requestIDs: any RandomSource, region: String, accountId: String, verifier: SigV4Verifier = SigV4Verifier(),
        errorSink: ErrorSink? = nil
    ) {
        self.region = region
        self.accountId = accountId
        self.catalog = ServiceCatalog(services)
        self.services = services
        self.authenticator = CloudAuthenticator(resolver: credentials, verifier: verifier)
        self.clock = clock
        self.requestIDs = requestIDs
        self.errorSink = errorSink
    }

    /// Registers the front door for `POST /` and `GET /` on `router`, and saaslab's access
    /// probe for `POST /_saaslab/access-probe` (see ``AccessProbe``).
    ///
    /// - Parameter page: what a browser's `GET /` gets (the web client) when `isPage` says the
    ///   request is one; every other `GET /` is an AWS Query call.
    public func register(on router: inout Router, page: (isPage: @Sendable (HTTPRequest) -> Bool, response: HTTPResponse)? = nil) {
        router.post("/") { request, _ in await self.respond(to: request) }
        router.get("/") { request, _ in
            if let page, page.isPage(request) { return page.response }
            return await self.respond(to: request)
        }
        router.post("/_saaslab/access-probe") { request, _ in await self.probeAccess(request) }
    }

    /// Answers one AWS API request; never throws, every failure is an AWS error response.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let requestID = UUIDv4.make(using: requestIDs)
        let service: any CloudService, operation: String, input: Input
        // The signature (header or query string) is parsed once, for routing and for authentication.
        let authorization = CloudAuthenticator.authorization(of: request)
        switch catalog.route(request, authorization: authorization) {
        case .refused(let error, .json(let version)):
            return CloudWire.jsonError(error, version: version, serviceNamespace: AWSError.coralNamespace, requestID: requestID)
        case .refused(let error, .query(let namespace)):
            return CloudWire.queryError(error, namespace: namespace, requestID: requestID)
        case .json(let found, let name):
            (service, operation, input) = (found, name, .jsonBody)
        case .query(let found, let name, let parameters):
            (service, operation, input) = (found, name, .form(parameters))
        }
        let outcome = await run(service, operation, input, request: request, authorization: authorization, requestID: requestID)
        return CloudWire.render(outcome, awsProtocol: service.awsProtocol, operation: operation, requestID: requestID)
    }

    /// Where an operation's input comes from.
    private enum Input {
        case jsonBody
        case form([(name: String, value: String)])
    }

    private func run(
        _ service: any CloudService, _ operation: String, _ input: Input, request: HTTPRequest,
        authorization: Result<SigV4Authorization, SigV4Error>?, requestID: String
    ) async -> Result<JSON, AWSError> {
        do throws(AWSError) {
            // A JSON operation is named by its header, which anyone can read off the SDKs'
            // models, so saying it does not exist reveals nothing; an unsigned caller of a real
            // one is still asked to sign.
            let known = service.operations.contains(operation)
            if !known && service.awsProtocol.isJSON { throw Self.unknown(operation, of: service) }
            var caller: AuthenticatedCaller?
            if !service.allowsAnonymous.contains(operation) {
                caller = try await authenticator.authenticate(request, authorization: authorization, for: service, at: clock.now())
            }
            guard known else { throw Self.unknown(operation, of: service) }
            let call = CloudCall(
                service: service.signingName, operation: operation, input: try Self.decode(input, request: request),
                caller: caller, requestID: requestID, region: region, accountId: accountId,
                awsProtocol: service.awsProtocol, request: request
            )
            return .success(try await invoke(service, call))
        } catch {
            return .failure(error)
        }
    }

    /// Runs the service, turning anything but an ``AWSError`` into `InternalFailure`.
    private func invoke(_ service: any CloudService, _ call: CloudCall) async throws(AWSError) -> JSON {
        do {
            return try await service.handle(call)
        } catch let error as AWSError {
            throw error
        } catch {
            errorSink?.report(error, requestID: call.requestID, request: "\(call.service) \(call.operation)")
            throw AWSError.internalFailure(requestID: call.requestID)
        }
    }

    private static func unknown(_ operation: String, of service: any CloudService) -> AWSError {
        switch service.awsProtocol {
        case .json(_, let prefix, _): .unknownOperation("\(prefix).\(operation)")
        case .query(let version, _): .invalidAction(operation, version: version)
        }
    }

    /// The operation's input as an object: the JSON body (empty means `{}`), or the
    /// structured Query parameters.
    private static func decode(_ input: Input, request: HTTPRequest) throws(AWSError) -> JSON {
        switch input {
        case .form(let parameters):
            return .object(try QueryInputDecoder.decode(parameters))
        case .jsonBody:
            // Some clients send whitespace or nothing for operations without input.
            if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return .object([:]) }
            let parsed: JSON
            do {
                parsed = try JSON.parse(bytes: request.body)
            } catch {
                throw AWSError.serialization("The request body is not valid JSON: \(error.description)")
            }
            guard case .object = parsed else {
                throw AWSError.serialization("The request body must be a JSON object, not \(parsed.typeName == "array" ? "an" : "a") \(parsed.typeName)")
            }
            return parsed
        }
    }
}
