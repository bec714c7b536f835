import Backend
import Cognito
import Core
import Foundation
import HTTP
import SigV4

/// Calls the assembled backend the way an AWS SDK does: a form-encoded Query request, signed
/// with SigV4 for the service, handed to the router in-process.
struct PlatformClient {
    let backend: Backend
    let clock: ManualClock
    var credentials: AWSCredentials

    /// A fresh seeded backend; `verifier` stands in for its user pools when identity-pool tests
    /// sign their own ID tokens.
    init(seed: UInt64 = 1, verifier: (any LoginTokenVerifier)? = nil) {
        clock = ManualClock(start: Date(timeIntervalSince1970: 1_764_000_000))
        backend = Backend(BackendConfig(clock: clock, random: SeededRandomSource(seed: seed)), loginTokenVerifier: verifier)
        credentials = AWSCredentials(
            accessKeyId: BackendConfig.exampleOperatorKey.accessKeyId, secretAccessKey: BackendConfig.exampleOperatorKey.secretAccessKey
        )
    }

    /// A signed Query call; `signedAt` defaults to the backend's clock.
    func query(_ service: String, _ action: String, _ parameters: [(String, String)] = [], signed: Bool = true, signedAt: Date? = nil) async throws -> HTTPResponse {
        let version = service == "sts" ? "2011-06-15" : "2010-05-08"
        let form = URLEncoding.formEncode([("Action", action), ("Version", version)] + parameters.map { (name: $0.0, value: $0.1) })
        var request = HTTPRequest(
            method: "POST", target: "/",
            headers: ["Host": "127.0.0.1:8080", "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
            text: form
        )
        if signed {
            try SigV4Signer(credentials: credentials, region: "us-east-1", service: service).sign(&request, at: signedAt ?? clock.now())
        }
        return try await InProcessClient(responder: backend.router).send(request)
    }

    /// A JSON-protocol call as the SDKs send it: `X-Amz-Target: <target>.<operation>`, the
    /// protocol's content type, SigV4-signed for `service` unless `signed` is false.
    func json(
        _ service: String, target: String, version: String, _ operation: String, _ body: JSON, signed: Bool = true
    ) async throws -> (status: Int, body: JSON, response: HTTPResponse) {
        var request = HTTPRequest(
            method: "POST", target: "/",
            headers: ["Host": "127.0.0.1:8080", "Content-Type": "application/x-amz-json-\(version)", "X-Amz-Target": "\(target).\(operation)"],
            text: body.serialized()
        )
        if signed {
            try SigV4Signer(credentials: credentials, region: "us-east-1", service: service).sign(&request, at: clock.now())
        }
        let response = try await InProcessClient(responder: backend.router).send(request)
        return (response.status, try JSON.parse(bytes: response.body), response)
    }

    /// The text of the first `<name>` element in an XML response.
    static func element(_ name: String, in response: HTTPResponse) -> String? {
        let text = response.bodyText
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[open.upperBound..<close.lowerBound])
    }

    /// The text of every `<name>` element in an XML response, in order.
    static func elements(_ name: String, in response: HTTPResponse) -> [String] {
        response.bodyText.components(separatedBy: "<\(name)>").dropFirst().compactMap { part in
            part.range(of: "</\(name)>").map { String(part[..<$0.lowerBound]) }
        }
    }

    /// Switches to the temporary credentials in an AssumeRole response.
    mutating func use(sessionFrom response: HTTPResponse) throws {
        guard let key = Self.element("AccessKeyId", in: response), let secret = Self.element("SecretAccessKey", in: response),
              let token = Self.element("SessionToken", in: response) else {
            throw HTTPError(status: HTTPStatus(response.status), code: "NoCredentials", message: response.bodyText)
        }
        credentials = AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token)
    }
}
