import Core
import HTTP
import SigV4

extension CloudFrontDoor {
    /// Answers `POST /_saaslab/access-probe`: authenticates the signer as the front door
    /// does (the signature may be scoped to any of the platform's services), reads the scope
    /// and answers what ``AccessProbe`` found, as JSON; failures are JSON errors with AWS's
    /// codes.
    func probeAccess(_ request: HTTPRequest) async -> HTTPResponse {
        let requestID = UUIDv4.make(using: requestIDs)
        do throws(AWSError) {
            let authorization = CloudAuthenticator.authorization(of: request)
            let scopeName = authorization.flatMap { try? $0.get() }?.service
            let service = services.first { $0.signingName == scopeName } ?? services[0]
            let caller = try await authenticator.authenticate(request, authorization: authorization, for: service, at: clock.now())
            let parsed: JSON
            do {
                parsed = try JSON.parse(bytes: request.body)
            } catch {
                throw AWSError(code: "ValidationException", message: "The probe request is not valid JSON: \(error.description)", status: 400)
            }
            let scope = try AccessProbeScope(json: parsed)
            let probe = AccessProbe(services: services, region: region, accountId: accountId)
            let findings = await probe.run(scope, caller: caller, request: request)
            let body = AccessProbe.report(findings, principal: caller.principalArn, scope: scope)
            var response = HTTPResponse.json(text: body.serialized())
            response.headers["x-amzn-RequestId"] = requestID
            return response
        } catch {
            return CloudWire.jsonError(error, version: "1.1", serviceNamespace: nil, requestID: requestID)
        }
    }
}
