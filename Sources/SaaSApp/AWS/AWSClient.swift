import Core
import HTTP
import SigV4
import Foundation

/// A JSON-protocol AWS service as an SDK addresses it: the SigV4 signing name, the
/// `X-Amz-Target` prefix and the protocol version of its content type.
struct AWSJSONService: Sendable {
    let signingName: String
    let targetPrefix: String
    let version: String

    static let dynamoDB = AWSJSONService(signingName: "dynamodb", targetPrefix: "DynamoDB_20120810", version: "1.0")
    static let userPools = AWSJSONService(signingName: "cognito-idp", targetPrefix: "AWSCognitoIdentityProviderService", version: "1.1")
    static let identityPools = AWSJSONService(signingName: "cognito-identity", targetPrefix: "AWSCognitoIdentityService", version: "1.1")
}

/// The app's only way to reach the platform: AWS API requests, signed with SigV4 as an AWS
/// SDK signs them, sent through an ``HTTPClient``. Nothing here knows the platform's
/// internals, so pointing `http` at any AWS-compatible endpoint changes no app code.
struct AWSClient: Sendable {
    let http: any HTTPClient
    let region: String
    let clock: any WallClock

    /// A JSON 1.0/1.1 call; `credentials` nil sends it unsigned (Cognito's sign-in calls).
    func call(_ service: AWSJSONService, _ operation: String, _ input: JSONObject, credentials: AWSCredentials?) async throws(AppError) -> JSONObject {
        var request = HTTPRequest(
            method: "POST", target: "/",
            headers: [
                "Host": "\(service.signingName).\(region).amazonaws.com",
                "Content-Type": "application/x-amz-json-\(service.version)",
                "X-Amz-Target": "\(service.targetPrefix).\(operation)",
            ],
            body: JSON.object(input).serializedBytes()
        )
        let response = try await send(&request, service: service.signingName, credentials: credentials, operation: operation)
        let body: JSON
        do {
            body = response.body.isEmpty ? .object([:]) : try JSON.parse(bytes: response.body)
        } catch {
            throw AppError.platformUnavailable("\(operation) answered with a body that is not JSON (\(error.message))")
        }
        guard response.status == 200 else { throw AppError(platformJSON: body, status: response.status, operation: operation) }
        return body.objectValue ?? [:]
    }

    /// A Query-protocol call (IAM, STS); the answer is AWS's XML document.
    func query(service: String, _ action: String, _ parameters: [(String, String)], credentials: AWSCredentials) async throws(AppError) -> XMLFields {
        let version = service == "sts" ? "2011-06-15" : "2010-05-08"
        let pairs = [(name: "Action", value: action), (name: "Version", value: version)] + parameters.map { (name: $0.0, value: $0.1) }
        var request = HTTPRequest(
            method: "POST", target: "/",
            headers: ["Host": "\(service).amazonaws.com", "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
            text: URLEncoding.formEncode(pairs)
        )
        let response = try await send(&request, service: service, credentials: credentials, operation: action)
        let fields = XMLFields(response.bodyText)
        guard response.status == 200 else {
            throw AppError.platform(
                code: fields["Code"] ?? "HTTP\(response.status)", message: fields["Message"] ?? response.bodyText, operation: action
            )
        }
        return fields
    }

    private func send(_ request: inout HTTPRequest, service: String, credentials: AWSCredentials?, operation: String) async throws(AppError) -> HTTPResponse {
        if let credentials {
            do {
                _ = try SigV4Signer(credentials: credentials, region: region, service: service).sign(&request, at: clock.now())
            } catch {
                throw AppError.platformUnavailable("could not sign \(operation): \(error.message)")
            }
        }
        do {
            return try await http.send(request)
        } catch {
            throw AppError.platformUnavailable("\(operation) could not reach the platform: \(error)")
        }
    }
}
