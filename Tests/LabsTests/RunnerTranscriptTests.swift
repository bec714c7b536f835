import HTTP
import Testing
@testable import Labs

/// Transcripts land in reports and CI logs: no credential may appear in one.
@Suite struct RunnerTranscriptTests {
    private func transcript(request: [(String, String)] = [], requestBody: String = "",
                            response: [(String, String)] = [], responseBody: String = "") -> String {
        Transcript.render(
            HTTPRequest(method: "POST", target: "/", headers: HTTPHeaders(request), text: requestBody),
            HTTPResponse(status: 200, headers: HTTPHeaders(response), body: Array(responseBody.utf8)))
    }

    @Test func authorizationKeepsOnlyItsScheme() {
        let text = transcript(request: [
            ("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"),
            ("authorization", "Basic QUtJRDpzZWNyZXQ="),
        ])
        #expect(text.contains("> Authorization: Bearer <redacted>"))
        #expect(text.contains("> authorization: Basic <redacted>"))
        #expect(!text.contains("eyJhbGci") && !text.contains("QUtJRDpzZWNyZXQ="))
    }

    @Test func sigV4KeepsTheCredentialScopeButNotTheSignature() {
        let text = transcript(request: [("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123def456")])
        #expect(text.contains("> Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, <redacted>"), "\(text)")
        #expect(!text.contains("abc123def456"))
    }

    @Test func tokensAndCookiesAreRedacted() {
        let text = transcript(request: [("X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLE"), ("Cookie", "session=s3cr3t")],
                              response: [("Set-Cookie", "session=s3cr3t; HttpOnly")])
        #expect(text.contains("> X-Amz-Security-Token: <redacted>"))
        #expect(text.contains("> Cookie: <redacted>"))
        #expect(text.contains("< Set-Cookie: <redacted>"))
        #expect(!text.contains("FwoGZXIv") && !text.contains("s3cr3t"))
    }

    @Test func secretJSONFieldsAreMaskedInBodies() {
        let text = transcript(
            requestBody: #"{"Username":"ann","PASSWORD": "hunter2", "note":"password is \"x\""}"#,
            responseBody: #"{"AuthenticationResult":{"IdToken":"eyJ.id-0123456789abcdef","AccessToken" : "eyJ.access-0123456789abcdef","TokenType":"Bearer"},"Credentials":{"AccessKeyId":"ASIA1","SecretAccessKey":"wJalr\"q-0123456789abcdef","SessionToken":"FQo-0123456789abcdef"},"TokenValidityUnits":{"IdToken":"hours"},"tags":["token","x"]}"#)
        #expect(text.contains(#""PASSWORD": "<redacted>""#), "\(text)")
        #expect(text.contains(#""Username":"ann""#))
        #expect(text.contains(#""note":"password is \"x\"""#))
        #expect(text.contains(#""IdToken":"<redacted>""#) && text.contains(#""AccessToken" : "<redacted>""#))
        #expect(text.contains(#""SecretAccessKey":"<redacted>""#) && text.contains(#""SessionToken":"<redacted>""#))
        #expect(text.contains(#""AccessKeyId":"ASIA1""#))
        #expect(text.contains(#"["token","x"]"#))
        // Short values of fields named like secrets are settings, not secrets.
        #expect(text.contains(#""TokenType":"Bearer""#) && text.contains(#""IdToken":"hours""#))
        for secret in ["hunter2", "eyJ.id", "eyJ.access", "wJalr", "FQo"] {
            #expect(!text.contains(secret), "\(secret) leaked")
        }
    }
}

extension RunnerTranscriptTests {
    @Test func secretLengthsCountCharactersNotBytes() {
        let fifteen = String(repeating: "é", count: 15), sixteen = String(repeating: "é", count: 16)
        #expect(TranscriptRedaction.body(#"{"SecretAccessKey":"\#(fifteen)"}"#) == #"{"SecretAccessKey":"\#(fifteen)"}"#)
        #expect(TranscriptRedaction.body(#"{"SecretAccessKey":"\#(sixteen)"}"#) == #"{"SecretAccessKey":"<redacted>"}"#)
        #expect(TranscriptRedaction.body(#"{"mot de passe é":"x","Pässword":"é"}"#) == #"{"mot de passe é":"x","Pässword":"é"}"#)
        #expect(TranscriptRedaction.body(#"{"Password" :  "é"}"#) == #"{"Password" :  "<redacted>"}"#)
    }

    @Test func oddShapesAreLeftAsTheyAre() {
        for text in [#"{"Password""#, #"{"Password":"#, #"{"a":"b\"","Password" x "y"}"#, "\"", "", #"["Password","hunter2"]"#] {
            #expect(TranscriptRedaction.body(text) == text, "\(text)")
        }
        // A key is read as written, escapes and all; a value is masked whole, escapes and all.
        #expect(TranscriptRedaction.body(#"{"a\"Password":"é\\","b":1}"#) == #"{"a\"Password":"<redacted>","b":1}"#)
        // An unterminated secret value is masked to the end.
        #expect(TranscriptRedaction.body(#"{"Password":"hunter"#) == #"{"Password":"<redacted>""#)
    }

    @Test func aTokenUnderAnyNameIsMasked() {
        // GetId's Logins map holds the ID token under the provider's name.
        let token = "eyJraWQiOiJrIiwiYWxnIjoiSFMyNTYifQ.eyJzdWIiOiJhIn0.bm90LXJlYWxseS1hLXNpZ25hdHVyZQ"
        let text = transcript(
            requestBody: #"{"IdentityPoolId":"us-east-1:x","Logins":{"cognito-idp.us-east-1.amazonaws.com/us-east-1_abc":"\#(token)"}}"#,
            responseBody: "{}"
        )
        #expect(text.contains(#""cognito-idp.us-east-1.amazonaws.com/us-east-1_abc":"<redacted>""#), "\(text)")
        #expect(!text.contains("bm90LXJlYWxseS1hLXNpZ25hdHVyZQ"))
    }
}
