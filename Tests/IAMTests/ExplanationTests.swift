import IAM
import Testing

/// The text people read when access is denied, and what SimulateCustomPolicy reports.
@Suite struct ExplanationTests {
    static let product = "arn:aws:dynamodb:us-east-1:111122223333:table/Product"
    static let sessionARN = "arn:aws:sts::111122223333:assumed-role/TenantAdmin/s1"
    static let text = """
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ProductTable",
          "Effect": "Allow",
          "Action": ["dynamodb:GetItem", "dynamodb:Query"],
          "Resource": "\(product)",
          "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]}}
        },
        {"Sid": "OrderTable", "Effect": "Allow", "Action": "dynamodb:Query", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Order"},
        {"Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "*"}
      ]
    }
    """

    func decide(_ action: String, keys: [String], tags: [String: String] = ["tenant_id": "TENANTa"]) throws -> Decision {
        let policy = try PolicyDocument(Self.text, name: "TenantAdmin")
        let request = AuthorizationRequest(
            principal: .init(arn: Self.sessionARN), action: action, resource: Self.product,
            context: keys.isEmpty ? [:] : ["dynamodb:LeadingKeys": keys], principalTags: tags
        )
        return PolicyEvaluator.evaluate(request, identityPolicies: [policy])
    }

    @Test func crossTenantQueryNamesTheFailedCondition() throws {
        let decision = try decide("dynamodb:Query", keys: ["TENANTb"])
        #expect(decision.outcome == .implicitDeny)
        #expect(decision.explanation.summary == #"no identity-based policy allows dynamodb:Query: statement "ProductTable" in "TenantAdmin": ForAllValues:StringEquals dynamodb:LeadingKeys: request [TENANTb] not within [TENANTa]"#)
        #expect(decision.accessDeniedMessage == "User: \(Self.sessionARN) is not authorized to perform: dynamodb:Query on resource: \(Self.product) because no identity-based policy allows the dynamodb:Query action")
        #expect(decision.matchedStatements.isEmpty)
    }

