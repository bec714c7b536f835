// SigV4 in front of every signed operation, with failures named as each protocol names them.
import Core
import HTTP
import SigV4
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Verifies a request's SigV4 signature against the ``CredentialResolver`` and reports
/// failures with the codes, statuses and messages AWS uses for the service's protocol.
struct CloudAuthenticator: Sendable {
    let resolver: any CredentialResolver
    let verifier: SigV4Verifier

    /// The caller who signed `request` for `service`, or the AWS error to answer with.
    ///
    /// The resolver is asynchronous (the key store is an actor) while ``SigV4Verifier``
    /// looks secrets up synchronously, so the key is resolved first and handed to the
    /// verifier. An unknown or expired key still goes through the verifier, with no secret,
    /// so that malformed headers and clock skew are reported first, as AWS does; only then
    /// does the missing secret become `UnrecognizedClient` or `ExpiredToken`.
    /// `authorization` is the request's authentication as ``authorization(of:)`` parsed it,
    /// nil when absent: the front door parses it once, for routing and here.
    func authenticate(
        _ request: HTTPRequest, authorization parsed: Result<SigV4Authorization, SigV4Error>?, for service: any CloudService, at now: Date
    ) async throws(AWSError) -> AuthenticatedCaller {
        let awsProtocol = service.awsProtocol
        guard let parsed else {
            throw Self.error(for: SigV4Error.missingAuthenticationToken, awsProtocol: awsProtocol)
        }
        let authorization: SigV4Authorization
        do {
            authorization = try parsed.get()
        } catch {
            throw Self.error(for: error, awsProtocol: awsProtocol)
        }
        guard authorization.service == service.signingName else {
            let wrongScope = SigV4Error(
                .signatureDoesNotMatch, "Credential should be scoped to correct service: '\(service.signingName)'. "
            )
            throw Self.error(for: wrongScope, awsProtocol: awsProtocol)
        }
        // A JSON call's operation is its X-Amz-Target header: a signature that does not cover
        // it does not say which operation was signed, and a presigned URL made to be handed on
        // would run any operation its bearer names with the signed body.
        if request.headers.contains("X-Amz-Target"), !authorization.signedHeaders.contains("x-amz-target") {
            let unsigned = SigV4Error.incompleteSignature("The 'X-Amz-Target' header must be a 'SignedHeader' in the AWS Authorization.")
            throw Self.error(for: unsigned, awsProtocol: awsProtocol)
        }

        let resolution = await resolver.resolve(accessKeyId: authorization.accessKeyId, at: now)
        var secret: SigV4Secret?
        var caller: AuthenticatedCaller?
        if case .found(let key, let token, let found) = resolution {
            secret = SigV4Secret(secretAccessKey: key, sessionToken: token)
            caller = found
        }
        let accessKeyId = authorization.accessKeyId
        do {
            _ = try verifier.verify(request, parsed: authorization, now: now) { $0 == accessKeyId ? secret : nil }
        } catch {
            if resolution == .expired, error.code == .invalidClientTokenId {
                throw Self.expiredToken(awsProtocol)
            }
            throw Self.error(for: error, awsProtocol: awsProtocol)
        }
        // `secret` and `caller` are set together, and verification cannot pass without a secret.
        guard let caller else { throw Self.error(for: SigV4Error.invalidClientTokenId, awsProtocol: awsProtocol) }
        return caller
    }

    /// How `request` authenticates itself, header or query string (see
    /// `SigV4Authorization.init(request:)`): nil when it carries neither, the refusal when
    /// what it carries is malformed.
    static func authorization(of request: HTTPRequest) -> Result<SigV4Authorization, SigV4Error>? {
        do throws(SigV4Error) {
            return try SigV4Authorization(request: request).map { .success($0) }
        } catch {
            return .failure(error)
        }
    }

    // MARK: - AWS's names for the failures

    /// A SigV4 failure as the protocol reports it.
    ///
    /// JSON services (DynamoDB, Cognito) answer 400 with coral's `...Exception` names:
    /// `MissingAuthenticationTokenException`, `IncompleteSignatureException`,
    /// `UnrecognizedClientException`, and `InvalidSignatureException` for a wrong signature
    /// and for clock skew alike (`Signature expired: ...`). Query services (IAM, STS) use
    /// the plain names with 403 for authentication failures (`MissingAuthenticationToken`,
    /// `InvalidClientTokenId`, `SignatureDoesNotMatch`), and IAM and STS also report clock
    /// skew as `SignatureDoesNotMatch` (`Signature expired: ...`), not `RequestExpired`.
    static func error(for failure: SigV4Error, awsProtocol: AWSProtocol) -> AWSError {
        switch awsProtocol {
        case .json:
            let code: String
            switch failure.code {
            case .missingAuthenticationToken: code = "MissingAuthenticationTokenException"
            case .incompleteSignature, .missingHost: code = "IncompleteSignatureException"
            case .invalidClientTokenId: code = "UnrecognizedClientException"
            case .signatureDoesNotMatch, .requestExpired, .contentSHA256Mismatch: code = "InvalidSignatureException"
            }
            return AWSError(code: code, message: failure.message, status: 400, typeName: .coral)
        case .query:
            switch failure.code {
            case .missingAuthenticationToken, .invalidClientTokenId, .signatureDoesNotMatch:
                return AWSError(code: failure.code.rawValue, message: failure.message, status: 403)
            case .requestExpired, .contentSHA256Mismatch:
                return AWSError(code: SigV4Error.Code.signatureDoesNotMatch.rawValue, message: failure.message, status: 403)
            case .incompleteSignature, .missingHost:
                return AWSError(code: SigV4Error.Code.incompleteSignature.rawValue, message: failure.message, status: 400)
            }
        }
    }

    /// A signature by a key whose session has ended: `ExpiredTokenException` (JSON, 400) or
    /// `ExpiredToken` (Query, 403: what STS and IAM send, though some SDK models say 400).
    static func expiredToken(_ awsProtocol: AWSProtocol) -> AWSError {
        let message = "The security token included in the request is expired"
        switch awsProtocol {
        case .json:
            return AWSError(code: "ExpiredTokenException", message: message, status: 400, typeName: .coral)
        case .query:
            return AWSError(code: "ExpiredToken", message: message, status: 403)
        }
    }
}
