import Core
import HTTP
import Synchronization

/// The gateway in front of a service that runs elsewhere (the code track's participant's
/// product service): after the gateway has verified the caller, the request goes to the
/// service's URL as it came, with the authoriser's context added, and the service's answer
/// comes back unchanged. What API Gateway does with a Cognito authoriser and an HTTP proxy
/// integration: the service never sees an unauthenticated request.
///
/// The service's failures are the gateway's to name: nothing listening, a dropped connection
/// or bytes that are not HTTP are 502 `BadGateway`; no answer within ``timeout`` is 504
/// `GatewayTimeout`. Either way the caller is answered, so a lab run never hangs on a service.
final class ServiceProxy: Sendable {
    /// The header carrying the authoriser's context: base64url (no padding) of a JSON object,
    /// `{"claims": {...}, "tenantId", "role", "userName", "userPoolId", "identityPoolId",
    /// "providerName"}`, and `"injectTenantId"` while the service's settings inject one (Lab 3's
    /// fault, which the provided token managers honour). One a client sends is removed: only
    /// the gateway speaks for a caller.
    static let authorizerHeader = "X-SaaSLab-Authorizer"
    /// Headers that describe one connection, not the request or answer: never forwarded.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
        "proxy-authenticate", "proxy-connection", "host", "content-length", "expect",
    ]
    static let defaultTimeout = 10.0

    /// Seconds a service has to answer in full (tests shorten it).
    var timeout: Double {
        get { state.withLock { $0.timeout } }
        set { state.withLock { $0 = (newValue, [:]) } }
    }
    /// The timeout, and one keep-alive client per service URL.
    private let state = Mutex<(timeout: Double, clients: [String: NetworkClient])>((ServiceProxy.defaultTimeout, [:]))

    /// Whether `url` is one the proxy can send to: `http://host:port`, no https.
    static func check(url: String) throws(AppError) {
        do {
            _ = try NetworkClient(baseURL: url)
        } catch {
            throw AppError.badRequest("serviceURL must be an http:// URL such as http://127.0.0.1:8001: \(error)")
        }
    }

    /// Sends `request` to the service at `url` for the verified caller; its answer, or 502/504.
    /// `injectTenantId` is the settings' injected tenant, passed on in the context.
    func forward(
        _ request: HTTPRequest, claims: VerifiedClaims, injectTenantId: String? = nil, to url: String, service: String
    ) async throws(AppError) -> HTTPResponse {
        let client = try self.client(url)
        var headers = HTTPHeaders()
        for field in request.headers {
            let name = ASCII.lowercased(field.name)
            guard !Self.hopByHop.contains(name), name != ASCII.lowercased(Self.authorizerHeader) else { continue }
            headers.add(name: field.name, value: field.value)
        }
        headers.add(name: Self.authorizerHeader, value: Self.authorizerContext(claims, injectTenantId: injectTenantId))
        let upstream = HTTPRequest(method: request.method, target: request.target, headers: headers, body: request.body)
        let response: HTTPResponse
        do {
            response = try await client.send(upstream)
        } catch let error as NetworkClientError {
            switch error.kind {
            case .timedOut:
                throw AppError(status: .gatewayTimeout, code: "GatewayTimeout", message: "the \(service) service at \(url) did not answer \(request.method) \(request.path) within \(Self.seconds(client.timeout)) s")
            case .malformedResponse:
                throw AppError(status: .badGateway, code: "BadGateway", message: "the \(service) service at \(url) did not answer \(request.method) \(request.path) in HTTP: \(error.message)")
            default:
                throw AppError(status: .badGateway, code: "BadGateway", message: "the \(service) service at \(url) could not be reached for \(request.method) \(request.path): \(error.message)")
            }
        } catch {
            throw AppError(status: .badGateway, code: "BadGateway", message: "the \(service) service at \(url) failed: \(error)")
        }
        var answer = HTTPResponse(status: response.status, body: response.body)
        for field in response.headers where !Self.hopByHop.contains(ASCII.lowercased(field.name)) {
            answer.headers.add(name: field.name, value: field.value)
        }
        return answer
    }

    /// The authoriser's context for `claims`: every claim of the verified ID token, and what
    /// the gateway resolved from it; `injectTenantId` when one is injected.
    static func authorizerContext(_ claims: VerifiedClaims, injectTenantId: String? = nil) -> String {
        var context: JSONObject = [
            "claims": tokenClaims(claims.token), "tenantId": .string(claims.tenantId), "role": .string(claims.role.rawValue),
            "userName": .string(claims.userName), "userPoolId": .string(claims.userPoolId),
            "identityPoolId": .string(claims.identityPoolId), "providerName": .string(claims.providerName),
        ]
        if let injectTenantId { context["injectTenantId"] = .string(injectTenantId) }
        return Base64URL.encode(Array(JSON.object(context).serialized().utf8))
    }

    /// The payload of a token the platform has verified, as JSON.
    static func tokenClaims(_ token: String) -> JSON {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(bytes: ArraySlice(parts[1])),
              let payload = try? JSON.parse(bytes: bytes), payload.objectValue != nil else { return [:] }
        return payload
    }

    private func client(_ url: String) throws(AppError) -> NetworkClient {
        let (timeout, cached) = state.withLock { ($0.timeout, $0.clients[url]) }
        if let cached { return cached }
        let made: NetworkClient
        do {
            made = try NetworkClient(baseURL: url, timeout: timeout)
        } catch {
            throw AppError(status: .badGateway, code: "BadGateway", message: "the service URL \(url) cannot be used: \(error)")
        }
        return state.withLock { state in
            // A few URLs at most (one per service); one set once and then replaced is not
            // worth its idle connections kept forever.
            if state.clients.count >= 8 { state.clients.removeAll() }
            if let existing = state.clients[url] { return existing }
            state.clients[url] = made
            return made
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
