import Core
import Labs
import Testing

/// A failed check's `actual:` goes into reports, gradebooks and CI logs: the text of a field,
/// header or variable named like a secret is not printed there.
struct SecretValueTests {
    static let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"
    static let body = #"{"UserPoolClient":{"ClientId":"abc123","ClientSecret":"s3cr3t-value-0123456789","TokenValidityUnits":{"IdToken":"hours"}},"token":"aaa.eyJ4IjoxfQ.sig","newPasswordRequired":true,"TokenType":"Bearer","Secrets":["first-secret-0123456789","second-secret-0123456789"]}"#

    private func evaluator() -> QueryEvaluator {
        QueryEvaluator(
            exchange: ExchangeSnapshot(status: 200, headers: [("X-Amz-Security-Token", "session-secret")], body: Array(Self.body.utf8)),
            variables: ["admin_password": .string("Passw0rd!"), "tenant": .string("TENANT1"), "admin_token": .string(Self.jwt)]
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

    @Test func shortSettingsNamedLikeSecretsAreShown() throws {
        var queries = evaluator()
        let type = queries.check(.jsonpath(try JSONPath("$.TokenType")), HurlPredicate(.equal(.string("x"))))
        #expect(type.actual == #""Bearer""#)
        let units = queries.check(.jsonpath(try JSONPath("$.UserPoolClient.TokenValidityUnits.IdToken")), HurlPredicate(.equal(.string("x"))))
        #expect(units.actual == #""hours""#)
    }

    @Test func listsOfSecretsAndErrorsQuotingASecretAreMasked() throws {
        var queries = evaluator()
        let list = queries.check(.jsonpath(try JSONPath("$.Secrets")), HurlPredicate(.exists, negated: true))
        #expect(list.actual == "<redacted> (a list of 2)")
        // count applies to lists: the error would quote the secret it was given.
        let error = queries.check(.jsonpath(try JSONPath("$.UserPoolClient.ClientSecret")), filters: [.count], HurlPredicate(.equal(.integer(1))))
        #expect(error.actual.hasPrefix("error: ") && !error.actual.contains("s3cr3t"), "\(error.actual)")
    }

    @Test func aFailureNeverPrintsATokenOrASecretFieldWhereverItStands() {
        let failure = AssertFailure(
            location: SourceLocation(file: "lab.md", line: 1, column: 1),
            check: #"jsonpath "$.token" == "\#(Self.jwt)""#, expected: #"== "\#(Self.jwt)""#,
            actual: #"{"Credentials":{"AccessKeyId":"ASIAEXAMPLE","SecretKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},"Logins":{"cognito-idp.us-east-1.amazonaws.com/us-east-1_x":"\#(Self.jwt)"}}"#
        )
        for text in [failure.check, failure.expected, failure.actual] {
            #expect(!text.contains("c2lnbmF0dXJl") && !text.contains("wJalrXUtnFEMI"), "\(text)")
        }
        #expect(failure.expected == #"== "<redacted>""#)
        #expect(failure.actual.contains(#""AccessKeyId":"ASIAEXAMPLE""#))
    }
}
