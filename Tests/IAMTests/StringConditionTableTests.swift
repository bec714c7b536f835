import IAM
import Testing

/// String operators, IfExists, missing keys and how operators and keys combine, from the
/// IAM User Guide's condition operator and condition element pages.
@Suite struct StringConditionTableTests {
    static let user = "aws:username"

    static let cases: [EvaluationCase] = [
        // "Condition": {"StringEquals": {"aws:username": "johndoe"}}: users named JohnDoe are denied.
        EvaluationCase("StringEquals: exact value allows", doc(allow("s3:ListBucket", "*", cond("StringEquals", user, #""johndoe""#))),
                       Req("s3:ListBucket", context: [user: ["johndoe"]]), .allowed),
        EvaluationCase("StringEquals: case differs denies", doc(allow("s3:ListBucket", "*", cond("StringEquals", user, #""johndoe""#))),
                       Req("s3:ListBucket", context: [user: ["JohnDoe"]]), .implicitDeny),
        EvaluationCase("StringEquals: missing key denies", doc(allow("iam:*AccessKey*", "*", cond("StringEquals", "aws:PrincipalTag/job-category", #""iamuser-admin""#))),
                       Req("iam:CreateAccessKey"), .implicitDeny),
        EvaluationCase("StringEquals: principal tag allows", doc(allow("iam:*AccessKey*", "*", cond("StringEquals", "aws:PrincipalTag/job-category", #""iamuser-admin""#))),
                       Req("iam:CreateAccessKey", tags: ["job-category": "iamuser-admin"]), .allowed),
        EvaluationCase("StringEquals: several values are ORed", doc(allow("s3:GetObject", "*", cond("StringEquals", "aws:PrincipalTag/role", #"["audit", "security"]"#))),
                       Req("s3:GetObject", tags: ["role": "security"]), .allowed),
        EvaluationCase("StringNotEquals: other value allows", doc(allow("s3:GetObject", "*", cond("StringNotEquals", user, #""johndoe""#))),
                       Req("s3:GetObject", context: [user: ["alice"]]), .allowed),
        EvaluationCase("StringNotEquals: same value denies", doc(allow("s3:GetObject", "*", cond("StringNotEquals", user, #""johndoe""#))),
                       Req("s3:GetObject", context: [user: ["johndoe"]]), .implicitDeny),
        EvaluationCase("StringNotEquals: missing key is true", doc(allow("s3:GetObject", "*", cond("StringNotEquals", user, #""johndoe""#))),
                       Req("s3:GetObject"), .allowed),
        EvaluationCase("StringNotEquals: several values are NORed (one matches)", doc(allow("s3:GetObject", "*", cond("StringNotEquals", "aws:PrincipalTag/role", #"["audit", "security"]"#))),
                       Req("s3:GetObject", tags: ["role": "security"]), .implicitDeny),
        EvaluationCase("StringNotEquals: several values are NORed (none matches)", doc(allow("s3:GetObject", "*", cond("StringNotEquals", "aws:PrincipalTag/role", #"["audit", "security"]"#))),
                       Req("s3:GetObject", tags: ["role": "developer"]), .allowed),
        EvaluationCase("StringEqualsIgnoreCase: case differs allows", doc(allow("s3:GetObject", "*", cond("StringEqualsIgnoreCase", user, #""johndoe""#))),
                       Req("s3:GetObject", context: [user: ["JohnDoe"]]), .allowed),
        EvaluationCase("StringNotEqualsIgnoreCase: same value in other case denies", doc(allow("s3:GetObject", "*", cond("StringNotEqualsIgnoreCase", user, #""johndoe""#))),
                       Req("s3:GetObject", context: [user: ["JOHNDOE"]]), .implicitDeny),
        EvaluationCase("StringLike: prefix wildcard allows", doc(allow("s3:ListBucket", "*", cond("StringLike", "s3:prefix", #"["", "home/", "home/*"]"#))),
                       Req("s3:ListBucket", context: ["s3:prefix": ["home/alice/"]]), .allowed),
        EvaluationCase("StringLike: empty string value matches empty prefix", doc(allow("s3:ListBucket", "*", cond("StringLike", "s3:prefix", #"["", "home/"]"#))),
                       Req("s3:ListBucket", context: ["s3:prefix": [""]]), .allowed),
        EvaluationCase("StringLike: ? matches one character", doc(allow("ec2:RunInstances", "*", cond("StringLike", "ec2:InstanceType", #""t?.micro""#))),
                       Req("ec2:RunInstances", context: ["ec2:InstanceType": ["t2.micro"]]), .allowed),
        EvaluationCase("StringLike: ? does not match two characters", doc(allow("ec2:RunInstances", "*", cond("StringLike", "ec2:InstanceType", #""t?.micro""#))),
                       Req("ec2:RunInstances", context: ["ec2:InstanceType": ["t22.micro"]]), .implicitDeny),
        EvaluationCase("StringLike: no wildcard means whole-value match", doc(allow("s3:ListBucket", "*", cond("StringLike", "s3:prefix", #""home""#))),
                       Req("s3:ListBucket", context: ["s3:prefix": ["home/x"]]), .implicitDeny),
        EvaluationCase("StringLike: is case-sensitive", doc(allow("ec2:RunInstances", "*", cond("StringLike", "ec2:InstanceType", #""t2.*""#))),
                       Req("ec2:RunInstances", context: ["ec2:InstanceType": ["T2.micro"]]), .implicitDeny),
        EvaluationCase("StringNotLike: non-matching value allows", doc(allow("ec2:RunInstances", "*", cond("StringNotLike", "ec2:InstanceType", #"["t1.*", "m3.*"]"#))),
                       Req("ec2:RunInstances", context: ["ec2:InstanceType": ["m5.large"]]), .allowed),
        EvaluationCase("StringNotLike: matching value denies", doc(allow("ec2:RunInstances", "*", cond("StringNotLike", "ec2:InstanceType", #"["t1.*", "m3.*"]"#))),
                       Req("ec2:RunInstances", context: ["ec2:InstanceType": ["m3.medium"]]), .implicitDeny),
        EvaluationCase("StringNotLike: missing key is true", doc(allow("ec2:RunInstances", "*", cond("StringNotLike", "ec2:InstanceType", #""t1.*""#))),
                       Req("ec2:RunInstances"), .allowed),
        // THISPOLICYDOESNOTWORK vs the StringLikeIfExists fix from the IfExists section.
        EvaluationCase("StringLike: key absent for other resources denies", doc(allow("ec2:RunInstances", "*", cond("StringLike", "ec2:InstanceType", #"["t1.*", "t2.*", "m3.*"]"#))),
                       Req("ec2:RunInstances", "arn:aws:ec2:us-east-2::image/ami-1"), .implicitDeny),
        EvaluationCase("StringLikeIfExists: key absent allows", doc(allow("ec2:RunInstances", "*", cond("StringLikeIfExists", "ec2:InstanceType", #"["t1.*", "t2.*", "m3.*"]"#))),
                       Req("ec2:RunInstances", "arn:aws:ec2:us-east-2::image/ami-1"), .allowed),
        EvaluationCase("StringLikeIfExists: present and not matching denies", doc(allow("ec2:RunInstances", "*", cond("StringLikeIfExists", "ec2:InstanceType", #"["t1.*", "t2.*", "m3.*"]"#))),
                       Req("ec2:RunInstances", context: ["ec2:InstanceType": ["p4d.24xlarge"]]), .implicitDeny),
        EvaluationCase("StringEqualsIfExists: present and matching allows", doc(allow("s3:GetObject", "*", cond("StringEqualsIfExists", user, #""johndoe""#))),
                       Req("s3:GetObject", context: [user: ["johndoe"]]), .allowed),
        EvaluationCase("StringNotEqualsIfExists in a Deny: missing key still denies", policies: [
            doc(allow("s3:*"), deny("s3:PutObject", "*", cond("StringNotEqualsIfExists", "aws:PrincipalTag/team", #""storage""#))),
        ], Req("s3:PutObject"), .explicitDeny),
        EvaluationCase("condition key names are case-insensitive (policy side)", doc(allow("s3:GetObject", "*", cond("StringEquals", "AWS:UserName", #""johndoe""#))),
                       Req("s3:GetObject", context: ["aws:username": ["johndoe"]]), .allowed),
        EvaluationCase("condition key names are case-insensitive (request side)", doc(allow("s3:GetObject", "*", cond("StringEquals", "aws:PrincipalTag/dept", #""hr""#))),
                       Req("s3:GetObject", context: ["AWS:PRINCIPALTAG/DEPT": ["hr"]]), .allowed),
        EvaluationCase("two operators are ANDed: both hold", doc(allow("s3:GetObject", "*", #"{"StringEquals": {"aws:PrincipalTag/dept": "hr"}, "StringLike": {"s3:prefix": "hr/*"}}"#)),
                       Req("s3:GetObject", context: ["s3:prefix": ["hr/payroll"]], tags: ["dept": "hr"]), .allowed),
        EvaluationCase("two operators are ANDed: one fails", doc(allow("s3:GetObject", "*", #"{"StringEquals": {"aws:PrincipalTag/dept": "hr"}, "StringLike": {"s3:prefix": "hr/*"}}"#)),
                       Req("s3:GetObject", context: ["s3:prefix": ["it/x"]], tags: ["dept": "hr"]), .implicitDeny),
        EvaluationCase("two keys under one operator are ANDed", doc(allow("s3:GetObject", "*", #"{"StringEquals": {"aws:PrincipalTag/dept": "hr", "aws:PrincipalTag/role": "admin"}}"#)),
                       Req("s3:GetObject", tags: ["dept": "hr"]), .implicitDeny),
    ]

    @Test(arguments: cases)
    func evaluates(_ row: EvaluationCase) throws {
        try check(row)
    }
}
