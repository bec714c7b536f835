import Foundation
import IAM
import Testing

/// Round trips, statement positions, and the request context.
@Suite struct DocumentTests {
    @Test func keepsTheOriginalTextByteForByte() throws {
        let text = "{ \"Statement\" : [ {\"Effect\":\"Allow\", \"Action\":\"s3:*\",\n\t\"Resource\":\"*\"} ],\n\"Version\":\"2012-10-17\" }\n"
        let policy = try PolicyDocument(text, name: "Inline")
        #expect(policy.text == text)
        #expect(policy.text.utf8.elementsEqual(text.utf8))
        #expect(policy.version == .v2012_10_17)
        #expect(policy.name == "Inline")
        #expect(policy.renamed("arn:aws:iam::111122223333:policy/P").name == "arn:aws:iam::111122223333:policy/P")
    }

    @Test func parsesStatementsAndIdentifiers() throws {
        let policy = try PolicyDocument(#"{"Version": "2012-10-17", "Id": "doc-1", "Statement": {"Sid": "Only", "Effect": "Deny", "Action": "*", "Resource": "*"}}"#)
        #expect(policy.id == "doc-1")
        #expect(policy.statements.count == 1)
        #expect(policy.statements[0].sid == "Only")
        #expect(policy.statements[0].effect == .deny)
        #expect(policy.statements[0].label == #""Only""#)
        #expect(policy.statements[0].start == SourcePosition(line: 1, column: 55))
    }

    @Test func positionsCountUnicodeScalarsAndHandleEscapedKeys() throws {
        let text = "{\"Version\": \"2012-10-17\", \"Id\": \"é\\u00e9\",\r\n \"State\\u006dent\": [\n  {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::é\"}\n]}"
        let policy = try PolicyDocument(text)
        #expect(policy.statements[0].start == SourcePosition(line: 3, column: 3))
        #expect(policy.statements[0].end == SourcePosition(line: 3, column: 69))
    }

    @Test func requestContextIsCaseInsensitiveAndMerges() {
        var context = AuthorizationContext(["aws:TagKeys": ["a"], "AWS:tagkeys": ["b"]])
        #expect(context.values(for: "AWS:TAGKEYS")?.sorted() == ["a", "b"])
        // Merged in the sorted order of the keys as written, whatever the dictionary's order.
        #expect(context.values(for: "aws:tagkeys") == ["b", "a"])
        let many = AuthorizationContext(["k:Z": ["z"], "k:a": ["a1"], "K:A": ["A"], "k:A": ["a2"], "other": ["o"]])
        #expect(many.values(for: "k:a") == ["A", "a2", "a1"])
        #expect(many.values(for: "k:z") == ["z"] && many.values(for: "OTHER") == ["o"])
        context["aws:username"] = ["alice"]
        #expect(context.values(for: "aws:UserName") == ["alice"])
        #expect(context.keys == ["aws:tagkeys", "aws:username"])
    }

    @Test func requestFillsPrincipalKeysAndTime() {
        let request = AuthorizationRequest(
            principal: .init(arn: "arn:aws:sts::111122223333:assumed-role/TenantAdmin/session-1"),
            action: "dynamodb:Query", resource: "*", principalTags: ["tenant_id": "T1"],
            currentTime: Date(timeIntervalSince1970: 1_700_000_000)
        )
        #expect(request.principal.account == "111122223333")
        #expect(request.context.values(for: "aws:PrincipalArn") == ["arn:aws:iam::111122223333:role/TenantAdmin"])
        #expect(request.context.values(for: "aws:PrincipalAccount") == ["111122223333"])
        #expect(request.context.values(for: "aws:PrincipalTag/tenant_id") == ["T1"])
        #expect(request.context.values(for: "aws:CurrentTime") == ["2023-11-14T22:13:20Z"])
        #expect(request.context.values(for: "aws:EpochTime") == ["1700000000"])
    }

    @Test func callerSuppliedKeysWinOverDerivedOnes() {
        let request = AuthorizationRequest(
            principal: .init(arn: "arn:aws:iam::111122223333:user/u"), action: "s3:GetObject", resource: "*",
            context: ["aws:PrincipalArn": ["arn:aws:iam::111122223333:user/override"]]
        )
        #expect(request.context.values(for: "aws:principalarn") == ["arn:aws:iam::111122223333:user/override"])
    }

    @Test func arnParts() throws {
        let arn = try #require(ARN("arn:aws:s3:::bucket/a:b"))
        #expect(arn.service == "s3")
        #expect(arn.region.isEmpty)
        #expect(arn.resource == "bucket/a:b")
        #expect(ARN("arn:aws:s3") == nil)
        #expect(ARN("arn:aws:sts::123:assumed-role/R/s")?.assumedRoleARN?.description == "arn:aws:iam::123:role/R")
    }

    @Test func operatorNamesRoundTrip() {
        for name in ["StringEquals", "ForAllValues:StringLikeIfExists", "ForAnyValue:ArnNotLike", "Null", "DateGreaterThanEqualsIfExists"] {
            #expect(ConditionOperator(name)?.description == name)
        }
        #expect(ConditionOperator("NullIfExists") == nil)
        #expect(ConditionOperator("StringEqual") == nil)
        #expect(ConditionOperator("StringNotLike")?.base.isNegated == true)
    }
}
