import Core
import HTTP
import Testing
@testable import Labs

/// Filter chains through a step: a JWT's claims checked the way a Hurl user checks them.
@Suite struct RunnerFilterTests {
    static let jwt = TestJWT(tenant: "TENANT-a1b2")
    static let claimChain = #"jsonpath "$.token" split "." nth 1 base64UrlSafeDecode utf8Decode jsonpath "$['custom:tenant_id']""#

    /// A router answering `GET /token` with `{"token": "<jwt>", "tenant": "TENANT-a1b2", "sep": "."}`.
    private func tokenRouter() -> Router {
        var router = Router()
        router.get("/token") { _, _ in
            .json(text: JSON.object(["token": .string(Self.jwt.token), "tenant": "TENANT-a1b2", "sep": "."]).serialized())
        }
        return router
    }

    @Test func theClaimChainPassesAgainstACapturedTenant() async throws {
        let lab = try await runLab(block("id=claims", """
        GET {{api}}/token
        HTTP 200
        [Captures]
        tenant_id: jsonpath "$.tenant"
        sep: jsonpath "$.sep"
        claimed: \(Self.claimChain)
        [Asserts]
        \(Self.claimChain) == "{{tenant_id}}"
        jsonpath "$.token" split "{{sep}}" count == 3
        jsonpath "$.token" split "." nth 1 base64UrlSafeDecode decode "utf-8" jsonpath "$.given_name" == "\(TestJWT.givenName)"
        jsonpath "$.token" split "." nth 0 base64UrlSafeDecode utf8Decode jsonpath "$.alg" == "RS256"
        variable "claimed" == "TENANT-a1b2"
        """), router: tokenRouter())
        let step = try #require(lab.steps.first)
        #expect(step.failures.map(\.summary) == [])
        #expect(step.status == .passed)
    }

    @Test func aDifferentClaimFailsWithExpectedAndActual() async throws {
        let lab = try await runLab(block("id=claims", """
        GET {{api}}/token
        HTTP 200
        [Asserts]
        \(Self.claimChain) == "TENANT-other"
        """), router: tokenRouter())
        let step = try #require(lab.steps.first)
        #expect(step.status == .failed)
        let failure = try #require(step.failures.first)
        #expect(failure.location.line == 9)
        #expect(failure.check == Self.claimChain + #" == "TENANT-other""#)
        #expect(failure.expected == #"== "TENANT-other""#)
        #expect(failure.actual == #""TENANT-a1b2""#)
        #expect(failure.summary == "lab.md:9:1: \(Self.claimChain) == \"TENANT-other\": expected == \"TENANT-other\", actual \"TENANT-a1b2\"")
    }

    @Test func aFilterOnTheWrongTypeIsAnErrorInTheReport() async throws {
        let lab = try await runLab(block("id=claims", """
        GET {{api}}/token
        HTTP 200
        [Asserts]
        jsonpath "$.token" split "." nth 1 utf8Decode exists
        jsonpath "$.token" split "." nth 1 base64UrlSafeDecode jsonpath "$.sub" exists
        """), router: tokenRouter())
        let step = try #require(lab.steps.first)
        #expect(step.status == .failed)
        #expect(step.failures.map(\.actual) == [
            // A piece of the token: quoted in the error, so masked.
            #"error: utf8Decode: applies to bytes, not to "<redacted>… (\#(Self.jwt.payloadSegment.count) characters)"#,
            #"error: jsonpath "$.sub": applies to strings (JSON text), not to "# + HurlValue.bytes(
                Array(TestJWT.payload(tenant: "TENANT-a1b2").utf8)).displayed(limit: 60),
        ])
    }

    @Test func aCaptureThroughAFailingChainFailsTheStep() async throws {
        let lab = try await runLab(block("id=claims", """
        GET {{api}}/token
        HTTP 200
        [Captures]
        signature: jsonpath "$.token" split "." nth 2 base64UrlSafeDecode utf8Decode
        """), router: tokenRouter())
        let failure = try #require(lab.steps.first?.failures.first)
        #expect(failure.check == "capture signature")
        #expect(failure.actual == "error: utf8Decode: not valid UTF-8: hex,fbffbf3e017e; (6 bytes)")
    }

    @Test func aJSONPathFilterRenderedInvalidAtRunTimeIsAnError() async throws {
        let lab = try await runLab(block("id=claims", """
        GET {{api}}/token
        HTTP 200
        [Captures]
        open: jsonpath "$.sep"
        [Asserts]
        \(Self.claimChain.replacingOccurrences(of: "$['custom:tenant_id']", with: "$.sub{{open}}[")) exists
        """), router: tokenRouter())
        let failure = try #require(lab.steps.first?.failures.first)
        #expect(failure.actual.hasPrefix(#"error: jsonpath "$.sub.[": "#), "\(failure.actual)")
    }
}

extension RunnerFilterTests {
    @Test func aCredentialHeadersValueIsNotPrintedWhenItDiffers() async throws {
        var router = Router()
        router.get("/session") { _, _ in
            var response = HTTPResponse.text("ok")
            response.headers.add(name: "Set-Cookie", value: "session=s3cr3t-session-value; HttpOnly")
            response.headers.add(name: "X-Request", value: "r-1")
            return response
        }
        let lab = try await runLab(block("id=session", """
        GET {{api}}/session
        HTTP 200
        Set-Cookie: session=other
        X-Request: r-2
        """), router: router)
        let step = try #require(lab.steps.first)
        #expect(step.failures.map(\.actual) == ["<redacted> (a string)", #""r-1""#])
        #expect(!step.failures.contains { $0.summary.contains("s3cr3t") })
    }
}

extension RunnerFilterTests {
    @Test func aNoteQuotesWhatTheStepCapturedOnceItPasses() async throws {
        let lab = try await runLab(block(#"id=claims note="tenant {{tenant}} is in the token""#, """
        GET {{api}}/token
        HTTP 200
        [Captures]
        tenant: \(Self.claimChain)
        """) + block(#"id=failing note="never shown""#, """
        GET {{api}}/token
        HTTP 418
        """), router: tokenRouter())
        #expect(lab.steps.map(\.note) == ["tenant TENANT-a1b2 is in the token", nil])
        let quoting = try await runLab(block(#"id=token note="the token: {{token}}""#, """
        GET {{api}}/token
        HTTP 200
        [Captures]
        token: jsonpath "$.token"
        """), router: tokenRouter())
        #expect(quoting.steps.first?.note == "the token: <redacted>")
        #expect(lab.steps.map(\.shownNote) == ["tenant TENANT-a1b2 is in the token", nil])
    }
}
