import Core
import HTTP
@testable import SaaSApp
import Testing

/// The app's errors render through the one error body, byte for byte as before.
@Suite struct AppErrorTests {
    @Test func aPlatformRefusalKeepsItsExplanationAfterTheMessage() {
        let error = AppError.platform(
            code: "AccessDeniedException", message: "User: arn:x is not authorized to perform: dynamodb:GetItem. saaslab: no statement allows it",
            operation: "GetItem"
        )
        #expect(error.status == .forbidden)
        let response = error.response
        #expect(response.status == 403)
        #expect(response.headers.fields.map(\.name) == ["Content-Type"])
        #expect(response.bodyText == #"{"error":"AccessDeniedException","message":"User: arn:x is not authorized to perform: dynamodb:GetItem","#
            + #""explanation":"no statement allows it"}"#)
        #expect(error.description == "403 AccessDeniedException: User: arn:x is not authorized to perform: dynamodb:GetItem")
    }

    @Test func a401ChallengesForTheBearerToken() {
        let response = AppError.unauthorized("sign in").response
        #expect(response.status == 401)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        #expect(response.bodyText == #"{"error":"Unauthorized","message":"sign in"}"#)
        #expect(AppError.forbidden("no").response.headers["WWW-Authenticate"] == nil)
    }

    @Test func platformCodesMapToNamedStatuses() {
        #expect(AppError.status(forPlatformCode: "ResourceNotFoundException") == .notFound)
        #expect(AppError.status(forPlatformCode: "ConditionalCheckFailedException") == .conflict)
        #expect(AppError.status(forPlatformCode: "ThrottlingException") == .badGateway)
        #expect(AppError.status(forPlatformCode: "ValidationException") == .badRequest)
        let failed = AppError(
            platformJSON: ["__type": "com.amazonaws.dynamodb.v20120810#InternalServerError", "message": "boom"], status: 500, operation: "PutItem"
        )
        #expect(failed.status == .badGateway && failed.code == "PlatformUnavailable")
        #expect(failed.message == "PutItem failed on the platform: InternalServerError: boom")
    }
}
