import IAM
import Testing

/// The tenant-isolation lab (dynamodb:LeadingKeys), the identity pool trust policy, and
/// the layers that cap identity policies, from the bootcamp and the DynamoDB fine-grained
/// access control examples.
@Suite struct LabScenarioTableTests {
    static let account = "111122223333"
    static let product = "arn:aws:dynamodb:us-east-1:111122223333:table/Product"
    static let order = "arn:aws:dynamodb:us-east-1:111122223333:table/Order"
    static let session = "arn:aws:sts::111122223333:assumed-role/TENANTa-TenantAdmin/CognitoIdentityCredentials"
    static let keys = "dynamodb:LeadingKeys"
    static let actions = #"["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable", "dynamodb:CreateTable"]"#

    /// The TenantAdmin policy after Lab 3 part 2: the product statement carries the condition.
    static func tenantAdmin(condition: String?) -> String {
        let conditionText = condition.map { #", "Condition": "# + $0 } ?? ""
        return doc(
            #"{"Sid": "ProductTable", "Effect": "Allow", "Action": \#(actions), "Resource": "\#(product)"\#(conditionText)}"#,
            #"{"Sid": "OrderTable", "Effect": "Allow", "Action": \#(actions), "Resource": "\#(order)", "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["TENANTa"]}}}"#
        )
    }

    static let literal = cond("ForAllValues:StringEquals", keys, #"["TENANTa"]"#)
    static let tagged = cond("ForAllValues:StringEquals", keys, #"["${aws:PrincipalTag/tenant_id}"]"#)

    static func query(_ tenants: [String], tags: [String: String] = ["tenant_id": "TENANTa"], action: String = "dynamodb:Query", table: String = product) -> Req {
        Req(action, table, context: tenants.isEmpty ? [:] : [keys: tenants], tags: tags, principal: session)
    }

    static let leadingKeyCases: [EvaluationCase] = [
        EvaluationCase("LeadingKeys: own partition allowed", tenantAdmin(condition: literal), query(["TENANTa"]), .allowed),
        EvaluationCase("LeadingKeys: tenant A reading tenant B is denied", tenantAdmin(condition: literal), query(["TENANTb"]), .implicitDeny),
        EvaluationCase("LeadingKeys: without the condition, cross-tenant reads succeed (the injection)", tenantAdmin(condition: nil), query(["TENANTb"]), .allowed),
        EvaluationCase("LeadingKeys: PrincipalTag variable, own partition", tenantAdmin(condition: tagged), query(["TENANTa"]), .allowed),
        EvaluationCase("LeadingKeys: PrincipalTag variable, other partition", tenantAdmin(condition: tagged), query(["TENANTb"]), .implicitDeny),
        EvaluationCase("LeadingKeys: PrincipalTag variable, untagged caller", tenantAdmin(condition: tagged), query(["TENANTa"], tags: [:]), .implicitDeny),
        EvaluationCase("LeadingKeys: BatchWriteItem touching both tenants", tenantAdmin(condition: literal), query(["TENANTa", "TENANTb"], action: "dynamodb:BatchWriteItem"), .implicitDeny),
        EvaluationCase("LeadingKeys: BatchGetItem on own keys only", tenantAdmin(condition: literal), query(["TENANTa", "TENANTa"], action: "dynamodb:BatchGetItem"), .allowed),
        EvaluationCase("LeadingKeys: Scan with ForAllValues is vacuously allowed", doc(allow("dynamodb:Scan", product, literal)), query([], action: "dynamodb:Scan"), .allowed),
        EvaluationCase("LeadingKeys: plain StringEquals on Scan's missing key denies", doc(allow("dynamodb:Scan", product, cond("StringEquals", keys, #""TENANTa""#))), query([], action: "dynamodb:Scan"), .implicitDeny),
        EvaluationCase("LeadingKeys: Scan is not in the TenantAdmin policy", tenantAdmin(condition: literal), query([], action: "dynamodb:Scan"), .implicitDeny),
        EvaluationCase("LeadingKeys: order statement guards the order table", tenantAdmin(condition: nil), query(["TENANTb"], table: order), .implicitDeny),
        EvaluationCase("LeadingKeys: StringLike prefix (serverless SaaS), own", doc(allow("dynamodb:Query", product, cond("ForAllValues:StringLike", keys, #"["TENANTa-*"]"#))), query(["TENANTa-42"]), .allowed),
        EvaluationCase("LeadingKeys: StringLike prefix (serverless SaaS), other", doc(allow("dynamodb:Query", product, cond("ForAllValues:StringLike", keys, #"["TENANTa-*"]"#))), query(["TENANTb-42"]), .implicitDeny),
        // "Fine-grained access control": an item per user via the web identity's id.
        EvaluationCase("LeadingKeys: Cognito identity id variable", doc(allow("dynamodb:GetItem", product, cond("ForAllValues:StringEquals", keys, #"["${cognito-identity.amazonaws.com:sub}"]"#))),
                       Req("dynamodb:GetItem", product, context: [keys: ["us-east-1:1111"], "cognito-identity.amazonaws.com:sub": ["us-east-1:1111"]], principal: session), .allowed),
    ]

    static let trust = #"""
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool-a"},
                    "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]}
    """#

    static func assume(aud: String, amr: [String], provider: String? = "cognito-identity.amazonaws.com") -> Req {
        Req("sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111122223333:role/TENANTa-TenantAdmin",
            context: ["cognito-identity.amazonaws.com:aud": [aud], "cognito-identity.amazonaws.com:amr": amr],
            principal: "us-east-1:1111", federatedProvider: provider)
    }

    static func trusting(_ name: String, _ request: Req, _ expected: Decision.Outcome) -> EvaluationCase {
        var row = EvaluationCase(name, policies: [], request, expected)
        row.resourcePolicy = trust
        row.resourceKind = .trust
        return row
    }

    static let layerCases: [EvaluationCase] = [
        trusting("trust: authenticated identity of the pool", assume(aud: "us-east-1:pool-a", amr: ["authenticated", "cognito-idp"]), .allowed),
        trusting("trust: unauthenticated identity", assume(aud: "us-east-1:pool-a", amr: ["unauthenticated"]), .implicitDeny),
        trusting("trust: identity from another pool", assume(aud: "us-east-1:pool-b", amr: ["authenticated"]), .implicitDeny),
        trusting("trust: not a federated caller", assume(aud: "us-east-1:pool-a", amr: ["authenticated"], provider: nil), .implicitDeny),
        {
            var row = EvaluationCase("permissions boundary caps the identity policy", doc(allow("dynamodb:*")), query(["TENANTa"], action: "dynamodb:DeleteTable"), .implicitDeny)
            row.boundary = doc(allow("dynamodb:Query"), allow("dynamodb:GetItem"))
            return row
        }(),
        {
            var row = EvaluationCase("permissions boundary allows what both allow", doc(allow("dynamodb:*")), query(["TENANTa"]), .allowed)
            row.boundary = doc(allow("dynamodb:Query"))
            return row
        }(),
        {
            var row = EvaluationCase("session policy narrows the role", doc(allow("dynamodb:*")), query(["TENANTb"]), .implicitDeny)
            row.session = [doc(allow("dynamodb:Query", product, literal))]
            return row
        }(),
        {
            var row = EvaluationCase("resource policy grants same-account access alone", policies: [], Req("s3:GetObject", "arn:aws:s3:::bucket/x"), .allowed)
            row.resourcePolicy = doc(#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#)
            return row
        }(),
        {
            var request = Req("s3:GetObject", "arn:aws:s3:::bucket/x", principal: "arn:aws:iam::444455556666:user/eve")
            request.resourceAccount = "111122223333"
            var row = EvaluationCase("cross-account needs the identity side too", policies: [], request, .implicitDeny)
            row.resourcePolicy = doc(#"{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#)
            return row
        }(),
    ]

    @Test(arguments: leadingKeyCases)
    func leadingKeys(_ row: EvaluationCase) throws {
        try check(row)
    }

    @Test(arguments: layerCases)
    func layers(_ row: EvaluationCase) throws {
        try check(row)
    }
}
