import IAM
import Testing

/// Set operators (with empty and missing keys) and policy variables (resolved, defaulted,
/// unresolved, escaped), from "Conditions with multiple context keys or values" and
/// "IAM policy elements: Variables and tags".
@Suite struct SetAndVariableTableTests {
    static let attrs = "dynamodb:requestedAttributes"
    static let thread = "arn:aws:dynamodb:us-east-1:111122223333:table/Thread"

    static let setCases: [EvaluationCase] = [
        EvaluationCase("ForAllValues: every requested attribute allowed", doc(allow("dynamodb:GetItem", thread, cond("ForAllValues:StringLike", attrs, #"["PostDateTime", "Message", "Tags"]"#))),
                       Req("dynamodb:GetItem", thread, context: [attrs: ["PostDateTime", "Message"]]), .allowed),
        EvaluationCase("ForAllValues: one attribute outside denies", doc(allow("dynamodb:GetItem", thread, cond("ForAllValues:StringLike", attrs, #"["PostDateTime", "Message", "Tags"]"#))),
                       Req("dynamodb:GetItem", thread, context: [attrs: ["PostDateTime", "UserName"]]), .implicitDeny),
        EvaluationCase("ForAllValues: missing key is vacuously true", doc(allow("dynamodb:GetItem", thread, cond("ForAllValues:StringLike", attrs, #"["PostDateTime"]"#))),
                       Req("dynamodb:GetItem", thread), .allowed),
        EvaluationCase("ForAllValues: empty value set is vacuously true", doc(allow("dynamodb:GetItem", thread, cond("ForAllValues:StringLike", attrs, #"["PostDateTime"]"#))),
                       Req("dynamodb:GetItem", thread, context: [attrs: []]), .allowed),
        EvaluationCase("ForAnyValue: Deny when one forbidden attribute is written", policies: [
            doc(allow("dynamodb:*", thread), deny("dynamodb:PutItem", thread, cond("ForAnyValue:StringLike", attrs, #"["ID", "PostDateTime"]"#))),
        ], Req("dynamodb:PutItem", thread, context: [attrs: ["UserName", "Message", "PostDateTime"]]), .explicitDeny),
        EvaluationCase("ForAnyValue: no forbidden attribute, no Deny", policies: [
            doc(allow("dynamodb:*", thread), deny("dynamodb:PutItem", thread, cond("ForAnyValue:StringLike", attrs, #"["ID", "PostDateTime"]"#))),
        ], Req("dynamodb:PutItem", thread, context: [attrs: ["UserName"]]), .allowed),
        EvaluationCase("ForAnyValue: missing key is false (Deny does not apply)", policies: [
            doc(allow("dynamodb:*", thread), deny("dynamodb:PutItem", thread, cond("ForAnyValue:StringLike", attrs, #"["ID"]"#))),
        ], Req("dynamodb:PutItem", thread), .allowed),
        EvaluationCase("ForAnyValue: missing key is false (Allow does not apply)", doc(allow("ec2:CreateTags", "*", cond("ForAnyValue:StringEquals", "aws:TagKeys", #"["env"]"#))),
                       Req("ec2:CreateTags"), .implicitDeny),
        EvaluationCase("ForAnyValue: one matching tag key allows", doc(allow("ec2:CreateTags", "*", cond("ForAnyValue:StringEquals", "aws:TagKeys", #"["env", "team"]"#))),
                       Req("ec2:CreateTags", context: ["aws:TagKeys": ["owner", "team"]]), .allowed),
        EvaluationCase("ForAllValues:StringNotLike: no request value matches", doc(allow("iam:TagUser", "*", cond("ForAllValues:StringNotLike", "aws:TagKeys", #"["key1*"]"#))),
                       Req("iam:TagUser", context: ["aws:TagKeys": ["env", "team"]]), .allowed),
        EvaluationCase("ForAllValues:StringNotLike: one request value matches", doc(allow("iam:TagUser", "*", cond("ForAllValues:StringNotLike", "aws:TagKeys", #"["key1*"]"#))),
                       Req("iam:TagUser", context: ["aws:TagKeys": ["env", "key1-x"]]), .implicitDeny),
        EvaluationCase("ForAnyValue:StringNotEquals: one value outside allows", doc(allow("iam:TagUser", "*", cond("ForAnyValue:StringNotEquals", "aws:TagKeys", #"["env"]"#))),
                       Req("iam:TagUser", context: ["aws:TagKeys": ["env", "team"]]), .allowed),
        EvaluationCase("ForAnyValue:StringNotEquals: all values inside denies", doc(allow("iam:TagUser", "*", cond("ForAnyValue:StringNotEquals", "aws:TagKeys", #"["env", "team"]"#))),
                       Req("iam:TagUser", context: ["aws:TagKeys": ["team", "env"]]), .implicitDeny),
        EvaluationCase("ForAnyValue:StringEqualsIfExists: missing key allows", doc(allow("ec2:CreateTags", "*", cond("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", #"["env"]"#))),
                       Req("ec2:CreateTags"), .allowed),
        EvaluationCase("ForAllValues with Null false closes the vacuous hole", doc(allow("ec2:CreateTags", "*", #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}, "Null": {"aws:TagKeys": "false"}}"#)),
                       Req("ec2:CreateTags"), .implicitDeny),
    ]

    static let variableCases: [EvaluationCase] = [
        EvaluationCase("${aws:username} in Resource: own folder", doc(allow("s3:GetObject", "arn:aws:s3:::mybucket/${aws:username}/*")),
                       Req("s3:GetObject", "arn:aws:s3:::mybucket/alice/notes.txt", context: ["aws:username": ["alice"]]), .allowed),
        EvaluationCase("${aws:username} in Resource: someone else's folder", doc(allow("s3:GetObject", "arn:aws:s3:::mybucket/${aws:username}/*")),
                       Req("s3:GetObject", "arn:aws:s3:::mybucket/bob/notes.txt", context: ["aws:username": ["alice"]]), .implicitDeny),
        EvaluationCase("unresolved variable in Resource matches nothing", doc(allow("s3:GetObject", "arn:aws:s3:::mybucket/${aws:username}/*")),
                       Req("s3:GetObject", "arn:aws:s3:::mybucket//notes.txt"), .implicitDeny),
        EvaluationCase("default value used when the tag is missing", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'fallback'}/*")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/fallback/x"), .allowed),
        EvaluationCase("default value ignored when the tag is present", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'fallback'}/*")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/fallback/x", tags: ["team": "blue"]), .implicitDeny),
        EvaluationCase("variable in StringLike condition value", doc(allow("s3:ListBucket", "arn:aws:s3:::mybucket", cond("StringLike", "s3:prefix", #"["${aws:username}/*"]"#))),
                       Req("s3:ListBucket", "arn:aws:s3:::mybucket", context: ["aws:username": ["alice"], "s3:prefix": ["alice/docs"]]), .allowed),
        EvaluationCase("unresolved variable: StringEquals fails", doc(allow("s3:GetObject", "*", cond("StringEquals", "s3:prefix", #""${aws:username}""#))),
                       Req("s3:GetObject", context: ["s3:prefix": ["alice"]]), .implicitDeny),
        EvaluationCase("unresolved variable: StringNotEquals matches", doc(allow("s3:GetObject", "*", cond("StringNotEquals", "s3:prefix", #""${aws:username}""#))),
                       Req("s3:GetObject", context: ["s3:prefix": ["alice"]]), .allowed),
        EvaluationCase("Version 2008-10-17: ${...} is literal text", doc2008(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:username}")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/${aws:username}", context: ["aws:username": ["alice"]]), .allowed),
        EvaluationCase("Version 2008-10-17: no substitution", doc2008(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:username}")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/alice", context: ["aws:username": ["alice"]]), .implicitDeny),
        EvaluationCase("no Version: variables stay literal", #"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${aws:username}"}}"#,
                       Req("s3:GetObject", "arn:aws:s3:::bucket/alice", context: ["aws:username": ["alice"]]), .implicitDeny),
        EvaluationCase("${*} in StringLike matches a literal star", doc(allow("s3:GetObject", "*", cond("StringLike", "s3:prefix", #""a${*}b""#))),
                       Req("s3:GetObject", context: ["s3:prefix": ["a*b"]]), .allowed),
        EvaluationCase("${*} in StringLike is not a wildcard", doc(allow("s3:GetObject", "*", cond("StringLike", "s3:prefix", #""a${*}b""#))),
                       Req("s3:GetObject", context: ["s3:prefix": ["axxb"]]), .implicitDeny),
        EvaluationCase("${?} in Resource matches a literal question mark", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/what${?}")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/whatX"), .implicitDeny),
        EvaluationCase("${$} in StringEquals is a dollar sign", doc(allow("s3:GetObject", "*", cond("StringEquals", "s3:prefix", #""${$}5""#))),
                       Req("s3:GetObject", context: ["s3:prefix": ["$5"]]), .allowed),
        EvaluationCase("a tag value's * is literal, never a wildcard", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/x")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/red/x", tags: ["team": "*"]), .implicitDeny),
        EvaluationCase("a multi-valued key cannot be a variable", doc(allow("s3:GetObject", "*", cond("StringEquals", "s3:prefix", #""${aws:TagKeys}""#))),
                       Req("s3:GetObject", context: ["s3:prefix": ["a"], "aws:TagKeys": ["a", "b"]]), .implicitDeny),
        EvaluationCase("variable names are case-insensitive", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${AWS:UserName}")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/alice", context: ["aws:username": ["alice"]]), .allowed),
        // "Amazon S3: Allows Amazon Cognito users to access objects in their bucket".
        EvaluationCase("cognito-identity sub in Resource", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/cognito/app/${cognito-identity.amazonaws.com:sub}/*")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/cognito/app/us-east-1:1234/x", context: ["cognito-identity.amazonaws.com:sub": ["us-east-1:1234"]]), .allowed),
    ]

    @Test(arguments: setCases)
    func setOperators(_ row: EvaluationCase) throws {
        try check(row)
    }

    @Test(arguments: variableCases)
    func variables(_ row: EvaluationCase) throws {
        try check(row)
    }
}