    @Test func offendingValuesAreNamedWhenSomePass() throws {
        let decision = try decide("dynamodb:Query", keys: ["TENANTa", "TENANTb"])
        #expect(decision.explanation.nearestMiss?.firstFailedCondition?.summary
            == "ForAllValues:StringEquals dynamodb:LeadingKeys: request [TENANTa, TENANTb] not within [TENANTa]; offending: [TENANTb]")
    }

    @Test func unresolvedVariableIsShown() throws {
        let decision = try decide("dynamodb:Query", keys: ["TENANTa"], tags: [:])
        #expect(decision.explanation.nearestMiss?.firstFailedCondition?.summary
            == "ForAllValues:StringEquals dynamodb:LeadingKeys: request [TENANTa] not within [${aws:PrincipalTag/tenant_id} (unresolved)]")
    }

    @Test func allowedNamesTheStatementAndMatchedStatementsHavePositions() throws {
        let decision = try decide("dynamodb:Query", keys: ["TENANTa"])
        #expect(decision.outcome == .allowed)
        #expect(decision.explanation.summary == #"identity-based policy "TenantAdmin" allows dynamodb:Query: statement "ProductTable""#)
        #expect(decision.accessDeniedMessage.isEmpty)
        let matched = decision.matchedStatements
        #expect(matched.count == 1)
        #expect(matched.first?.policyName == "TenantAdmin")
        #expect(matched.first?.sid == "ProductTable")
        #expect(matched.first?.start == SourcePosition(line: 4, column: 5))
        #expect(matched.first?.end == SourcePosition(line: 10, column: 5))
    }

    @Test func explicitDenyNamesTheDenyStatement() throws {
        let decision = try decide("dynamodb:DeleteTable", keys: [])
        #expect(decision.outcome == .explicitDeny)
        #expect(decision.explanation.summary == #"explicit deny in identity-based policy "TenantAdmin": Statement[2] denies dynamodb:DeleteTable on \#(Self.product)"#)
        #expect(decision.denialReason == "with an explicit deny in an identity-based policy")
        #expect(decision.matchedStatements.map(\.statementIndex) == [2])
        #expect(decision.matchedStatements.first?.start == SourcePosition(line: 12, column: 5))
    }

    @Test func actionNobodyGrantsSaysSo() throws {
        let decision = try decide("dynamodb:Scan", keys: [])
        #expect(decision.explanation.summary == "no identity-based policy allows dynamodb:Scan: no statement's Action matches dynamodb:Scan")
    }

    @Test func theStatementAboutTheResourceBeatsOneGrantingTheActionElsewhere() throws {
        // A TenantUser's role: read-only on products, writes on orders. Refusing a product
        // write should name the product statement, not the order one.
        let policy = try PolicyDocument(doc(
            #"{"Sid": "ProductRead", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "\#(Self.product)"}"#,
            #"{"Sid": "OrderWrite", "Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Order"}"#,
            #"{"Sid": "Anything", "Effect": "Allow", "Action": "logs:*", "Resource": "*"}"#
        ), name: "TenantUser")
        let request = AuthorizationRequest(principal: .init(arn: Self.sessionARN), action: "dynamodb:PutItem", resource: Self.product)
        let decision = PolicyEvaluator.evaluate(request, identityPolicies: [policy])
        #expect(decision.explanation.nearestMiss?.sid == "ProductRead")
        #expect(decision.explanation.summary == #"no identity-based policy allows dynamodb:PutItem: statement "ProductRead" in "TenantUser": Action [dynamodb:GetItem, dynamodb:Query] does not match the action"#)

        // A statement on everything (`*`) that lacks the action is no nearer than one granting it elsewhere.
        let broad = try PolicyDocument(doc(
            #"{"Sid": "Anything", "Effect": "Allow", "Action": "logs:*", "Resource": "*"}"#,
            #"{"Sid": "OrderWrite", "Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Order"}"#
        ), name: "Broad")
        #expect(PolicyEvaluator.evaluate(request, identityPolicies: [broad]).explanation.nearestMiss?.sid == "OrderWrite")
    }

    @Test func resourceMissIsTheNearestMissWhenNoConditionWasReached() throws {
        let policy = try PolicyDocument(doc(#"{"Sid": "OrderTable", "Effect": "Allow", "Action": "dynamodb:Query", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Order"}"#), name: "P")
        let request = AuthorizationRequest(principal: .init(arn: Self.sessionARN), action: "dynamodb:Query", resource: Self.product)
        let decision = PolicyEvaluator.evaluate(request, identityPolicies: [policy])
        #expect(decision.explanation.summary == #"no identity-based policy allows dynamodb:Query: statement "OrderTable" in "P": Resource [arn:aws:dynamodb:us-east-1:111122223333:table/Order] does not match \#(Self.product)"#)
    }

    @Test func boundaryDenialReasonAndDescription() throws {
        let identity = try PolicyDocument(doc(allow("dynamodb:*")), name: "Admin")
        let boundary = try PolicyDocument(doc(allow("dynamodb:GetItem")), name: "Boundary")
        let request = AuthorizationRequest(principal: .init(arn: Self.sessionARN), action: "dynamodb:Query", resource: Self.product)
        let decision = PolicySet(identityPolicies: [identity], permissionsBoundary: boundary).evaluate(request)
        #expect(decision.outcome == .implicitDeny)
        #expect(decision.decidingPolicyType == .permissionsBoundary)
        #expect(decision.denialReason == "because no permissions boundary allows the dynamodb:Query action")
        #expect(decision.description == "implicitDeny: no permissions boundary allows dynamodb:Query: no statement's Action matches dynamodb:Query")
    }

    @Test func reportListsEveryStatementAndCondition() throws {
        let report = try decide("dynamodb:Query", keys: ["TENANTb"]).explanation.report
        let expected = """
        implicitDeny for dynamodb:Query on \(Self.product)
        principal: \(Self.sessionARN)
        identity-based policy "TenantAdmin":
          Statement[0] (Sid "ProductTable") Allow at 4:5: does not apply
            Action [dynamodb:GetItem, dynamodb:Query]: matches dynamodb:Query
            Resource [\(Self.product)]: matches \(Self.product)
            Condition ForAllValues:StringEquals dynamodb:LeadingKeys: request [TENANTb] not within [TENANTa] [fails]
          Statement[1] (Sid "OrderTable") Allow at 11:5: does not apply
            Action [dynamodb:Query]: matches dynamodb:Query
            Resource [arn:aws:dynamodb:us-east-1:111122223333:table/Order]: does not match \(Self.product)
          Statement[2] Deny at 12:5: does not apply
            Action [dynamodb:DeleteTable]: does not match dynamodb:Query
            Resource [*]: matches \(Self.product)
        result: no identity-based policy allows dynamodb:Query: statement "ProductTable" in "TenantAdmin": ForAllValues:StringEquals dynamodb:LeadingKeys: request [TENANTb] not within [TENANTa]
        """
        #expect(report == expected)
    }

    @Test("condition summaries", arguments: [
        (#"{"StringNotEquals": {"aws:username": ["a", "b"]}}"#, ["aws:username": ["b"]], "StringNotEquals aws:username: request [b] matches [a, b]"),
        (#"{"StringEquals": {"aws:username": "a"}}"#, [:], "StringEquals aws:username: key absent from request (needs a value matching [a])"),
        (#"{"ForAnyValue:StringLike": {"aws:TagKeys": "env*"}}"#, [:], "ForAnyValue:StringLike aws:TagKeys: key absent from request (ForAnyValue needs at least one value)"),
        (#"{"ForAnyValue:StringLike": {"aws:TagKeys": "env*"}}"#, ["aws:TagKeys": ["team"]], "ForAnyValue:StringLike aws:TagKeys: none of request [team] matches [env*]"),
        (#"{"Null": {"aws:TokenIssueTime": "true"}}"#, ["aws:TokenIssueTime": ["2024-01-01T00:00:00Z"]], "Null aws:TokenIssueTime: key present with [2024-01-01T00:00:00Z], but [true] expects it absent"),
        (#"{"NumericLessThan": {"s3:max-keys": "10"}}"#, ["s3:max-keys": ["12"]], "NumericLessThan s3:max-keys: request [12] does not match [10]"),
    ] as [(String, [String: [String]], String)])
    func conditionSummary(_ condition: String, _ context: [String: [String]], _ expected: String) throws {
        let policy = try PolicyDocument(doc(allow("s3:GetObject", "*", condition)))
        let request = AuthorizationRequest(principal: .init(arn: "arn:aws:iam::111122223333:user/u"), action: "s3:GetObject", resource: "arn:aws:s3:::b", context: AuthorizationContext(context))
        let decision = PolicyEvaluator.evaluate(request, identityPolicies: [policy])
        #expect(decision.outcome == .implicitDeny)
        #expect(decision.explanation.nearestMiss?.firstFailedCondition?.summary == expected)
    }

    @Test func explicitDenyListsTheConditionsThatHeld() throws {
        let policy = try PolicyDocument(doc(allow("s3:*"), deny("s3:*", "*", cond("Bool", "aws:SecureTransport", #""false""#))), name: "Guard")
        let request = AuthorizationRequest(principal: .init(arn: "arn:aws:iam::111122223333:user/u"), action: "s3:GetObject", resource: "arn:aws:s3:::b",
                                           context: ["aws:SecureTransport": ["false"]])
        let decision = PolicyEvaluator.evaluate(request, identityPolicies: [policy])
        #expect(decision.explanation.summary == #"explicit deny in identity-based policy "Guard": Statement[1] denies s3:GetObject on arn:aws:s3:::b when Bool aws:SecureTransport: request [false] matches [false]"#)
    }
}

/// A policy without `"Version": "2012-10-17"` leaves `${...}` as written; the explanation says so
/// wherever that text decided, so the reader looks at the Version, not at the tag.
@Suite struct LiteralVariableExplanationTests {
    static let product = ExplanationTests.product
    static let productStatement = """
        {"Sid": "ProductTable", "Effect": "Allow", "Action": "dynamodb:Query", "Resource": "\(product)",
         "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]}}}
        """
    static let note = #"(the policy has no "Version": "2012-10-17", so IAM left ${aws:PrincipalTag/tenant_id} as written)"#

    func decide(_ text: String, action: String = "dynamodb:Query", resource: String = product, keys: [String] = ["TENANTa"]) throws -> Decision {
        let policy = try PolicyDocument(text, name: "TenantAdmin")
        let request = AuthorizationRequest(
            principal: .init(arn: ExplanationTests.sessionARN), action: action, resource: resource,
            context: ["dynamodb:LeadingKeys": keys], principalTags: ["tenant_id": "TENANTa"]
        )
        return PolicyEvaluator.evaluate(request, identityPolicies: [policy])
    }

    @Test(arguments: [#"{"Statement": [\#(productStatement)]}"#, #"{"Version": "2008-10-17", "Statement": [\#(productStatement)]}"#])
    func aConditionVariableLeftAsWrittenIsSaid(_ text: String) throws {
        // The caller's own partition is refused: the condition compares the literal text.
        let decision = try decide(text)
        #expect(decision.outcome == .implicitDeny)
        #expect(decision.explanation.summary == #"no identity-based policy allows dynamodb:Query: statement "ProductTable" in "TenantAdmin": "#
            + #"ForAllValues:StringEquals dynamodb:LeadingKeys: request [TENANTa] not within [${aws:PrincipalTag/tenant_id}] "# + Self.note)
        #expect(decision.explanation.report.contains("[fails] " + Self.note), "\(decision.explanation.report)")
    }

    @Test func underTheCurrentVersionThereIsNoNote() throws {
        let decision = try decide(#"{"Version": "2012-10-17", "Statement": [\#(Self.productStatement)]}"#)
        #expect(decision.outcome == .allowed)
        let refused = try decide(#"{"Version": "2012-10-17", "Statement": [\#(Self.productStatement)]}"#, keys: ["TENANTb"])
        #expect(!refused.explanation.summary.contains("Version"), "\(refused.explanation.summary)")
        #expect(!refused.explanation.report.contains("as written"))
    }

    @Test func aResourceVariableLeftAsWrittenIsSaid() throws {
        let text = #"{"Statement": {"Effect": "Allow", "Action": "dynamodb:Query", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/${aws:PrincipalTag/tenant_id}-*"}}"#
        let decision = try decide(text, resource: "arn:aws:dynamodb:us-east-1:111122223333:table/TENANTa-Products")
        #expect(decision.outcome == .implicitDeny)
        #expect(decision.explanation.summary.hasSuffix(
            "Resource [arn:aws:dynamodb:us-east-1:111122223333:table/${aws:PrincipalTag/tenant_id}-*] does not match "
                + "arn:aws:dynamodb:us-east-1:111122223333:table/TENANTa-Products " + Self.note), "\(decision.explanation.summary)")
    }

    @Test func aStatementThatFailedForAnotherReasonHasNoNote() throws {
        // The action is not granted at all: the variable is beside the point.
        let decision = try decide(#"{"Statement": [\#(Self.productStatement)]}"#, action: "dynamodb:Scan")
        #expect(decision.explanation.summary == "no identity-based policy allows dynamodb:Scan: no statement's Action matches dynamodb:Scan")
        // Text that only looks like a variable, or an escape, is not one.
        let plain = try decide(#"{"Statement": {"Effect": "Allow", "Action": "dynamodb:Query", "Resource": "\#(Self.product)", "Condition": {"StringEquals": {"aws:username": ["${notavariable}", "${*}"]}}}}"#)
        #expect(!plain.explanation.summary.contains("as written"), "\(plain.explanation.summary)")
    }

    @Test func aDenyAndAnAllowTheVariableDecidedSaySo() throws {
        // A guard meant to deny other tenants' partitions denies every partition instead.
        let guardText = #"{"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*", "Condition": {"ForAnyValue:StringNotEquals": {"dynamodb:LeadingKeys": "${aws:PrincipalTag/tenant_id}"}}}"#
        let allowAll = #"{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}"#
        let denied = try decide(#"{"Statement": [\#(allowAll), \#(guardText)]}"#)
        #expect(denied.outcome == .explicitDeny)
        #expect(denied.explanation.summary.hasSuffix(Self.note), "\(denied.explanation.summary)")

        // A guard meant to deny another tenant's partition lets it through: the allow says why.
        let inverted = #"{"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"dynamodb:LeadingKeys": "${aws:PrincipalTag/other}"}}}"#
        let allowed = try decide(#"{"Statement": [\#(allowAll), \#(inverted)]}"#, keys: ["${aws:PrincipalTag/otherx}"])
        #expect(allowed.outcome == .allowed)
        #expect(allowed.explanation.summary == #"identity-based policy "TenantAdmin" allows dynamodb:Query: Statement[0]; Statement[1] in "TenantAdmin" does not deny it: "#
            + #"ForAnyValue:StringEquals dynamodb:LeadingKeys: none of request [${aws:PrincipalTag/otherx}] matches [${aws:PrincipalTag/other}] "#
            + #"(the policy has no "Version": "2012-10-17", so IAM left ${aws:PrincipalTag/other} as written)"#, "\(allowed.explanation.summary)")
    }
}

/// The explanation re-traces the evaluation; it must agree with the decision on every row.
@Suite struct ExplanationConsistencyTests {
    static let allRows: [EvaluationCase] = StringConditionTableTests.cases + TypedConditionTableTests.cases
        + SetAndVariableTableTests.setCases + SetAndVariableTableTests.variableCases
        + ActionResourceTableTests.cases + LabScenarioTableTests.leadingKeyCases + LabScenarioTableTests.layerCases

    @Test func thereAreAtLeastEightyRows() {
        #expect(Self.allRows.count >= 80)
        #expect(Set(Self.allRows.map(\.name)).count == Self.allRows.count, "row names are unique")
    }

    @Test(arguments: allRows)
    func explanationAgreesWithDecision(_ row: EvaluationCase) throws {
        let decision = try row.decide()
        let explanation = decision.explanation
        let matched = explanation.matchedStatements
        switch decision.outcome {
        case .allowed:
            #expect(!matched.isEmpty)
            #expect(explanation.statements.filter(\.applies).allSatisfy { $0.effect == .allow })
        case .explicitDeny:
            #expect(!matched.isEmpty)
            #expect(explanation.statements.contains { $0.applies && $0.effect == .deny })
        case .implicitDeny:
            #expect(matched.isEmpty)
            #expect(!explanation.statements.contains { $0.applies && $0.effect == .deny })
            #expect(explanation.summary.hasPrefix("no \(decision.decidingPolicyType.phrase) allows \(row.request.action)"))
            #expect(decision.accessDeniedMessage.hasSuffix("because no \(decision.decidingPolicyType.phrase) allows the \(row.request.action) action"))
        }
        #expect(explanation.report.hasSuffix("result: " + explanation.summary))
    }
}
