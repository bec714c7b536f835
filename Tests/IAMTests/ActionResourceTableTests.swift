import IAM
import Testing

/// Action and resource matching, NotAction / NotResource, and deny precedence, from the
/// IAM User Guide's Action, NotAction, Resource, NotResource and evaluation logic pages.
@Suite struct ActionResourceTableTests {
    static let cases: [EvaluationCase] = [
        EvaluationCase("actions match case-insensitively", doc(allow("DynamoDB:getitem")),
                       Req("dynamodb:GetItem"), .allowed),
        EvaluationCase("action wildcard inside the name", doc(allow("iam:*AccessKey*", "arn:aws:iam::111122223333:user/*")),
                       Req("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/Bob"), .allowed),
        EvaluationCase("action prefix wildcard does not match other verbs", doc(allow("s3:Get*")),
                       Req("s3:PutObject"), .implicitDeny),
        EvaluationCase("action ? wildcard", doc(allow("ec2:Describe?mages")),
                       Req("ec2:DescribeImages"), .allowed),
        EvaluationCase("Action * matches every action", doc(allow("*")),
                       Req("kms:Decrypt"), .allowed),
        EvaluationCase("NotAction: everything but IAM is allowed", #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}"#,
                       Req("s3:GetObject"), .allowed),
        EvaluationCase("NotAction: IAM itself is not allowed", #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}"#,
                       Req("iam:CreateUser"), .implicitDeny),
        EvaluationCase("Deny with NotAction denies everything else", policies: [
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}"#,
        ], Req("s3:GetObject"), .explicitDeny),
        EvaluationCase("Deny with NotAction spares the listed actions", policies: [
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}"#,
        ], Req("sts:GetSessionToken"), .allowed),
        EvaluationCase("resources match case-sensitively", doc(allow("iam:GetUser", "arn:aws:iam::111122223333:user/Bob")),
                       Req("iam:GetUser", "arn:aws:iam::111122223333:user/bob"), .implicitDeny),
        EvaluationCase("resource wildcard covers the path, slashes included", doc(allow("s3:GetObject", "arn:aws:s3:::mybucket/David/*")),
                       Req("s3:GetObject", "arn:aws:s3:::mybucket/David/2024/report.txt"), .allowed),
        EvaluationCase("resource ? wildcard", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/file?.txt")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/file7.txt"), .allowed),
        EvaluationCase("${?} in Resource matches a literal ?", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/what${?}")),
                       Req("s3:GetObject", "arn:aws:s3:::bucket/what?"), .allowed),
        EvaluationCase("resource wildcard in the region segment", doc(allow("dynamodb:Query", "arn:aws:dynamodb:*:111122223333:table/Product")),
                       Req("dynamodb:Query", "arn:aws:dynamodb:eu-west-1:111122223333:table/Product"), .allowed),
        EvaluationCase("a trailing * may run past segment colons", doc(allow("sqs:*", "arn:aws:sqs:*")),
                       Req("sqs:SendMessage", "arn:aws:sqs:us-east-2:111122223333:queue1"), .allowed),
        EvaluationCase("a mid-segment * stays inside its segment", doc(allow("sqs:*", "arn:aws:sqs:us*2:111122223333:queue1")),
                       Req("sqs:SendMessage", "arn:aws:sqs:us-east-1:x2:111122223333:queue1"), .implicitDeny),
        EvaluationCase("table resource does not cover its indexes", doc(allow("dynamodb:Query", "arn:aws:dynamodb:us-east-1:111122223333:table/Product")),
                       Req("dynamodb:Query", "arn:aws:dynamodb:us-east-1:111122223333:table/Product/index/ByName"), .implicitDeny),
        EvaluationCase("NotResource: other buckets allowed", #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "NotResource": ["arn:aws:s3:::secret", "arn:aws:s3:::secret/*"]}}"#,
                       Req("s3:GetObject", "arn:aws:s3:::public/x"), .allowed),
        EvaluationCase("NotResource: the excluded bucket is not", #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "NotResource": ["arn:aws:s3:::secret", "arn:aws:s3:::secret/*"]}}"#,
                       Req("s3:GetObject", "arn:aws:s3:::secret/x"), .implicitDeny),
        EvaluationCase("explicit Deny beats Allow in the same policy", doc(allow("dynamodb:*"), deny("dynamodb:DeleteTable")),
                       Req("dynamodb:DeleteTable", "arn:aws:dynamodb:us-east-1:111122223333:table/Product"), .explicitDeny),
        EvaluationCase("explicit Deny in another policy, listed last, still wins", policies: [doc(allow("dynamodb:*")), doc(deny("dynamodb:Delete*"))],
                       Req("dynamodb:DeleteItem", "arn:aws:dynamodb:us-east-1:111122223333:table/Product"), .explicitDeny),
        EvaluationCase("Deny whose condition fails leaves the Allow", doc(allow("s3:*"), deny("s3:*", "*", cond("StringEquals", "aws:PrincipalTag/status", #""suspended""#))),
                       Req("s3:GetObject", tags: ["status": "active"]), .allowed),
        EvaluationCase("no statement at all for the action is an implicit deny", doc(allow("s3:GetObject")),
                       Req("dynamodb:Scan"), .implicitDeny),
        EvaluationCase("no identity policies is an implicit deny", policies: [],
                       Req("s3:GetObject"), .implicitDeny),
    ]

    @Test(arguments: cases)
    func evaluates(_ row: EvaluationCase) throws {
        try check(row)
    }
}
