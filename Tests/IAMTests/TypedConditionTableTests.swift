import IAM
import Testing

/// Numeric, Date, Bool, Binary, IpAddress, ARN and Null operators, from the IAM User Guide's
/// condition operator page and the global condition key examples.
@Suite struct TypedConditionTableTests {
    static let tokenTime = "aws:TokenIssueTime"

    static let cases: [EvaluationCase] = [
        // {"NumericLessThanEquals": {"s3:max-keys": "10"}}
        EvaluationCase("NumericLessThanEquals: equal allows", doc(allow("s3:ListBucket", "*", cond("NumericLessThanEquals", "s3:max-keys", #""10""#))),
                       Req("s3:ListBucket", context: ["s3:max-keys": ["10"]]), .allowed),
        EvaluationCase("NumericLessThanEquals: greater denies", doc(allow("s3:ListBucket", "*", cond("NumericLessThanEquals", "s3:max-keys", #""10""#))),
                       Req("s3:ListBucket", context: ["s3:max-keys": ["11"]]), .implicitDeny),
        EvaluationCase("NumericLessThan: equal denies", doc(allow("s3:ListBucket", "*", cond("NumericLessThan", "s3:max-keys", "10"))),
                       Req("s3:ListBucket", context: ["s3:max-keys": ["10"]]), .implicitDeny),
        EvaluationCase("NumericGreaterThan: decimals compare by value", doc(allow("s3:ListBucket", "*", cond("NumericGreaterThan", "s3:max-keys", #""2.5""#))),
                       Req("s3:ListBucket", context: ["s3:max-keys": ["2.50001"]]), .allowed),
        EvaluationCase("NumericEquals: 10 equals 10.0", doc(allow("s3:ListBucket", "*", cond("NumericEquals", "s3:max-keys", #""10""#))),
                       Req("s3:ListBucket", context: ["s3:max-keys": ["10.0"]]), .allowed),
        EvaluationCase("NumericGreaterThanEquals: JSON number policy value", doc(allow("s3:ListBucket", "*", cond("NumericGreaterThanEquals", "s3:max-keys", "5"))),
                       Req("s3:ListBucket", context: ["s3:max-keys": ["5"]]), .allowed),
        EvaluationCase("NumericNotEquals: different value allows", doc(allow("s3:ListBucket", "*", cond("NumericNotEquals", "s3:max-keys", #""10""#))),
                       Req("s3:ListBucket", context: ["s3:max-keys": ["11"]]), .allowed),
        EvaluationCase("NumericNotEquals: missing key is true", doc(allow("s3:ListBucket", "*", cond("NumericNotEquals", "s3:max-keys", #""10""#))),
                       Req("s3:ListBucket"), .allowed),
        EvaluationCase("Numeric: non-numeric request value never matches", doc(allow("s3:ListBucket", "*", cond("NumericLessThan", "s3:max-keys", #""10""#))),
                       Req("s3:ListBucket", context: ["s3:max-keys": ["ten"]]), .implicitDeny),
        EvaluationCase("NumericLessThanIfExists: missing key allows", doc(allow("s3:ListBucket", "*", cond("NumericLessThanIfExists", "s3:max-keys", #""10""#))),
                       Req("s3:ListBucket"), .allowed),
        // {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}
        EvaluationCase("DateGreaterThan: later token allows", doc(allow("iam:*AccessKey*", "*", cond("DateGreaterThan", tokenTime, #""2020-01-01T00:00:01Z""#))),
                       Req("iam:ListAccessKeys", context: [tokenTime: ["2020-06-30T08:00:00Z"]]), .allowed),
        EvaluationCase("DateGreaterThan: long-term keys (no token time) deny", doc(allow("iam:*AccessKey*", "*", cond("DateGreaterThan", tokenTime, #""2020-01-01T00:00:01Z""#))),
                       Req("iam:ListAccessKeys"), .implicitDeny),
        EvaluationCase("DateLessThan: date-only policy value is midnight UTC", doc(allow("s3:GetObject", "*", cond("DateLessThan", "aws:CurrentTime", #""2020-01-01""#))),
                       Req("s3:GetObject", time: date("2019-12-31T23:59:59Z")), .allowed),
        EvaluationCase("DateLessThan: at the instant denies", doc(allow("s3:GetObject", "*", cond("DateLessThan", "aws:CurrentTime", #""2020-01-01T00:00:00Z""#))),
                       Req("s3:GetObject", time: date("2020-01-01T00:00:00Z")), .implicitDeny),
        EvaluationCase("DateEquals: epoch policy value equals ISO request value", doc(allow("s3:GetObject", "*", cond("DateEquals", "aws:CurrentTime", #""1577836800""#))),
                       Req("s3:GetObject", time: date("2020-01-01T00:00:00Z")), .allowed),
        EvaluationCase("DateGreaterThanEquals: zone offsets are honoured", doc(allow("s3:GetObject", "*", cond("DateGreaterThanEquals", "aws:CurrentTime", #""2020-01-01T02:00:00+02:00""#))),
                       Req("s3:GetObject", time: date("2020-01-01T00:00:00Z")), .allowed),
        EvaluationCase("DateLessThan on aws:EpochTime", doc(allow("s3:GetObject", "*", cond("DateLessThan", "aws:EpochTime", "1600000000"))),
                       Req("s3:GetObject", time: date("2020-01-01T00:00:00Z")), .allowed),
        EvaluationCase("DateNotEquals: other instant allows", doc(allow("s3:GetObject", "*", cond("DateNotEquals", "aws:CurrentTime", #""2020-01-01T00:00:00Z""#))),
                       Req("s3:GetObject", time: date("2021-01-01T00:00:00Z")), .allowed),
        // BooleanExample: deny all S3 when aws:SecureTransport is false.
        EvaluationCase("Bool: Deny without TLS", policies: [doc(allow("s3:*"), deny("s3:*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*", cond("Bool", "aws:SecureTransport", #""false""#)))],
                       Req("s3:GetObject", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/a", context: ["aws:SecureTransport": ["false"]]), .explicitDeny),
        EvaluationCase("Bool: no Deny over TLS", policies: [doc(allow("s3:*"), deny("s3:*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*", cond("Bool", "aws:SecureTransport", #""false""#)))],
                       Req("s3:GetObject", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/a", context: ["aws:SecureTransport": ["true"]]), .allowed),
        EvaluationCase("Bool: JSON true matches \"TRUE\"", doc(allow("s3:GetObject", "*", cond("Bool", "aws:MultiFactorAuthPresent", "true"))),
                       Req("s3:GetObject", context: ["aws:MultiFactorAuthPresent": ["TRUE"]]), .allowed),
        EvaluationCase("BoolIfExists: Deny when MFA key is missing", policies: [doc(allow("ec2:*"), deny("ec2:StopInstances", "*", cond("BoolIfExists", "aws:MultiFactorAuthPresent", #""false""#)))],
                       Req("ec2:StopInstances"), .explicitDeny),
        EvaluationCase("BinaryEquals: same bytes allow", doc(allow("s3:GetObject", "*", cond("BinaryEquals", "s3:x-amz-meta-blob", #""QmluYXJ5VmFsdWVJbkJhc2U2NA==""#))),
                       Req("s3:GetObject", context: ["s3:x-amz-meta-blob": ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="]]), .allowed),
        EvaluationCase("BinaryEquals: other bytes deny", doc(allow("s3:GetObject", "*", cond("BinaryEquals", "s3:x-amz-meta-blob", #""QmluYXJ5VmFsdWVJbkJhc2U2NA==""#))),
                       Req("s3:GetObject", context: ["s3:x-amz-meta-blob": ["b3RoZXI="]]), .implicitDeny),
        // {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
        EvaluationCase("IpAddress: inside the range allows", doc(allow("iam:*AccessKey*", "*", cond("IpAddress", "aws:SourceIp", #""203.0.113.0/24""#))),
                       Req("iam:CreateAccessKey", context: ["aws:SourceIp": ["203.0.113.42"]]), .allowed),
        EvaluationCase("IpAddress: outside the range denies", doc(allow("iam:*AccessKey*", "*", cond("IpAddress", "aws:SourceIp", #""203.0.113.0/24""#))),
                       Req("iam:CreateAccessKey", context: ["aws:SourceIp": ["203.0.114.1"]]), .implicitDeny),
        EvaluationCase("IpAddress: IPv6 range", doc(allow("someservice:*", "*", cond("IpAddress", "aws:SourceIp", #"["203.0.113.0/24", "2001:DB8:1234:5678::/64"]"#))),
                       Req("someservice:Do", context: ["aws:SourceIp": ["2001:db8:1234:5678::1"]]), .allowed),
        EvaluationCase("NotIpAddress: Deny from outside the range", policies: [doc(allow("*"), deny("*", "*", cond("NotIpAddress", "aws:SourceIp", #"["192.0.2.0/24", "203.0.113.0/24"]"#)))],
                       Req("s3:GetObject", context: ["aws:SourceIp": ["198.51.100.7"]]), .explicitDeny),
        // {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:REGION:123456789012:TOPIC-ID"}}
        EvaluationCase("ArnEquals: same ARN allows", doc(allow("sqs:SendMessage", "*", cond("ArnEquals", "aws:SourceArn", #""arn:aws:sns:us-east-2:123456789012:topic""#))),
                       Req("sqs:SendMessage", context: ["aws:SourceArn": ["arn:aws:sns:us-east-2:123456789012:topic"]]), .allowed),
        EvaluationCase("ArnLike: wildcard region segment", doc(allow("sqs:SendMessage", "*", cond("ArnLike", "aws:SourceArn", #""arn:aws:sns:*:123456789012:topic""#))),
                       Req("sqs:SendMessage", context: ["aws:SourceArn": ["arn:aws:sns:eu-west-1:123456789012:topic"]]), .allowed),
        // The operator page's example: ArnLike matches per segment, StringLike across colons.
        EvaluationCase("ArnLike: a segment wildcard does not span colons", doc(allow("someservice:Get", "*", cond("ArnLike", "aws:SourceArn", #""arn:aws:someservice:*:111122223333:finance/*""#))),
                       Req("someservice:Get", context: ["aws:SourceArn": ["arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"]]), .implicitDeny),
        EvaluationCase("StringLike: the same pattern spans colons", doc(allow("someservice:Get", "*", cond("StringLike", "aws:SourceArn", #""arn:aws:someservice:*:111122223333:finance/*""#))),
                       Req("someservice:Get", context: ["aws:SourceArn": ["arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"]]), .allowed),
        EvaluationCase("ArnNotLike: other ARN allows", doc(allow("sqs:SendMessage", "*", cond("ArnNotLike", "aws:SourceArn", #""arn:aws:sns:*:123456789012:*""#))),
                       Req("sqs:SendMessage", context: ["aws:SourceArn": ["arn:aws:sns:us-east-1:999999999999:topic"]]), .allowed),
        EvaluationCase("ArnNotEquals: missing key is true", doc(allow("sqs:SendMessage", "*", cond("ArnNotEquals", "aws:SourceArn", #""arn:aws:sns:us-east-1:123456789012:t""#))),
                       Req("sqs:SendMessage"), .allowed),
        EvaluationCase("ArnLike on aws:PrincipalArn of an assumed-role session", doc(allow("dynamodb:Query", "*", cond("ArnLike", "aws:PrincipalArn", #""arn:aws:iam::111122223333:role/Tenant*""#))),
                       Req("dynamodb:Query", principal: "arn:aws:sts::111122223333:assumed-role/TenantAdmin/s1"), .allowed),
        // {"Null": {"aws:TokenIssueTime": "true"}}: only long-term credentials.
        EvaluationCase("Null true: key absent allows", doc(allow("ec2:*", "*", cond("Null", tokenTime, #""true""#))),
                       Req("ec2:DescribeInstances"), .allowed),
        EvaluationCase("Null true: key present denies", doc(allow("ec2:*", "*", cond("Null", tokenTime, #""true""#))),
                       Req("ec2:DescribeInstances", context: [tokenTime: ["2024-01-01T00:00:00Z"]]), .implicitDeny),
        EvaluationCase("Null false: key present allows", doc(allow("ec2:*", "*", cond("Null", "aws:TagKeys", "false"))),
                       Req("ec2:CreateTags", context: ["aws:TagKeys": ["env"]]), .allowed),
        EvaluationCase("Null false: key absent denies", doc(allow("ec2:*", "*", cond("Null", "aws:TagKeys", "false"))),
                       Req("ec2:CreateTags"), .implicitDeny),
    ]

    @Test(arguments: cases)
    func evaluates(_ row: EvaluationCase) throws {
        try check(row)
    }
}
