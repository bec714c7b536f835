import Cloud
import Core
import Testing

/// Query-protocol XML: exact text of responses, escaping, and the writer itself.
struct XMLOutputTests {
    static let iam = "https://iam.amazonaws.com/doc/2010-05-08/"

    @Test func resultWithNestedStructuresAndLists() {
        let result: JSON = [
            "Role": [
                "RoleName": "admin", "MaxSessionDuration": 3600, "Enabled": true, "Gone": nil,
                "Tags": [["Key": "team", "Value": "a"], nil, ["Key": "env", "Value": "b"]],
            ],
            "IsTruncated": false,
        ]
        let xml = QueryXMLEncoder.response(operation: "GetRole", result: result, requestID: "req-1", namespace: Self.iam)
        #expect(xml == """
            <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role>\
            <RoleName>admin</RoleName><MaxSessionDuration>3600</MaxSessionDuration><Enabled>true</Enabled>\
            <Tags><member><Key>team</Key><Value>a</Value></member><member><Key>env</Key><Value>b</Value></member></Tags>\
            </Role><IsTruncated>false</IsTruncated></GetRoleResult>\
            <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetRoleResponse>
            """)
    }

    @Test func emptyResultHasNoResultElement() {
        let xml = QueryXMLEncoder.response(operation: "DeleteRole", result: [:], requestID: "r", namespace: Self.iam)
        #expect(xml == #"<DeleteRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">"#
            + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteRoleResponse>")
    }

    @Test func stringListResult() {
        let xml = QueryXMLEncoder.response(operation: "ListRolePolicies", result: ["PolicyNames": ["a", "b"]], requestID: "r", namespace: "n")
        #expect(xml.contains("<ListRolePoliciesResult><PolicyNames><member>a</member><member>b</member></PolicyNames></ListRolePoliciesResult>"))
    }

    @Test func escaping() {
        #expect(XMLWriter.escape(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
        #expect(XMLWriter.escape("line1\r\nline2\ttab") == "line1&#xD;\nline2\ttab")
        #expect(XMLWriter.escape("bell\u{07}end") == "bell\u{FFFD}end")
        #expect(XMLWriter.escape("ünïcödé ✓") == "ünïcödé ✓")
    }

    @Test func policyDocumentIsEscapedInTheResponse() {
        let document = #"{"Statement":[{"Condition":{"StringLike":{"a":"<&>"}}}]}"#
        let xml = QueryXMLEncoder.response(operation: "GetRolePolicy", result: ["PolicyDocument": .string(document)], requestID: "r", namespace: "n")
        #expect(xml.contains("<PolicyDocument>{&quot;Statement&quot;:[{&quot;Condition&quot;:{&quot;StringLike&quot;:"
            + "{&quot;a&quot;:&quot;&lt;&amp;&gt;&quot;}}}]}</PolicyDocument>"))
    }

    @Test func errorDocument() {
        let error = AWSError(code: "Throttling", message: "Rate <exceeded>", status: 503)
        #expect(QueryXMLEncoder.error(error, requestID: "id", namespace: nil) == "<ErrorResponse><Error><Type>Receiver</Type>"
            + "<Code>Throttling</Code><Message>Rate &lt;exceeded&gt;</Message></Error><RequestId>id</RequestId></ErrorResponse>")
    }

    @Test func writerNestsAndEscapesAttributes() {
        var xml = XMLWriter()
        xml.open("a", attributes: [("x", "1\"2"), ("y", "<")])
        xml.element("b", text: "t&")
        #expect(!xml.isComplete)
        xml.close()
        #expect(xml.isComplete)
        #expect(xml.text == #"<a x="1&quot;2" y="&lt;"><b>t&amp;</b></a>"#)
    }

    @Test func frontDoorEscapesServiceOutput() async {
        let response = await Fixture.door().respond(to: Fixture.query([("Action", "GetRole"), ("Version", "2010-05-08"), ("RoleName", "admin")]))
        let id = response.headers["x-amzn-RequestId"] ?? ""
        #expect(response.bodyText == """
            <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><RoleName>admin</RoleName>\
            <MaxSessionDuration>3600</MaxSessionDuration><Tags><member><Key>team</Key><Value>a&amp;b</Value></member></Tags>\
            </Role></GetRoleResult><ResponseMetadata><RequestId>\(id)</RequestId></ResponseMetadata></GetRoleResponse>
            """)
    }
}
