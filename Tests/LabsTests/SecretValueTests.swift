import Core
import Labs
import Testing

/// A failed check's `actual:` goes into reports, gradebooks and CI logs: the text of a field,
/// header or variable named like a secret is not printed there.
struct SecretValueTests {
    static let body = #"{"UserPoolClient":{"ClientId":"abc123","ClientSecret":"s3cr3t-value"},"token":"aaa.eyJ4IjoxfQ.sig","newPasswordRequired":true}"#

    private func evaluator() -> QueryEvaluator {
        QueryEvaluator(
            exchange: ExchangeSnapshot(status: 200, headers: [("X-Amz-Security-Token", "session-secret")], body: Array(Self.body.utf8)),
            variables: ["admin_password": .string("Passw0rd!"), "tenant": .string("TENANT1")]
        )
    }

    @Test func aSecretFieldsTextIsNotPrinted() throws {
        var queries = evaluator()
        let outcome = queries.check(.jsonpath(try JSONPath("$.UserPoolClient.ClientSecret")), HurlPredicate(.exists, negated: true))
        #expect(!outcome.passed)
        #expect(outcome.actual == "<redacted> (a string)")
        #expect(!outcome.explanation.contains("s3cr3t"))
    }

    @Test func secretHeadersAndVariablesAreNotPrintedEither() throws {
        var queries = evaluator()
        let header = queries.check(.header("X-Amz-Security-Token"), HurlPredicate(.equal(.string("other"))))
        #expect(!header.passed && header.actual == "<redacted> (a string)")
        let variable = queries.check(.variable("admin_password"), HurlPredicate(.equal(.string("other"))))
        #expect(!variable.passed && variable.actual == "<redacted> (a string)")
    }

    @Test func ordinaryValuesAndWhatFiltersDeriveAreShown() throws {
        var queries = evaluator()
        let id = queries.check(.jsonpath(try JSONPath("$.UserPoolClient.ClientId")), HurlPredicate(.equal(.string("x"))))
        #expect(id.actual == #""abc123""#)
        let tenant = queries.check(.variable("tenant"), HurlPredicate(.equal(.string("x"))))
        #expect(tenant.actual == #""TENANT1""#)
        // A claim decoded out of the token is what the lab checks, not the token.
        let claim = queries.check(
            .jsonpath(try JSONPath("$.token")), filters: [.split("."), .nth(1), .base64UrlSafeDecode, .utf8Decode, .jsonpath(try JSONPath("$.x"))],
            HurlPredicate(.equal(.integer(2)))
        )
        #expect(claim.actual.hasPrefix("1"))
        // Only text is a secret: a flag named like one still shows.
        let flag = queries.check(.jsonpath(try JSONPath("$.newPasswordRequired")), HurlPredicate(.equal(.boolean(false))))
        #expect(flag.actual.hasPrefix("true"))
        // Nothing there is shown as nothing.
        let missing = queries.check(.jsonpath(try JSONPath("$.UserPoolClient.OtherSecret")), HurlPredicate(.exists))
        #expect(missing.actual == "none")
    }

    @Test func aSecretSelectedByAJsonpathFilterIsHidden() throws {
        var queries = evaluator()
        let outcome = queries.check(
            .body, filters: [.jsonpath(try JSONPath("$.UserPoolClient.ClientSecret"))], HurlPredicate(.exists, negated: true)
        )
        #expect(outcome.actual == "<redacted> (a string)")
    }
}
