import IAM
import Testing

/// Malformed documents are refused with messages that say where and what, exactly.
@Suite struct ParserErrorTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let kind: PolicyDocument.Kind
        let message: String
        var testDescription: String { name }

        init(_ name: String, _ text: String, kind: PolicyDocument.Kind = .identity, _ message: String) {
            self.name = name
            self.text = text
            self.kind = kind
            self.message = message
        }
    }

    static let statementPrefix = #"{"Version": "2012-10-17", "Statement": "#

    /// A one-statement document around the statement's members.
    static func one(_ members: String) -> String {
        statementPrefix + "{" + members + "}}"
    }

    static let rows: [Row] = [
        Row("JSON syntax error names line and column",
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"s3:*\"}\n  ]\n}",
            "line 4, column 24: expected ',' or '}' after an object member"),
        Row("Effect in the wrong case", statementPrefix + #"[{"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Sid": "ProductTable", "Effect": "allow", "Action": "s3:*", "Resource": "*"}]}"#,
            #"Statement[1] (Sid "ProductTable"): Effect must be "Allow" or "Deny", got "allow""#),
        Row("Effect not a string", one(#""Effect": true, "Action": "s3:*", "Resource": "*""#),
            #"Statement[0]: Effect must be "Allow" or "Deny", got true"#),
        Row("missing Effect", one(#""Sid": "X", "Action": "s3:*", "Resource": "*""#),
            #"Statement[0] (Sid "X"): missing required element Effect"#),
        Row("missing Action", one(#""Sid": "X", "Effect": "Allow", "Resource": "*""#),
            #"Statement[0] (Sid "X"): missing required element Action (or NotAction)"#),
        Row("both Action and NotAction", one(#""Sid": "X", "Effect": "Allow", "Action": "s3:*", "NotAction": "s3:Get*", "Resource": "*""#),
            #"Statement[0] (Sid "X"): has both Action and NotAction; use one"#),
        Row("both Resource and NotResource", one(#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "NotResource": "arn:aws:s3:::b""#),
            "Statement[0]: has both Resource and NotResource; use one"),
        Row("missing Resource", one(#""Sid": "X", "Effect": "Allow", "Action": "s3:*""#),
            #"Statement[0] (Sid "X"): missing required element Resource (or NotResource)"#),
        Row("unknown statement element", one(#""Sid": "X", "Effect": "Allow", "Actions": "s3:*", "Resource": "*""#),
            #"Statement[0] (Sid "X"): unknown element "Actions"; did you mean "Action"?"#),
        Row("statement element in the wrong case", one(#""effect": "Allow", "Action": "s3:*", "Resource": "*""#),
            #"Statement[0]: unknown element "effect"; did you mean "Effect"?"#),
        Row("unknown top-level element", #"{"Version": "2012-10-17", "Statements": []}"#,
            #"unknown top-level element "Statements"; did you mean "Statement"?"#),
        Row("bad Version", #"{"Version": "2012-10-18", "Statement": []}"#,
            #"Version must be "2012-10-17" or "2008-10-17", got "2012-10-18""#),
        Row("missing Statement", #"{"Version": "2012-10-17"}"#,
            "missing required element Statement"),
        Row("document not an object", "[1]",
            "the document must be a JSON object, got array"),
        Row("statement not an object", statementPrefix + #"["x"]}"#,
            "Statement[0]: a statement must be an object, got string"),
        Row("Sid not a string", one(#""Sid": 7, "Effect": "Allow", "Action": "s3:*", "Resource": "*""#),
            "Statement[0]: Sid must be a string, got number"),
        Row("action without a service", one(#""Effect": "Allow", "Action": "GetItem", "Resource": "*""#),
            #"Statement[0]: Action "GetItem" must be "*" or "<service>:<action>", e.g. "dynamodb:GetItem""#),
        Row("action list with a number", one(#""Effect": "Allow", "Action": ["s3:*", 3], "Resource": "*""#),
            "Statement[0]: Action[1] must be a string, got number"),
        Row("resource not an ARN", one(#""Effect": "Allow", "Action": "s3:*", "Resource": "table/Product""#),
            #"Statement[0]: Resource "table/Product" must be "*" or an ARN ("arn:...")"#),
        Row("unknown condition operator with suggestion", one(#""Sid": "X", "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "a"}}"#),
            #"Statement[0] (Sid "X"): unknown condition operator "StringEqual"; did you mean "StringEquals"?"#),
        Row("misspelt set qualifier", one(#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"ForAllValue:StringEquals": {"aws:username": "a"}}"#),
            #"Statement[0]: unknown condition operator "ForAllValue:StringEquals"; did you mean "ForAllValues:StringEquals"?"#),
        Row("operator in the wrong case", one(#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"stringlike": {"aws:username": "a"}}"#),
            #"Statement[0]: unknown condition operator "stringlike"; did you mean "StringLike"?"#),
        Row("Null takes no IfExists", one(#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NullIfExists": {"aws:username": "true"}}"#),
            #"Statement[0]: unknown condition operator "NullIfExists": Null takes no IfExists"#),
        Row("condition value an object", one(#""Sid": "X", "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": {"a": 1}}}"#),
            #"Statement[0] (Sid "X"): condition value for "aws:username" under StringEquals must be a string, number, boolean or an array of them, got object"#),
        Row("condition value null in an array", one(#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": ["a", null]}}"#),
            #"Statement[0]: condition value for "aws:username" under StringEquals must be a string, number, boolean or an array of them, got null in the array"#),
        Row("condition key without a service", one(#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"username": "a"}}"#),
            #"Statement[0]: condition key "username" under StringEquals must be prefixed by a service, e.g. "aws:username" or "dynamodb:LeadingKeys""#),
        Row("Condition not an object", one(#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": []"#),
            "Statement[0]: Condition must be an object, got array"),
        Row("Principal in an identity policy", one(#""Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*""#),
            "Statement[0]: Principal is not allowed in an identity-based policy"),
        Row("trust policy without Principal", one(#""Effect": "Allow", "Action": "sts:AssumeRole""#), kind: .trust,
            "Statement[0]: missing required element Principal (or NotPrincipal)"),
        Row("trust policy with Resource", one(#""Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*""#), kind: .trust,
            "Statement[0]: Resource is not allowed in a trust policy"),
        Row("unknown principal type", one(#""Effect": "Allow", "Principal": {"Aws": "*"}, "Action": "sts:AssumeRole""#), kind: .trust,
            #"Statement[0]: unknown principal type "Aws" in Principal; did you mean "AWS"?"#),
    ]

    @Test(arguments: rows)
    func refuses(_ row: Row) {
        #expect {
            try PolicyDocument(row.text, kind: row.kind)
        } throws: { error in
            guard let malformed = error as? MalformedPolicyDocument else { return false }
            #expect(malformed.message == row.message)
            #expect(malformed.code == "MalformedPolicyDocument")
            #expect(malformed.description == "MalformedPolicyDocument: " + row.message)
            return true
        }
    }

    @Test func syntaxErrorKeepsTheJSONError() throws {
        let error = #expect(throws: MalformedPolicyDocument.self) {
            try PolicyDocument("{\"Version\": \"2012-10-17\",\n \"Statement\": [,]}")
        }
        #expect(error?.syntaxError?.line == 2)
        #expect(error?.syntaxError?.column == 16)
    }

    @Test("valid documents AWS accepts are not refused", arguments: [
        // Statement as one object; string or array wherever a list is allowed; Id; numbers and booleans as condition values.
        #"{"Version": "2012-10-17", "Id": "p1", "Statement": {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::b/*"], "Condition": {"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": true}}}}"#,
        #"{"Statement": [{"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:iam::*:*"}]}"#,
        #"{"Version": "2008-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}]}"#,
        #"{"Version": "2012-10-17", "Statement": []}"#,
    ])
    func accepts(_ text: String) throws {
        _ = try PolicyDocument(text)
    }
}
