import Core
import Foundation
import HTTP
import Testing
@testable import Labs

/// A failed step names the error answer that failed it, as the platform or the app said it.
@Suite struct RunnerCauseTests {
    private func router() -> Router {
        var router = Router()
        router.on("POST", "/reg") { _, _ in
            // The app relaying the platform's refusal under its AWS name.
            .json(text: #"{"error":"InvalidParameterException","message":"Invalid write attributes specified while creating a client"}"#, status: 400)
        }
        router.on("POST", "/aws") { _, _ in
            .json(text: #"{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"One or more parameter values were invalid:\nMissing the key tenant_id"}"#, status: 400)
        }
        router.get("/products") { _, _ in
            .json(text: #"{"error":"Unauthorized","message":"the ID token has no custom:tenant_id"}"#, status: 401)
        }
        router.get("/denied") { _, _ in
            .json(text: #"{"error":"AccessDenied","message":"User: x is not authorized to perform: iam:PutRolePolicy"}"#, status: 403)
        }
        router.get("/token") { _, _ in
            .json(text: #"{"error":"NotAuthorizedException","message":"token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl was refused"}"#, status: 400)
        }
        router.get("/ok") { _, _ in .json(text: #"{"items":[]}"#) }
        router.get("/text") { _, _ in .text("nope", status: 500) }
        return router
    }

    private func cause(_ body: String) async throws -> String? {
        let lab = try await runLab(block("id=s hint=\"a hint\"", body), router: router())
        #expect(lab.steps[0].status == .failed)
        return lab.steps[0].cause
    }

    @Test func theAppRelayingAPlatformErrorIsThePlatformSpeaking() async throws {
        #expect(try await cause("POST {{api}}/reg\nHTTP 201")
            == "the platform said: InvalidParameterException: Invalid write attributes specified while creating a client")
        #expect(try await cause("GET {{api}}/denied\nHTTP 200")
            == "the platform said: AccessDenied: User: x is not authorized to perform: iam:PutRolePolicy")
    }

    @Test func anAWSBodyIsThePlatformsAndItsLinesAreJoined() async throws {
        #expect(try await cause("POST {{api}}/aws\nHTTP 200")
            == "the platform said: ValidationException: One or more parameter values were invalid:; Missing the key tenant_id")
    }

    @Test func theAppsOwnRefusalIsTheApps() async throws {
        #expect(try await cause("GET {{api}}/products\nHTTP 200") == "the app said: Unauthorized: the ID token has no custom:tenant_id")
        // `HTTP *` asks for no status: an error answer is still the cause of a failed assert.
        #expect(try await cause("GET {{api}}/products\nHTTP *\n[Asserts]\njsonpath \"$.items\" exists") != nil)
    }

    @Test func noCauseWhenTheStepAskedForThatStatusOrTheAnswerIsNoError() async throws {
        // The step wanted a 401: what failed is an assert, not the refusal it asked for.
        #expect(try await cause("GET {{api}}/products\nHTTP 401\n[Asserts]\njsonpath \"$.error\" == \"Forbidden\"") == nil)
        #expect(try await cause("GET {{api}}/ok\nHTTP 201") == nil)
        #expect(try await cause("GET {{api}}/text\nHTTP 200") == nil, "a body that names no error gives no cause")
    }

    @Test func aTokenInTheMessageIsMasked() async throws {
        let said = try await cause("GET {{api}}/token\nHTTP 200") ?? ""
        #expect(said.hasPrefix("the platform said: NotAuthorizedException: token "))
        #expect(!said.contains("c2lnbmF0dXJlc2lnbmF0dXJl"), "\(said)")
    }

    @Test func aPassingStepHasNoCause() async throws {
        let lab = try await runLab(block("id=s", "GET {{api}}/products\nHTTP 401"), router: router())
        #expect(lab.steps[0].status == .passed)
        #expect(lab.steps[0].cause == nil)
    }

    @Test func theAnswerIsReadOnceAndBounded() {
        let long = String(repeating: "m", count: 5_000)
        let answer = ErrorAnswer(status: 400, body: Array(#"{"error":"BadRequest","message":"\#(long)"}"#.utf8))
        #expect(answer?.speaker == .app)
        #expect(answer?.message.count == 301)
        #expect(answer?.summary.hasPrefix("a BadRequest error (HTTP 400): mmm") == true)
        #expect(ErrorAnswer(status: 200, body: Array(#"{"error":"X"}"#.utf8)) == nil)
        #expect(ErrorAnswer(status: 400, body: Array(#"{"error":""}"#.utf8)) == nil)
        #expect(ErrorAnswer(status: 400, body: Array(repeating: UInt8(ascii: " "), count: (1 << 20) + 1)) == nil)
        #expect(ErrorAnswer(status: 400, body: Array(#"{"code":"Throttled"}"#.utf8))?.cause == "the app said: Throttled")
    }

    /// A refusal's explanation follows its message in the cause, bounded like the message, so
    /// the part that says why is shown even when the message is long.
    @Test func aRefusalsExplanationFollowsItsMessage() throws {
        let body = #"{"error":"AccessDeniedException","message":"User: arn:aws:sts::1:assumed-role/T-TenantAdmin/s is not authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:us-east-1:1:table/P because no identity-based policy allows the dynamodb:Query action","explanation":"statement \"P\": ForAllValues:StringEquals dynamodb:LeadingKeys: request [B] not within [${aws:PrincipalTag/tenant_id}] (the policy has no \"Version\": \"2012-10-17\", so IAM left ${aws:PrincipalTag/tenant_id} as written)"}"#
        let answer = try #require(ErrorAnswer(status: 403, body: Array(body.utf8)))
        #expect(answer.cause.hasPrefix("the platform said: AccessDeniedException: User: arn:aws:sts::1:assumed-role/T-TenantAdmin/s is not authorized"))
        #expect(answer.cause.hasSuffix(#"(IAM explains: statement "P": ForAllValues:StringEquals dynamodb:LeadingKeys: request [B] not within [${aws:PrincipalTag/tenant_id}] (the policy has no "Version": "2012-10-17", so IAM left ${aws:PrincipalTag/tenant_id} as written))"#))
        let long = String(repeating: "e", count: 5_000)
        let bounded = try #require(ErrorAnswer(status: 403, body: Array(#"{"error":"AccessDeniedException","message":"m","explanation":"\#(long)"}"#.utf8)))
        #expect(bounded.explanation?.count == 301)
        #expect(ErrorAnswer(status: 403, body: Array(#"{"error":"AccessDeniedException","message":"m","explanation":""}"#.utf8))?.explanation == nil)
    }
}

/// `hint-when: text => hint`: a request's hint chosen by what its answer says, so one step can
/// tell apart the causes it knows of.
@Suite struct ConditionalHintTests {
    private func router() -> Router {
        var router = Router()
        router.get("/trust") { _, _ in
            .json(text: #"{"error":"AccessDeniedException","message":"User: arn:aws:sts::1:assumed-role/T-Trust/s is not authorized"}"#, status: 403)
        }
        router.get("/ambiguous") { _, _ in
            .json(text: #"{"error":"InvalidParameterException","message":"ambiguous role mapping rules for: x were denied"}"#, status: 400)
        }
        router.get("/list") { _, _ in .json(text: #"[{"title":"other tenant's"}]"#) }
        return router
    }

    private func step(_ path: String, expect: String = "HTTP 200") -> String {
        block("id=s hint=\"the step's hint\"", """
            GET {{api}}\(path)
            [Options]
            hint: the request's hint
            hint-when: -Trust/ => the Trust hint
            hint-when: ambiguous role => the ambiguity hint
            hint-when: other tenant"s => never: no answer says this
            hint-when: other tenant's => the list hint
            \(expect)
            """)
    }

    @Test(arguments: [("/trust", "the Trust hint"), ("/ambiguous", "the ambiguity hint"), ("/list", "the list hint")])
    func theFirstMatchingHintIsShown(path: String, hint: String) async throws {
        let expect = path == "/list" ? "HTTP 200\n[Asserts]\njsonpath \"$\" count == 0" : "HTTP 200"
        let lab = try await runLab(step(path, expect: expect), router: router())
        #expect(lab.steps[0].status == .failed)
        #expect(lab.steps[0].hint == hint)
    }

    @Test func withoutAMatchTheRequestsOwnHintStays() async throws {
        var router = router()
        router.get("/other") { _, _ in .json(text: #"{"error":"NotFound","message":"no"}"#, status: 404) }
        let lab = try await runLab(step("/other"), router: router)
        #expect(lab.steps[0].hint == "the request's hint")
    }

    @Test(arguments: [
        "hint-when: the Trust hint",
        "hint-when: -Trust/ =>",
        "hint-when:  => empty text",
        "hint-when: -Trust/ => {{variable}} hint",
    ])
    func malformedLinesAreRefusedWithTheirUsage(line: String) {
        let text = labText("```hurl {id=s}\nGET {{api}}/a\n[Options]\n\(line)\nHTTP 200\n```\n")
        #expect(summary(errors(text)).first?.contains("expected hint-when: <text the answer contains> => <hint>") == true, "\(summary(errors(text)))")
    }
}
